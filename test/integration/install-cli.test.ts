import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

describe('bridgekeeper install', () => {
  it('writes a Claude Desktop entry that really starts the gateway, then reports "already up to date"', async () => {
    const installHome = tempDir('bk-install-home-');
    const env = { BRIDGEKEEPER_INSTALL_HOME: installHome, BRIDGEKEEPER_HOME: tempDir('bk-install-bk-') };
    const first = await runCli(['install', 'claude-desktop'], { env });
    expect(first.code, first.stderr).toBe(0);
    const file = path.join(installHome, process.platform === 'darwin' ? 'Library/Application Support/Claude' : '.config/Claude', 'claude_desktop_config.json');
    expect(first.stdout).toContain(file);
    const second = await runCli(['install', 'claude-desktop'], { env });
    expect(second.stdout).toContain('Already up to date');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['claude_desktop_config.json']);

    // Launch exactly what the assistant would, and speak MCP to it.
    const entry = (JSON.parse(fs.readFileSync(file, 'utf8')) as { mcpServers: { bridgekeeper: { command: string; args: string[] } } }).mcpServers.bridgekeeper;
    const client = new Client({ name: 'claude-desktop-stand-in', version: '1' });
    await client.connect(new StdioClientTransport({ command: entry.command, args: entry.args, env: { ...(process.env as Record<string, string>), BRIDGEKEEPER_HOME: env.BRIDGEKEEPER_HOME }, cwd: '/' }));
    try {
      expect(client.getServerVersion()?.name).toBe('bridgekeeper');
      expect((await client.listTools()).tools).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('refuses an invalid JSON file with a clear message and exit code 2, and --print shows the entry', async () => {
    const installHome = tempDir('bk-install-home-');
    fs.mkdirSync(path.join(installHome, '.cursor'));
    fs.writeFileSync(path.join(installHome, '.cursor', 'mcp.json'), '{ not json');
    const refused = await runCli(['install', 'cursor'], { env: { BRIDGEKEEPER_INSTALL_HOME: installHome } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is not valid JSON.*--print/s);
    const printed = await runCli(['install', 'vscode', '--print'], { env: { BRIDGEKEEPER_INSTALL_HOME: installHome } });
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout).servers.bridgekeeper).toMatchObject({ type: 'stdio', args: [expect.stringMatching(/bin\/bridgekeeper\.js$/), 'mcp'] });
  });
});
