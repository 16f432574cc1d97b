import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../shared/errors.js';
import { ASSISTANTS } from '../../shared/install/assistant-configs.js';
import { installAssistant } from '../../shared/install/install-assistant.js';
import { buildLaunchCommand } from '../../shared/install/launch-command.js';

const home = () => fs.mkdtempSync(path.join(os.tmpdir(), 'bk-install-'));
const launch = { command: '/opt/node/bin/node', args: ['/opt/bridgekeeper/bin/bridgekeeper.js', 'mcp'] };
/** The entry's arguments: the launch command plus the assistant it is written for. */
const argsFor = (assistant: string) => [...launch.args, '--assistant', assistant];
const vscodeFile = (h: string) => path.join(h, '.config', 'Code', 'User', 'mcp.json');
const writeAt = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};
/** Parses JSONC strictly (any error fails the test). */
const readJsonc = (text: string): unknown => {
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  expect(errors).toEqual([]);
  return value;
};

/** A VS Code user mcp.json as people keep it: line and block comments, trailing commas. */
const VSCODE_JSONC_HEAD = `// VS Code: MCP servers for every workspace
{
  /* Servers I use daily.
     Keep them sorted. */
  "servers": {
    // GitHub's hosted server
    "github": {
      "type": "http",
      "url": "https://api.githubcopilot.com/mcp/", // signs in with my GitHub account
    },`;
const VSCODE_JSONC_TAIL = `
  },
  "inputs": [], /* none yet */
}
`;
const VSCODE_JSONC = VSCODE_JSONC_HEAD + VSCODE_JSONC_TAIL;

