import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { runCliInTerminal } from '../helpers/terminal.js';

const TOKEN = 'imb_pat_TTYsecret0123456789abcd';

describe('hidden token prompt on a real terminal', () => {
  it('asks for the token without echoing it, and saves it', async () => {
    const home = tempDir();
    const result = await runCliInTerminal(
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
    const result = await runCliInTerminal(
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
