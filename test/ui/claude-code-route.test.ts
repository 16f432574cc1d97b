import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { axeSeriousViolations, screenshot } from './browser.js';
import { goTo, waitForText } from './flows.js';
import type { UiHarness } from './harness.js';
import { useUiSession } from './ui-session.js';

// Real parts: the built renderer in Chromium and the real app handlers, reading and (not) writing real config files
// in a temp home. There is no real Claude Code here: first the app runs without any `claude` (it must show the
// command and write nothing), then reads an entry in the shape Claude Code writes, then a fake `claude` put on PATH
// records the exact argv the app runs to disconnect (it writes nothing; the config file must stay as it was).
let harness: UiHarness;
let page: Page;
const previousPath = process.env.PATH;
const binDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-ui-claude-bin-'));
afterAll(() => {
  process.env.PATH = previousPath;
  fs.rmSync(binDir, { recursive: true, force: true });
});

useUiSession((s) => ({ harness, page } = s));

describe("assistants screen: Claude Code's own route", { timeout: 150_000 }, () => {
  it('without claude shows the command to copy and writes nothing; reads an existing entry; disconnects through claude mcp remove', async () => {
    await page.getByTestId('welcome').getByRole('button', { name: 'Got it' }).click();
    await goTo(page, 'Connect to your assistant');
    const card = page.getByTestId('assistant-claude-code');
    await waitForText(card.getByTestId('assistant-state'), 'Not connected');
    await card.getByRole('button', { name: 'Connect Claude Code' }).click();
    await waitForText(card, "Claude Code's command line (claude) was not found");
    const command = card.getByLabel('Command for Claude Code');
    await expect.poll(() => command.inputValue()).not.toBe('');
    const text = await command.inputValue();
    expect(text).toMatch(
      /^claude mcp add --transport stdio --scope user bridgekeeper -- \S+ \S+main\.js mcp --assistant claude-code$/,
    );
    const configFile = path.join(harness.assistantsHome, '.claude.json');
    expect(fs.existsSync(configFile)).toBe(false);
    await screenshot(page, '30-claude-code-command');
    expect(await axeSeriousViolations(page)).toEqual([]);

    // The person ran it: Claude Code wrote its user-scope entry. "Check again" reads it.
    const entry = { type: 'stdio', command: process.execPath, args: ['/x/main.js', 'mcp'] };
    const written = `${JSON.stringify({ numStartups: 3, mcpServers: { bridgekeeper: entry } }, null, 2)}\n`;
    fs.writeFileSync(configFile, written);
    await card.getByRole('button', { name: 'Check again' }).click();
    await waitForText(
      card.getByTestId('assistant-state'),
      'Connected: Bridgekeeper is in its settings for every project',
    );

    // Now a `claude` is on PATH (a fake that records its argv): disconnecting runs Claude Code's own command.
    const calls = path.join(binDir, 'calls.jsonl');
    fs.writeFileSync(
      path.join(binDir, 'claude'),
      `#!${process.execPath}\nrequire('node:fs').appendFileSync(${JSON.stringify(calls)}, JSON.stringify(process.argv.slice(2)) + '\\n');\n`,
      { mode: 0o755 },
    );
    process.env.PATH = `${binDir}${path.delimiter}${previousPath ?? ''}`;
    await card.getByRole('button', { name: 'Remove from Claude Code' }).click();
    await waitForText(card, "Removed Bridgekeeper with Claude Code's own command.", 30_000);
    expect(
      fs
        .readFileSync(calls, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as string[]),
    ).toEqual([['mcp', 'remove', '--scope', 'user', 'bridgekeeper']]);
    expect(fs.readFileSync(configFile, 'utf8')).toBe(written); // Bridgekeeper itself never edited ~/.claude.json
    expect(fs.readdirSync(harness.assistantsHome).filter((f) => f.includes('backup'))).toEqual([]);
  });
});
