import { spawn } from 'node:child_process';
import { cliPath } from './cli.js';

/**
 * Runs the CLI under a real pseudo-terminal (util-linux `script`), typing `typed` once `prompt` appears on the
 * screen. Resolves with the exit code and everything the terminal showed.
 */
export function runCliInTerminal(
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
