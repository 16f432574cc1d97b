import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

describe('bridgekeeper install --status, uninstall, and BRIDGEKEEPER_HOME in the entry', () => {
  it('says which assistants have Bridgekeeper, writes BRIDGEKEEPER_HOME into the entry, and removes only its entry', async () => {
    const installHome = tempDir('bk-status-home-');
    const bkHome = tempDir('bk-status-bk-');
    const env = { BRIDGEKEEPER_INSTALL_HOME: installHome, BRIDGEKEEPER_HOME: bkHome };
    const printed = await runCli(['install', 'cursor', '--print'], { env });
    expect(printed.code, printed.stderr).toBe(0);
    expect(JSON.parse(printed.stdout)).toMatchObject({
      mcpServers: { bridgekeeper: { env: { BRIDGEKEEPER_HOME: bkHome } } },
    });

    const cursorConfig = path.join(installHome, '.cursor', 'mcp.json');
    fs.mkdirSync(path.dirname(cursorConfig), { recursive: true });
    fs.writeFileSync(cursorConfig, JSON.stringify({ mcpServers: { other: { command: 'other-server' } } }));
    expect((await runCli(['install', 'cursor'], { env })).code).toBe(0);
    const status = await runCli(['install', '--status', '--json'], { env });
    expect(status.code, status.stderr).toBe(0);
    const statuses = JSON.parse(status.stdout) as Array<{ assistant: string; configured: boolean }>;
    expect(statuses.filter((s) => s.configured).map((s) => s.assistant)).toEqual(['cursor']);

    const removed = await runCli(['uninstall', 'cursor'], { env });
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('Removed Bridgekeeper from');
    expect(JSON.parse(fs.readFileSync(cursorConfig, 'utf8'))).toEqual({
      mcpServers: { other: { command: 'other-server' } },
    });
    const again = await runCli(['uninstall', 'cursor'], { env });
    expect(again.stdout).toContain('nothing changed');
    const after = JSON.parse((await runCli(['install', '--status', '--json'], { env })).stdout) as Array<{
      configured: boolean;
    }>;
    expect(after.every((s) => !s.configured)).toBe(true);
  });
});
