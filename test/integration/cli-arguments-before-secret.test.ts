import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { runCliInTerminal } from '../helpers/terminal.js';

const TOKEN = 'imb_pat_BeforeSecret0123456789ab';
const PROMPT = /input hidden\): $/m;

/**
 * Under a real pseudo-terminal, where the CLI would ask for the token at a hidden prompt: every argument it can check
 * without the token is checked first, so a typo is reported before anyone pastes a secret.
 */
describe('the CLI checks every argument before asking for a secret', () => {
  const home = tempDir();
  const env = { BRIDGEKEEPER_HOME: home };
  beforeAll(async () => {
    const added = await runCli(['connections', 'add', 'imboard', '--label', 'Board', '--token-stdin', '--offline'], {
      env,
      input: TOKEN,
    });
    expect(added.code, added.stderr).toBe(0);
    const second = await runCli(['connections', 'add', 'imboard', '--label', 'Board 2', '--token-stdin', '--offline'], {
      env,
      input: TOKEN,
    });
    expect(second.code, second.stderr).toBe(0);
  });

  it.each([
    [['connections', 'add', 'sessions-website', '--label', 'Shop'], /needs the business handle/],
    [['connections', 'add', 'session-services', '--label', 'Tickets', '--tenant', 'tnt_short'], /Invalid --tenant/],
    [['connections', 'add', 'remote-mcp', '--label', 'Tools', '--url', 'http://mcp.example.com/mcp'], /only HTTPS/],
    [['connections', 'add', 'imboard', '--label', 'Other', '--base-url', 'http://example.com'], /only HTTPS/],
    [['connections', 'add', 'imboard', '--label', 'x'.repeat(65)], /longer than 64 characters/],
    [['connections', 'add', 'imboard', '--label', 'board'], /already/],
    [['connections', 'add', 'sessionboard', '--label', 'Acme', '--region', 'mars'], /Invalid --region/],
    [['connections', 'add', 'imboard', '--label', 'Acme', '--handle', 'acme'], /--handle does not apply to I'mBoard/],
    [['connections', 'update', 'Board', '--token', '--region', 'eu'], /I'mBoard has no regions/],
    [['connections', 'update', 'Board', '--token', '--url', 'https://x.example/mcp'], /--url does not apply/],
    [['connections', 'update', 'Board', '--token', '--label', 'board 2'], /already/],
    [['connections', 'update', 'Board', '--token', '--label', 'x'.repeat(65)], /64 characters/],
    [['connections', 'update', 'Nobody', '--token'], /No connection has the id or label 'Nobody'/],
  ])('%j is refused before the prompt', async (args, expected) => {
    const result = await runCliInTerminal(args, env, PROMPT, 'never-typed\r');
    expect(result.screen).toMatch(expected);
    expect(result.screen).not.toMatch(/input hidden/);
    expect(result.code).not.toBe(0);
  });

  it('reaches the prompt when every argument is right', async () => {
    const result = await runCliInTerminal(
      ['connections', 'update', 'Board', '--token', '--offline'],
      env,
      PROMPT,
      `${TOKEN.replace('ab', 'cd')}\r`,
    );
    expect(result.screen).toMatch(/New I'mBoard token for 'Board' \(input hidden\)/);
    expect(result.screen).toMatch(/Updated 'Board' \(token\)/);
    expect(result.code).toBe(0);
  });
});
