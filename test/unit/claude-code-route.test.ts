import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../../shared/errors.js';
import { ASSISTANTS, configLocation } from '../../shared/install/assistant-configs.js';
import { assistantStatus } from '../../shared/install/assistant-status.js';
import {
  claudeCommandLine,
  claudeMcpAddArgs,
  connectClaudeCode,
  disconnectClaudeCode,
  findClaudeCli,
} from '../../shared/install/claude-code-route.js';
import { installAssistant } from '../../shared/install/install-assistant.js';

// There is no real Claude Code here. Two kinds of test, side by side:
// - the real config file outcome: ~/.claude.json and a project's .mcp.json in the shapes Claude Code documents and
//   writes, read by the real detection, and never edited by Bridgekeeper on this route;
// - a unit with a fake `claude` executable that only records its argv, cwd and HOME: the exact command Bridgekeeper
//   runs (it does not pretend to be Claude Code and writes no config).
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
const temp = (name: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bk-claude-${name}-`));
  dirs.push(dir);
  return dir;
};

const launch = {
  command: '/opt/My Tools/node',
  args: ['/opt/bk/bin/bridgekeeper.js', 'mcp'],
  env: { BRIDGEKEEPER_HOME: '/data/bk home' },
};
/** What Claude Code's entry starts: the gateway for the connections chosen for Claude Code. */
const claudeLaunch = { ...launch, args: [...launch.args, '--assistant', 'claude-code'] };

/** A fake `claude` that appends one JSON line per run (argv, cwd, HOME) to <dir>/calls.jsonl and exits with `code`. */
function fakeClaude(code = 0): { cli: string; calls: () => Array<{ argv: string[]; cwd: string; home: string }> } {
  const dir = temp('bin');
  const log = path.join(dir, 'calls.jsonl');
  const cli = path.join(dir, 'claude');
  fs.writeFileSync(
    cli,
    `#!${process.execPath}\nrequire('node:fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), home: process.env.HOME }) + '\\n');\n${code ? `process.stderr.write('MCP server bridgekeeper already exists in user config');\n` : ''}process.exit(${code});\n`,
    { mode: 0o755 },
  );
  return {
    cli,
    calls: () =>
      fs.existsSync(log)
        ? fs
            .readFileSync(log, 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as { argv: string[]; cwd: string; home: string })
        : [],
  };
}

/** ~/.claude.json as Claude Code writes it after `claude mcp add --scope user` (type stdio, command, args, env). */
function claudeJson(home: string, value: unknown): string {
  const file = path.join(home, '.claude.json');
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  return file;
}

