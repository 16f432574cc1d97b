import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, tempDir } from '../helpers/cli.js';

const TOKEN = 'imb_pat_TTYsecret0123456789abcd';

/** Runs the CLI under a real pseudo-terminal (util-linux `script`), typing `typed` once `prompt` appears. */
function runInTerminal(
  args: string[],
  env: NodeJS.ProcessEnv,
  prompt: RegExp,
  typed: string,
): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, cliPath, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    let typedYet = false;
    const onData = (d: Buffer) => {
      screen += d.toString();
      if (!typedYet && prompt.test(screen)) {
        typedYet = true;
        child.stdin.write(typed);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

describe('hidden token prompt on a real terminal', () => {
  it('asks for the token without echoing it, and saves it', async () => {
    const home = tempDir();
    const result = await runInTerminal(
      ['connections', 'add', 'imboard', '--label', 'Typed', '--offline'],
      { BRIDGEKEEPER_HOME: home },
      /input hidden\): $/m,
      `${TOKEN}\r`,
    );
    expect(result.screen).toMatch(/I'mBoard token \(input hidden\)/);
    expect(result.screen).toMatch(/Connected I'mBoard 'Typed'/);
    expect(result.screen).not.toContain(TOKEN);
    expect(result.code).toBe(0);
    const saved = JSON.parse(fs.readFileSync(path.join(home, 'connections.json'), 'utf8'));
    expect(saved.connections[0].metadata.maskedToken).toBe('imb_pat_…abcd');
  });

  it('cancels cleanly on Ctrl-C without saving anything', async () => {
    const home = tempDir();
    const result = await runInTerminal(
      ['connections', 'add', 'imboard', '--label', 'Cancelled', '--offline'],
      { BRIDGEKEEPER_HOME: home },
      /input hidden\): $/m,
      'imb_pat_partial\u0003',
    );
    expect(result.screen).toMatch(/Cancelled\./);
    expect(result.screen).not.toContain('imb_pat_partial');
    expect(result.code).not.toBe(0);
    const file = path.join(home, 'connections.json');
    expect(fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).connections : []).toEqual([]);
  });
});
