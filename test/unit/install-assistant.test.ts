import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../shared/errors.js';
import { ASSISTANTS } from '../../shared/install/assistant-configs.js';
import { installAssistant } from '../../shared/install/install-assistant.js';
import { buildLaunchCommand } from '../../shared/install/launch-command.js';

const home = () => fs.mkdtempSync(path.join(os.tmpdir(), 'bk-install-'));
const launch = { command: '/opt/node/bin/node', args: ['/opt/bridgekeeper/bin/bridgekeeper.js', 'mcp'] };

describe('installAssistant', () => {
  it('uses each assistant\'s documented config file per OS', () => {
    const h = '/home/u';
    expect(ASSISTANTS['claude-desktop'].configPath({ home: h, platform: 'darwin' })).toBe('/home/u/Library/Application Support/Claude/claude_desktop_config.json');
    expect(ASSISTANTS['claude-desktop'].configPath({ home: h, platform: 'linux' })).toBe('/home/u/.config/Claude/claude_desktop_config.json');
    expect(ASSISTANTS['claude-desktop'].configPath({ home: 'C:/Users/u', platform: 'win32', appData: 'C:/Users/u/AppData/Roaming' })).toBe(path.join('C:/Users/u/AppData/Roaming', 'Claude', 'claude_desktop_config.json'));
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
    expect(JSON.parse(fs.readFileSync(result.path, 'utf8'))).toEqual({ mcpServers: { bridgekeeper: { command: launch.command, args: launch.args } } });
  });

  it('keeps other servers and settings, backs the old file up, and is idempotent', () => {
    const h = home();
    const file = path.join(h, '.claude.json');
    const before = { theme: 'dark', projects: { '/x': { mcpServers: {} } }, mcpServers: { other: { type: 'stdio', command: 'other-mcp' } } };
    fs.writeFileSync(file, JSON.stringify(before));
    const first = installAssistant('claude-code', { home: h, platform: 'linux', launch, now: new Date('2026-01-02T03:04:05Z') });
    expect(first.changed).toBe(true);
    expect(first.backupPath).toBe(`${file}.bridgekeeper-backup-2026-01-02T03-04-05-000Z`);
    expect(JSON.parse(fs.readFileSync(first.backupPath!, 'utf8'))).toEqual(before);
    const after = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(after).toMatchObject({ theme: 'dark', projects: before.projects, mcpServers: { other: before.mcpServers.other, bridgekeeper: { type: 'stdio', command: launch.command, args: launch.args } } });
    const backups = () => fs.readdirSync(h).filter((f) => f.includes('backup')).length;
    const second = installAssistant('claude-code', { home: h, platform: 'linux', launch });
    expect(second.changed).toBe(false);
    expect(second.backupPath).toBeUndefined();
    expect(backups()).toBe(1);
  });

  it('writes VS Code\'s servers map with type stdio, and the Electron launch with ELECTRON_RUN_AS_NODE', () => {
    const h = home();
    const electron = buildLaunchCommand({ appBinary: '/Applications/Bridgekeeper.app/Contents/MacOS/Bridgekeeper', cliScript: '/Applications/Bridgekeeper.app/Contents/Resources/app/bin/bridgekeeper.js' });
    const result = installAssistant('vscode', { home: h, platform: 'darwin', launch: electron });
    const config = JSON.parse(fs.readFileSync(result.path, 'utf8'));
    expect(config.servers.bridgekeeper).toEqual({ type: 'stdio', command: electron.command, args: [electron.args[0], 'mcp'], env: { ELECTRON_RUN_AS_NODE: '1' } });
  });

  it('refuses a config that is not valid JSON and leaves it untouched', () => {
    const h = home();
    const file = path.join(h, '.cursor', 'mcp.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{ "mcpServers": { // comment\n } }');
    expect(() => installAssistant('cursor', { home: h, platform: 'linux', launch })).toThrowError(InputError);
    expect(() => installAssistant('cursor', { home: h, platform: 'linux', launch })).toThrow(/not valid JSON/);
    expect(fs.readFileSync(file, 'utf8')).toBe('{ "mcpServers": { // comment\n } }');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['mcp.json']);
  });

  it('--print builds the snippet without writing, and rejects unknown assistants', () => {
    const h = home();
    const result = installAssistant('claude-desktop', { home: h, platform: 'linux', launch, print: true });
    expect(JSON.parse(result.snippet)).toEqual({ mcpServers: { bridgekeeper: { command: launch.command, args: launch.args } } });
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

  it('the default launch command is this node binary and this checkout\'s CLI, both absolute', () => {
    const cmd = buildLaunchCommand();
    expect(cmd.command).toBe(process.execPath);
    expect(path.isAbsolute(cmd.args[0]!)).toBe(true);
    expect(fs.existsSync(cmd.args[0]!)).toBe(true);
    expect(cmd.args[1]).toBe('mcp');
  });
});
