import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

describe('bridgekeeper install', () => {
  it('writes a Claude Desktop entry that really starts the gateway, then reports "already up to date"', async () => {
    const installHome = tempDir('bk-install-home-');
    const env = { BRIDGEKEEPER_INSTALL_HOME: installHome, BRIDGEKEEPER_HOME: tempDir('bk-install-bk-') };
    const first = await runCli(['install', 'claude-desktop'], { env });
    expect(first.code, first.stderr).toBe(0);
    const file = path.join(
      installHome,
      process.platform === 'darwin' ? 'Library/Application Support/Claude' : '.config/Claude',
      'claude_desktop_config.json',
    );
    expect(first.stdout).toContain(file);
    const second = await runCli(['install', 'claude-desktop'], { env });
    expect(second.stdout).toContain('Already up to date');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['claude_desktop_config.json']);

    // Launch exactly what the assistant would, and speak MCP to it.
    const entry = (
      JSON.parse(fs.readFileSync(file, 'utf8')) as { mcpServers: { bridgekeeper: { command: string; args: string[] } } }
    ).mcpServers.bridgekeeper;
    const client = new Client({ name: 'claude-desktop-stand-in', version: '1' });
    await client.connect(
      new StdioClientTransport({
        command: entry.command,
        args: entry.args,
        env: { ...(process.env as Record<string, string>), BRIDGEKEEPER_HOME: env.BRIDGEKEEPER_HOME },
        cwd: '/',
      }),
    );
    try {
      expect(client.getServerVersion()?.name).toBe('bridgekeeper');
      expect((await client.listTools()).tools).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('adds the entry to a VS Code mcp.json with comments and trailing commas, keeping them, then reports "already up to date"', async () => {
    const installHome = tempDir('bk-install-home-');
    const file = path.join(
      installHome,
      process.platform === 'darwin' ? 'Library/Application Support/Code/User' : '.config/Code/User',
      'mcp.json',
    );
    const head =
      '{\n  // my servers\n  "servers": {\n    /* local files */\n    "files": { "type": "stdio", "command": "files-mcp" },';
    const tail = '\n  },\n  "inputs": [], // none\n}\n';
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, head + tail);
    const env = { BRIDGEKEEPER_INSTALL_HOME: installHome };
    const first = await runCli(['install', 'vscode'], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(
      `Added Bridgekeeper to ${file} (previous version saved as ${file}.bridgekeeper-backup-`,
    );
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith(head.slice(0, -1))).toBe(true);
    expect(text.endsWith(`,${tail}`)).toBe(true);
    const errors: ParseError[] = [];
    const config = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false }) as {
      servers: Record<string, unknown>;
      inputs: unknown[];
    };
    expect(errors).toEqual([]);
    expect(Object.keys(config.servers)).toEqual(['files', 'bridgekeeper']);
    expect(config.servers.bridgekeeper).toMatchObject({
      type: 'stdio',
      args: [
        '--max-semi-space-size=4',
        expect.stringMatching(/bin\/bridgekeeper\.js$/),
        'mcp',
        '--assistant',
        'vscode',
      ],
    });
    expect(config.inputs).toEqual([]);
    const backups = fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.bridgekeeper-backup-'));
    expect(backups).toHaveLength(1);
    expect(fs.readFileSync(path.join(path.dirname(file), backups[0]!), 'utf8')).toBe(head + tail);

    const second = await runCli(['install', 'vscode'], { env });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('Already up to date');
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(fs.readdirSync(path.dirname(file))).toHaveLength(2);
  });

  it('refuses a broken file with a clear message and exit code 2, leaves it untouched, and --print shows the entry', async () => {
    const installHome = tempDir('bk-install-home-');
    const broken = '{\n  // unclosed\n  "mcpServers": {\n';
    fs.mkdirSync(path.join(installHome, '.cursor'));
    fs.writeFileSync(path.join(installHome, '.cursor', 'mcp.json'), broken);
    const refused = await runCli(['install', 'cursor'], { env: { BRIDGEKEEPER_INSTALL_HOME: installHome } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is not valid JSON, even allowing comments and trailing commas.*--print/s);
    expect(fs.readFileSync(path.join(installHome, '.cursor', 'mcp.json'), 'utf8')).toBe(broken);
    expect(fs.readdirSync(path.join(installHome, '.cursor'))).toEqual(['mcp.json']);
    const printed = await runCli(['install', 'vscode', '--print'], { env: { BRIDGEKEEPER_INSTALL_HOME: installHome } });
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout).servers.bridgekeeper).toMatchObject({
      type: 'stdio',
      args: [
        '--max-semi-space-size=4',
        expect.stringMatching(/bin\/bridgekeeper\.js$/),
        'mcp',
        '--assistant',
        'vscode',
      ],
    });
  });
});