describe("Claude Code's documented route", () => {
  it('builds `claude mcp add` with the name before --env and -- before the gateway command, quoted for the shell', () => {
    const args = claudeMcpAddArgs(launch);
    expect(args).toEqual([
      'mcp',
      'add',
      '--transport',
      'stdio',
      '--scope',
      'user',
      'bridgekeeper',
      '--env',
      'BRIDGEKEEPER_HOME=/data/bk home',
      '--',
      '/opt/My Tools/node',
      '/opt/bk/bin/bridgekeeper.js',
      'mcp',
    ]);
    expect(claudeCommandLine(args, 'linux')).toBe(
      "claude mcp add --transport stdio --scope user bridgekeeper --env 'BRIDGEKEEPER_HOME=/data/bk home' -- '/opt/My Tools/node' /opt/bk/bin/bridgekeeper.js mcp",
    );
    expect(claudeCommandLine(['mcp', 'add', '--', 'C:\\Program Files\\BK\\bk.exe'], 'win32')).toBe(
      'claude mcp add -- "C:\\Program Files\\BK\\bk.exe"',
    );
    expect(claudeCommandLine(['x', "it's"], 'linux')).toBe("claude x 'it'\\''s'");
  });

  it('finds claude on PATH, or in the folders Claude Code installs to; not elsewhere', () => {
    const { cli } = fakeClaude();
    const home = temp('home');
    expect(findClaudeCli({ PATH: path.dirname(cli) }, 'linux', home)).toBe(cli);
    expect(findClaudeCli({ PATH: '' }, 'linux', home)).toBeUndefined();
    fs.mkdirSync(path.join(home, '.local', 'bin'), { recursive: true });
    fs.copyFileSync(cli, path.join(home, '.local', 'bin', 'claude'));
    fs.chmodSync(path.join(home, '.local', 'bin', 'claude'), 0o755);
    expect(findClaudeCli({ PATH: '' }, 'linux', home)).toBe(path.join(home, '.local', 'bin', 'claude'));
  });

  it('with the CLI: runs exactly `claude mcp add --scope user …` with HOME set, and writes no config itself (unit, fake claude)', async () => {
    const home = temp('home');
    const fake = fakeClaude();
    const result = await connectClaudeCode({ launch, home, cli: fake.cli, platform: 'linux' });
    expect(result).toMatchObject({ route: 'cli', changed: true, path: path.join(home, '.claude.json') });
    expect(fake.calls()).toEqual([{ argv: claudeMcpAddArgs(claudeLaunch), cwd: expect.any(String), home }]);
    expect(fs.existsSync(path.join(home, '.claude.json'))).toBe(false); // Bridgekeeper did not hand-edit it
  });

  it('with the CLI and an outdated entry: removes it first (add refuses an existing name), then adds (unit, fake claude)', async () => {
    const home = temp('home');
    const file = claudeJson(home, {
      mcpServers: { bridgekeeper: { type: 'stdio', command: '/old/node', args: ['/old/bk.js', 'mcp'] } },
    });
    const before = fs.readFileSync(file, 'utf8');
    const fake = fakeClaude();
    await connectClaudeCode({ launch, home, cli: fake.cli, platform: 'linux' });
    expect(fake.calls().map((c) => c.argv)).toEqual([
      ['mcp', 'remove', '--scope', 'user', 'bridgekeeper'],
      claudeMcpAddArgs(claudeLaunch),
    ]);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('a failing CLI becomes an error that says what Claude Code said and gives the command to run by hand', async () => {
    const home = temp('home');
    const fake = fakeClaude(1);
    const error = await connectClaudeCode({ launch, home, cli: fake.cli, platform: 'linux' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain('already exists in user config');
    expect((error as InputError).hint).toContain('claude mcp add --transport stdio --scope user bridgekeeper');
  });

  it('real config outcome: an entry as Claude Code writes it at user scope reads as connected, and connecting again runs nothing', async () => {
    const home = temp('home');
    const file = claudeJson(home, {
      numStartups: 12,
      projects: { '/work/site': { mcpServers: {}, allowedTools: [] } },
      mcpServers: {
        files: { type: 'stdio', command: 'files-mcp', args: [] },
        bridgekeeper: { type: 'stdio', command: launch.command, args: claudeLaunch.args, env: launch.env },
      },
    });
    expect(assistantStatus('claude-code', { home })).toMatchObject({
      configured: true,
      command: launch.command,
      where: 'for every project (user scope)',
      path: file,
    });
    const fake = fakeClaude();
    expect(await connectClaudeCode({ launch, home, cli: fake.cli, platform: 'linux' })).toMatchObject({
      changed: false,
    });
    expect(fake.calls()).toEqual([]);
  });

  it("follows CLAUDE_CONFIG_DIR, where Claude Code then keeps .claude.json, for the person's own home only", () => {
    const moved = temp('config-dir');
    expect(configLocation({}, { CLAUDE_CONFIG_DIR: moved })).toMatchObject({ claudeConfigDir: moved });
    expect(ASSISTANTS['claude-code'].configPath(configLocation({}, { CLAUDE_CONFIG_DIR: moved }))).toBe(
      path.join(moved, '.claude.json'),
    );
    // A given or test home is never redirected to the person's Claude Code files.
    expect(configLocation({ home: '/h' }, { CLAUDE_CONFIG_DIR: moved }).claudeConfigDir).toBeUndefined();
    expect(
      configLocation({}, { CLAUDE_CONFIG_DIR: moved, BRIDGEKEEPER_INSTALL_HOME: '/h' }).claudeConfigDir,
    ).toBeUndefined();

    // Detection (no home given) reads the moved file.
    const file = claudeJson(moved, {
      mcpServers: { bridgekeeper: { type: 'stdio', command: launch.command, args: claudeLaunch.args } },
    });
    vi.stubEnv('BRIDGEKEEPER_INSTALL_HOME', undefined);
    vi.stubEnv('CLAUDE_CONFIG_DIR', moved);
    try {
      expect(assistantStatus('claude-code')).toMatchObject({ configured: true, path: file });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('real config outcome: without the CLI nothing is written (the command is returned), and the file stays byte for byte', async () => {
    const home = temp('home');
    const file = claudeJson(home, { mcpServers: { files: { type: 'stdio', command: 'files-mcp', args: [] } } });
    const before = fs.readFileSync(file, 'utf8');
    const result = await connectClaudeCode({ launch, home, cli: null, platform: 'linux' });
    expect(result).toEqual({
      route: 'command',
      changed: false,
      path: file,
      command: claudeCommandLine(claudeMcpAddArgs(claudeLaunch), 'linux'),
    });
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(fs.readdirSync(home)).toEqual(['.claude.json']); // no backup, no temp file
    expect(assistantStatus('claude-code', { home }).configured).toBe(false);
  });

  it("real config outcome: the project route's .mcp.json (the snippet) has Claude Code's project shape", () => {
    const home = temp('home');
    const project = temp('project');
    const { snippet } = installAssistant('claude-code', { home, platform: 'linux', launch, print: true });
    fs.writeFileSync(path.join(project, '.mcp.json'), snippet);
    expect(JSON.parse(fs.readFileSync(path.join(project, '.mcp.json'), 'utf8'))).toEqual({
      mcpServers: {
        bridgekeeper: { type: 'stdio', command: launch.command, args: claudeLaunch.args, env: launch.env },
      },
    });
    expect(fs.existsSync(path.join(home, '.claude.json'))).toBe(false);
  });

  it('disconnect: detects user and local scopes; with the CLI removes each (local ones run in their folder), without it gives the commands', async () => {
    const home = temp('home');
    const project = temp('project');
    const file = claudeJson(home, {
      projects: { [project]: { mcpServers: { bridgekeeper: { type: 'stdio', command: 'bk', args: ['mcp'] } } } },
    });
    const before = fs.readFileSync(file, 'utf8');
    expect(assistantStatus('claude-code', { home })).toMatchObject({
      configured: true,
      where: `only in ${project} (local scope)`,
    });

    const without = await disconnectClaudeCode({ home, cli: null, platform: 'linux' });
    expect(without).toMatchObject({ route: 'command', changed: false });
    expect(without.command).toBe(`cd ${project} && claude mcp remove --scope local bridgekeeper`);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);

    claudeJson(home, {
      ...JSON.parse(before),
      mcpServers: { bridgekeeper: { type: 'stdio', command: 'bk', args: ['mcp'] } },
    });
    const fake = fakeClaude();
    const result = await disconnectClaudeCode({ home, cli: fake.cli, platform: 'linux' });
    expect(result).toMatchObject({ route: 'cli', changed: true });
    expect(fake.calls()).toEqual([
      { argv: ['mcp', 'remove', '--scope', 'user', 'bridgekeeper'], cwd: expect.any(String), home },
      { argv: ['mcp', 'remove', '--scope', 'local', 'bridgekeeper'], cwd: fs.realpathSync(project), home },
    ]);
    const none = temp('home');
    expect(await disconnectClaudeCode({ home: none, cli: fake.cli, platform: 'linux' })).toMatchObject({
      changed: false,
    });
    expect(fake.calls()).toHaveLength(2);
  });
});