describe('installAssistant', () => {
  it("uses each assistant's documented config file per OS", () => {
    const h = '/home/u';
    expect(ASSISTANTS['claude-desktop'].configPath({ home: h, platform: 'darwin' })).toBe(
      '/home/u/Library/Application Support/Claude/claude_desktop_config.json',
    );
    expect(ASSISTANTS['claude-desktop'].configPath({ home: h, platform: 'linux' })).toBe(
      '/home/u/.config/Claude/claude_desktop_config.json',
    );
    expect(
      ASSISTANTS['claude-desktop'].configPath({
        home: 'C:/Users/u',
        platform: 'win32',
        appData: 'C:/Users/u/AppData/Roaming',
      }),
    ).toBe(path.join('C:/Users/u/AppData/Roaming', 'Claude', 'claude_desktop_config.json'));
    expect(ASSISTANTS['claude-code'].configPath({ home: h, platform: 'linux' })).toBe('/home/u/.claude.json');
    expect(ASSISTANTS.cursor.configPath({ home: h, platform: 'darwin' })).toBe('/home/u/.cursor/mcp.json');
    expect(ASSISTANTS.vscode.configPath({ home: h, platform: 'linux' })).toBe('/home/u/.config/Code/User/mcp.json');
    expect(ASSISTANTS.vscode.serversKey).toBe('servers');
  });

  it('creates a missing config with the gateway entry and no backup', () => {
    const h = home();
    const result = installAssistant('cursor', { home: h, platform: 'linux', launch });
    expect(result).toMatchObject({ changed: true, path: path.join(h, '.cursor', 'mcp.json') });
    expect(result.backupPath).toBeUndefined();
    expect(JSON.parse(fs.readFileSync(result.path, 'utf8'))).toEqual({
      mcpServers: { bridgekeeper: { command: launch.command, args: argsFor('cursor') } },
    });
  });

  it('keeps other servers and settings, backs the old file up, and is idempotent', () => {
    const h = home();
    const file = path.join(h, '.claude.json');
    const before = {
      theme: 'dark',
      projects: { '/x': { mcpServers: {} } },
      mcpServers: { other: { type: 'stdio', command: 'other-mcp' } },
    };
    fs.writeFileSync(file, JSON.stringify(before));
    const first = installAssistant('claude-code', {
      home: h,
      platform: 'linux',
      launch,
      now: new Date('2026-01-02T03:04:05Z'),
    });
    expect(first.changed).toBe(true);
    expect(first.backupPath).toBe(`${file}.bridgekeeper-backup-2026-01-02T03-04-05-000Z`);
    expect(JSON.parse(fs.readFileSync(first.backupPath!, 'utf8'))).toEqual(before);
    const after = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(after).toMatchObject({
      theme: 'dark',
      projects: before.projects,
      mcpServers: {
        other: before.mcpServers.other,
        bridgekeeper: { type: 'stdio', command: launch.command, args: argsFor('claude-code') },
      },
    });
    const backups = () => fs.readdirSync(h).filter((f) => f.includes('backup')).length;
    const second = installAssistant('claude-code', { home: h, platform: 'linux', launch });
    expect(second.changed).toBe(false);
    expect(second.backupPath).toBeUndefined();
    expect(backups()).toBe(1);
  });

  it("writes VS Code's servers map with type stdio, and the Electron launch with ELECTRON_RUN_AS_NODE", () => {
    const h = home();
    const electron = buildLaunchCommand({
      appBinary: '/Applications/Bridgekeeper.app/Contents/MacOS/Bridgekeeper',
      cliScript: '/Applications/Bridgekeeper.app/Contents/Resources/app/bin/bridgekeeper.js',
    });
    const result = installAssistant('vscode', { home: h, platform: 'darwin', launch: electron });
    const config = JSON.parse(fs.readFileSync(result.path, 'utf8'));
    expect(config.servers.bridgekeeper).toEqual({
      type: 'stdio',
      command: electron.command,
      args: [electron.args[0], 'mcp', '--assistant', 'vscode'],
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
  });

  it('refuses a config that is broken even as JSONC and leaves it untouched', () => {
    const h = home();
    const file = path.join(h, '.cursor', 'mcp.json');
    const broken = '{\n  // my servers\n  "mcpServers": {\n    "other": { "command": "other-mcp" },\n';
    writeAt(file, broken);
    let error: unknown;
    try {
      installAssistant('cursor', { home: h, platform: 'linux', launch });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(
      /not valid JSON, even allowing comments and trailing commas \(\w+ at line \d+, column \d+\)/,
    );
    expect((error as InputError).message).toContain('did not change it');
    expect((error as InputError).hint).toContain('--print');
    expect(fs.readFileSync(file, 'utf8')).toBe(broken);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['mcp.json']);
    // The refusal points at --print, which must then work on the same file (and still write nothing).
    const printed = installAssistant('cursor', { home: h, platform: 'linux', launch, print: true });
    expect(JSON.parse(printed.snippet)).toEqual({
      mcpServers: { bridgekeeper: expect.objectContaining({ command: launch.command }) },
    });
    expect(fs.readFileSync(file, 'utf8')).toBe(broken);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['mcp.json']);
  });

  it('adds the entry to a JSONC file (comments, trailing commas), keeping every other byte, and is then a no-op', () => {
    const h = home();
    const file = vscodeFile(h);
    writeAt(file, VSCODE_JSONC);
    fs.chmodSync(file, 0o640);
    const first = installAssistant('vscode', {
      home: h,
      platform: 'linux',
      launch,
      now: new Date('2026-01-02T03:04:05Z'),
    });
    expect(first.changed).toBe(true);
    const text = fs.readFileSync(file, 'utf8');
    // Only the new entry is inserted, after the last server and before that server's trailing comma is closed off.
    expect(text).toBe(
      `${VSCODE_JSONC_HEAD.slice(0, -1)},
    "bridgekeeper": {
      "type": "stdio",
      "command": "/opt/node/bin/node",
      "args": [
        "/opt/bridgekeeper/bin/bridgekeeper.js",
        "mcp",
        "--assistant",
        "vscode"
      ]
    },${VSCODE_JSONC_TAIL}`,
    );
    expect(readJsonc(text)).toEqual({
      servers: {
        github: { type: 'http', url: 'https://api.githubcopilot.com/mcp/' },
        bridgekeeper: { type: 'stdio', command: launch.command, args: argsFor('vscode') },
      },
      inputs: [],
    });
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(first.backupPath).toBe(`${file}.bridgekeeper-backup-2026-01-02T03-04-05-000Z`);
    expect(fs.readFileSync(first.backupPath!, 'utf8')).toBe(VSCODE_JSONC);

    const second = installAssistant('vscode', { home: h, platform: 'linux', launch });
    expect(second.changed).toBe(false);
    expect(second.backupPath).toBeUndefined();
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual([path.basename(first.backupPath!), 'mcp.json'].sort());
  });

  it("edits JSONC with the file's own tabs and CRLF, replacing an outdated entry but not its neighbours or comments", () => {
    const h = home();
    const file = vscodeFile(h);
    const before =
      '{\r\n\t// mine\r\n\t"servers": {\r\n\t\t"a": { "type": "stdio", "command": "a-mcp" }, /* keep on one line */\r\n\t\t"bridgekeeper": { "command": "old" }, // outdated\r\n\t},\r\n}\r\n';
    writeAt(file, before);
    expect(installAssistant('vscode', { home: h, platform: 'linux', launch }).changed).toBe(true);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toBe(
      '{\r\n\t// mine\r\n\t"servers": {\r\n\t\t"a": { "type": "stdio", "command": "a-mcp" }, /* keep on one line */\r\n' +
        '\t\t"bridgekeeper": {\r\n\t\t\t"type": "stdio",\r\n\t\t\t"command": "/opt/node/bin/node",\r\n\t\t\t"args": [\r\n' +
        '\t\t\t\t"/opt/bridgekeeper/bin/bridgekeeper.js",\r\n\t\t\t\t"mcp",\r\n\t\t\t\t"--assistant",\r\n\t\t\t\t"vscode"\r\n\t\t\t]\r\n\t\t}, // outdated\r\n\t},\r\n}\r\n',
    );
    expect(installAssistant('vscode', { home: h, platform: 'linux', launch }).changed).toBe(false);
  });

  it('adds the servers key to a JSONC file that has none, indented like the file', () => {
    const h = home();
    const file = vscodeFile(h);
    writeAt(file, '{\n    // nothing here yet\n    "inputs": [],\n}\n');
    installAssistant('vscode', { home: h, platform: 'linux', launch });
    const text = fs.readFileSync(file, 'utf8');
    expect(
      text.startsWith(
        '{\n    // nothing here yet\n    "inputs": [],\n    "servers": {\n        "bridgekeeper": {\n            "type": "stdio",\n',
      ),
    ).toBe(true);
    expect(text.endsWith('\n        }\n    },\n}\n')).toBe(true);
    expect(readJsonc(text)).toEqual({
      inputs: [],
      servers: { bridgekeeper: { type: 'stdio', command: launch.command, args: argsFor('vscode') } },
    });
  });

  it('still refuses JSONC whose top level or servers key is not an object', () => {
    const h = home();
    const file = vscodeFile(h);
    for (const [text, message] of [
      ['// a list?\n[1, 2,]\n', /does not hold a JSON object/],
      ['{\n  // wrong shape\n  "servers": [],\n}\n', /"servers" in .* is not an object/],
    ] as const) {
      writeAt(file, text);
      expect(() => installAssistant('vscode', { home: h, platform: 'linux', launch })).toThrow(message);
      expect(fs.readFileSync(file, 'utf8')).toBe(text);
      expect(fs.readdirSync(path.dirname(file))).toEqual(['mcp.json']);
    }
  });

  it('rewrites plain JSON with 2-space indentation and a final newline, as before', () => {
    const h = home();
    const file = path.join(h, '.cursor', 'mcp.json');
    writeAt(file, '{"mcpServers":{"other":{"command":"other-mcp"}},"x":1}');
    installAssistant('cursor', { home: h, platform: 'linux', launch });
    const expected = {
      mcpServers: {
        other: { command: 'other-mcp' },
        bridgekeeper: { command: launch.command, args: argsFor('cursor') },
      },
      x: 1,
    };
    expect(fs.readFileSync(file, 'utf8')).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it('--print builds the snippet without writing, and rejects unknown assistants', () => {
    const h = home();
    const result = installAssistant('claude-desktop', { home: h, platform: 'linux', launch, print: true });
    expect(JSON.parse(result.snippet)).toEqual({
      mcpServers: { bridgekeeper: { command: launch.command, args: argsFor('claude-desktop') } },
    });
    expect(fs.existsSync(result.path)).toBe(false);
    let error: unknown;
    try {
      installAssistant('notepad', { home: h });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain("Unknown assistant 'notepad'");
    expect((error as InputError).hint).toContain('claude-desktop, claude-code, cursor, vscode');
  });

  it("the default launch command is this node binary and this checkout's CLI, both absolute", () => {
    const cmd = buildLaunchCommand();
    expect(cmd.command).toBe(process.execPath);
    // A gateway started with Node keeps a small young generation (see GATEWAY_NODE_OPTIONS), then the CLI.
    expect(cmd.args[0]).toBe('--max-semi-space-size=4');
    expect(path.isAbsolute(cmd.args[1]!)).toBe(true);
    expect(fs.existsSync(cmd.args[1]!)).toBe(true);
    expect(cmd.args[2]).toBe('mcp');
  });
});

describe('a launch command that keeps working', () => {
  const fakeBin = (dir: string) => {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'bridgekeeper');
    fs.writeFileSync(file, '#!/bin/sh\n', { mode: 0o755 });
    return file;
  };

  it('passes BRIDGEKEEPER_HOME on when it is set (plain Node and the desktop app)', () => {
    const env = { PATH: '', BRIDGEKEEPER_HOME: '/srv/bk-home' };
    expect(buildLaunchCommand({ nodeBinary: '/usr/bin/node', cliScript: '/opt/bk/bin/bridgekeeper.js', env })).toEqual({
      command: '/usr/bin/node',
      args: ['--max-semi-space-size=4', '/opt/bk/bin/bridgekeeper.js', 'mcp'],
      env: { BRIDGEKEEPER_HOME: '/srv/bk-home' },
    });
    expect(
      buildLaunchCommand({
        appBinary: '/opt/Bridgekeeper/bridgekeeper',
        cliScript: '/opt/Bridgekeeper/resources/app.asar/dist/shared/cli/main.js',
        env,
      }).env,
    ).toEqual({
      ELECTRON_RUN_AS_NODE: '1',
      BRIDGEKEEPER_HOME: '/srv/bk-home',
    });
    expect(
      buildLaunchCommand({ nodeBinary: '/usr/bin/node', cliScript: '/opt/bk/bin/bridgekeeper.js', env: { PATH: '' } })
        .env,
    ).toBeUndefined();
  });

  it("never writes a path inside npx's cache: uses a stable bridgekeeper on PATH, or refuses with how to install", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-launch-'));
    const npxScript = path.join(
      root,
      '.npm',
      '_npx',
      'abc123',
      'node_modules',
      'bridgekeeper',
      'bin',
      'bridgekeeper.js',
    );
    const npxBin = fakeBin(path.join(root, '.npm', '_npx', 'abc123', 'node_modules', '.bin'));
    const stable = fakeBin(path.join(root, 'usr-local-bin'));
    const chosen = buildLaunchCommand({
      nodeBinary: '/usr/bin/node',
      cliScript: npxScript,
      env: { PATH: [path.dirname(npxBin), path.dirname(stable)].join(path.delimiter) },
    });
    expect(chosen).toEqual({ command: stable, args: ['mcp'] });
    let error: unknown;
    try {
      buildLaunchCommand({ nodeBinary: '/usr/bin/node', cliScript: npxScript, env: { PATH: path.dirname(npxBin) } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).hint).toContain('npm install -g bridgekeeper');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('prefers a stable bridgekeeper over an nvm Node, and otherwise warns that removing that Node version breaks it', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-launch-'));
    const nvmNode = path.join(root, '.nvm', 'versions', 'node', 'v20.11.0', 'bin', 'node');
    const nvmBin = fakeBin(path.join(root, '.nvm', 'versions', 'node', 'v20.11.0', 'bin'));
    const stable = fakeBin(path.join(root, 'bin'));
    expect(
      buildLaunchCommand({
        nodeBinary: nvmNode,
        cliScript: '/opt/bk/bin/bridgekeeper.js',
        env: { PATH: [path.dirname(nvmBin), path.dirname(stable)].join(path.delimiter) },
      }),
    ).toEqual({
      command: stable,
      args: ['mcp'],
    });
    const fallback = buildLaunchCommand({
      nodeBinary: nvmNode,
      cliScript: '/opt/bk/bin/bridgekeeper.js',
      env: { PATH: path.dirname(nvmBin) },
    });
    expect(fallback.command).toBe(nvmNode);
    expect(fallback.warning).toContain('version manager');
    fs.rmSync(root, { recursive: true, force: true });
  });
});
