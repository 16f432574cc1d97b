import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeSeriousViolations, screenshot } from './browser.js';
import { goTo, waitForText } from './flows.js';
import type { UiHarness } from './harness.js';
import { useUiSession } from './ui-session.js';

// Real parts: the built renderer in Chromium, the real app handlers writing real config files in a temp home.
let harness: UiHarness;
let page: Page;

useUiSession((s) => ({ harness, page } = s));

describe('assistants screen with state', { timeout: 150_000 }, () => {
  it('reads which assistants have Bridgekeeper from their config files, and disconnects one keeping its other servers', async () => {
    await page.getByTestId('welcome').getByRole('button', { name: 'Got it' }).click();
    const vscodeDir = `${harness.assistantsHome}/.config/Code/User`;
    fs.mkdirSync(vscodeDir, { recursive: true });
    const vscodeConfig = `${vscodeDir}/mcp.json`;
    fs.writeFileSync(
      vscodeConfig,
      '{\n  // my servers\n  "servers": {\n    "files": { "type": "stdio", "command": "files-server" },\n    "bridgekeeper": { "type": "stdio", "command": "/old/node", "args": ["/old/bridgekeeper.js", "mcp"] },\n  },\n}\n',
    );
    await goTo(page, 'Connect to your assistant');
    const vscode = page.getByTestId('assistant-vscode');
    const claude = page.getByTestId('assistant-claude-desktop');
    await waitForText(vscode.getByTestId('assistant-state'), 'Connected');
    await waitForText(claude.getByTestId('assistant-state'), 'Not connected');
    expect(await claude.getByRole('button', { name: /^Remove from/ }).count()).toBe(0);
    await screenshot(page, '25-assistants-state');
    expect(await axeSeriousViolations(page)).toEqual([]);

    await vscode.getByRole('button', { name: 'Remove from VS Code' }).click();
    await waitForText(vscode, 'Removed Bridgekeeper from', 30_000);
    await waitForText(vscode.getByTestId('assistant-state'), 'Not connected');
    const text = fs.readFileSync(vscodeConfig, 'utf8');
    expect(text).toContain('// my servers');
    expect(text).toContain('"files"');
    expect(text).not.toContain('bridgekeeper"');
    expect(fs.readdirSync(vscodeDir).some((f) => f.startsWith('mcp.json.bridgekeeper-backup-'))).toBe(true);

    await claude.getByRole('button', { name: 'Connect Claude Desktop' }).click();
    await waitForText(claude.getByTestId('assistant-state'), 'Connected', 30_000);
    await claude.getByRole('button', { name: 'Remove from Claude Desktop' }).waitFor();
  });
});
