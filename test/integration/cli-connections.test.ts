import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const TOKEN = 'imb_pat_CANARYcanary0123456789zz';

function homeEnv() {
  const home = tempDir();
  return { home, env: { BRIDGEKEEPER_HOME: home } };
}

describe('bridgekeeper connections (CLI, real keychain)', () => {
  it('prints its version and help', async () => {
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    for (const args of [
      ['--help'],
      ['connections', '--help'],
      ['connections', 'add', '--help'],
      ['connections', 'list', '--help'],
      ['connections', 'remove', '--help'],
    ]) {
      const help = await runCli(args);
      expect(help.code, args.join(' ')).toBe(0);
      expect(help.stdout).toMatch(/Usage: bridgekeeper/);
    }
  });

  it('adds from stdin, lists masked (table and --json) and removes, wiping the keychain entry', async () => {
    const { home, env } = homeEnv();
    const added = await runCli(
      ['connections', 'add', 'imboard', '--label', 'Board Bot', '--token-stdin', '--offline'],
      { env, input: `${TOKEN}\n` },
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/Connected I'mBoard 'Board Bot'/);

    const list = await runCli(['connections', 'list'], { env });
    expect(list.stdout).toMatch(/Board Bot\s+imboard/);
    expect(list.stdout).toContain('imb_pat_…89zz');
    const json = JSON.parse((await runCli(['connections', 'list', '--json'], { env })).stdout);
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ label: 'Board Bot', provider: 'imboard', authKind: 'token' });

    const storeText = fs.readFileSync(path.join(home, 'connections.json'), 'utf8');
    for (const text of [added.stdout, added.stderr, list.stdout, storeText]) expect(text).not.toContain(TOKEN);

    const removed = await runCli(['connections', 'remove', 'board bot'], { env });
    expect(removed.code, removed.stderr).toBe(0);
    expect((await runCli(['connections', 'list', '--json'], { env })).stdout.trim()).toBe('[]');
    // Re-adding under the same label works and the old keychain entry is gone (proved by the keychain tests);
    // here we prove removal does not leave the label reserved.
    const again = await runCli(
      ['connections', 'add', 'imboard', '--label', 'Board Bot', '--token-stdin', '--offline'],
      { env, input: TOKEN },
    );
    expect(again.code).toBe(0);
  });

  it.each([
    [['connections', 'add', 'nosuch', '--label', 'x', '--token-stdin'], TOKEN, /Unknown service 'nosuch'/],
    [['connections', 'add', 'imboard', '--label', 'x', '--token-stdin', '--offline'], '   \n', /token is empty/],
    [
      ['connections', 'add', 'imboard', '--label', 'x', '--token-stdin', '--offline'],
      'imb_pat_abc def',
      /spaces or line breaks/,
    ],
    [
      ['connections', 'add', 'imboard', '--label', 'x', '--region', 'mars', '--token-stdin', '--offline'],
      TOKEN,
      /Invalid --region/,
    ],
    [
      [
        'connections',
        'add',
        'imboard',
        '--label',
        'x',
        '--base-url',
        'http://example.com',
        '--token-stdin',
        '--offline',
      ],
      TOKEN,
      /only HTTPS/,
    ],
    [['connections', 'add', 'imboard', '--token-stdin'], TOKEN, /required option '--label/],
    [['connections', 'remove', 'ghost'], '', /No connection has the id or label 'ghost'/],
    [
      [
        'connections',
        'add',
        'session-services',
        '--label',
        'x',
        '--tenant',
        'tnt_01jqpj2t2kfv',
        '--no-token',
        '--mode',
        'mcp',
      ],
      '',
      /has no MCP server/,
    ],
    [
      ['connections', 'add', 'imboard', '--label', 'x', '--mode', 'rest', '--token-stdin', '--offline'],
      TOKEN,
      /Invalid --mode/,
    ],
  ])('refuses bad input with one line and a non-zero exit: %j', async (args, input, message) => {
    const { env } = homeEnv();
    const result = await runCli(args, { env, input });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(
      result.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('(run with --help')).length,
    ).toBe(1);
    expect(result.stdout).toBe('');
  });

  it('adds an OAuth connection without a token and says how to sign in', async () => {
    const { home, env } = homeEnv();
    const added = await runCli(
      ['connections', 'add', 'sessions-website', '--label', 'Studio MCP', '--handle', 'studio', '--oauth'],
      { env },
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/bridgekeeper login "Studio MCP"/);
    const [saved] = JSON.parse(fs.readFileSync(path.join(home, 'connections.json'), 'utf8')).connections;
    expect(saved).toMatchObject({ authKind: 'oauth', metadata: { mode: 'mcp', handle: 'studio' } });
    const removed = await runCli(['connections', 'remove', 'Studio MCP'], { env });
    expect(removed.code, removed.stderr).toBe(0);
  });

  it('refuses a duplicate label', async () => {
    const { env } = homeEnv();
    await runCli(['connections', 'add', 'imboard', '--label', 'Dup', '--token-stdin', '--offline'], {
      env,
      input: TOKEN,
    });
    const second = await runCli(['connections', 'add', 'imboard', '--label', 'dup', '--token-stdin', '--offline'], {
      env,
      input: TOKEN,
    });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/already exists/);
  });

  it('refuses a token whose prefix belongs to another service unless --force', async () => {
    const { env } = homeEnv();
    const wrong = await runCli(
      ['connections', 'add', 'sessions-website', '--label', 'Wrong', '--handle', 'acme', '--token-stdin', '--offline'],
      { env, input: 'imb_bat_0123456789abcdefghij' },
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--force/);
  });

  it('without a token on a non-terminal stdin, says how to pass one instead of reading argv', async () => {
    const { env } = homeEnv();
    const result = await runCli(['connections', 'add', 'imboard', '--label', 'NoTok', '--offline'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--token-stdin/);
  });

  it('exits 4 with the keychain message, saving nothing, when no keychain is reachable', async () => {
    const { home, env } = homeEnv();
    const result = await runCli(
      ['connections', 'add', 'imboard', '--label', 'NoKeychain', '--token-stdin', '--offline'],
      {
        env: { ...env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' },
        input: TOKEN,
      },
    );
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/system keychain is not available/);
    expect(result.stderr).not.toContain(TOKEN);
    const file = path.join(home, 'connections.json');
    const saved = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).connections : [];
    expect(saved).toEqual([]);
  });
});
