import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeSeriousViolations, screenshot } from './browser.js';
import { connectRealGateway } from './gateway-client.js';
import { addTokenConnection, goTo, waitForText } from './flows.js';
import type { UiHarness } from './harness.js';
import type { UiSimulators } from './ui-simulators.js';
import { useUiSession } from './ui-session.js';

// Real parts: the built renderer in Chromium, the real app handlers reading the audit log that a real
// `bridgekeeper mcp` (SDK stdio client) writes while the Activity screen stays open.
let sims: UiSimulators;
let harness: UiHarness;
let page: Page;

useUiSession((s) => ({ sims, harness, page } = s));

async function downloaded(button: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
}

describe('activity: plain words, live, exportable', { timeout: 180_000 }, () => {
  it('shows calls as they happen without reopening the screen, in words, and exports them', async () => {
    await page.getByTestId('welcome').getByRole('button', { name: 'Got it' }).click();
    await addTokenConnection(page, {
      service: 'Sessionboard',
      label: 'Live org',
      token: sims.sessionboard.tokens.hidePii,
    });
    const connection = harness.core.store.list().find((c) => c.label === 'Live org')!;
    // The token lacks write:sessions; offer its write anyway so the gateway's refusal is recorded.
    await harness.core.store.update(connection.id, (c) => ({ policies: { ...c.policies, showUnusableTools: true } }));
    await goTo(page, 'Activity');
    await waitForText(page.locator('.empty'), 'No activity yet');
    await waitForText(page.getByTestId('activity-live'), 'Live');

    const gateway = await connectRealGateway(harness.home);
    try {
      const names = await gateway.toolNames();
      const read = names.find((n) => n.includes('live-org') && n.endsWith('list_events'))!;
      expect(await gateway.call(read)).toContain('Acme Summit 2026');
      // The screen was not reopened: the new line arrives by itself.
      await waitForText(page.getByTestId('activity-table'), 'list_events', 30_000);
      await waitForText(page.getByTestId('activity-table'), 'Went through');
      const write = names.find((n) => n.includes('live-org') && n.endsWith('manage_sessions'))!;
      await gateway.call(write, { action: 'create', eventId: 'evt_summit26', data: { title: 'Keynote' } });
      await waitForText(page.getByTestId('activity-table'), 'manage_sessions', 30_000);
    } finally {
      await gateway.close();
    }
    const table = page.getByTestId('activity-table');
    await waitForText(table, 'Stopped');
    await waitForText(table, 'The token lacks a permission this tool needs.');
    await waitForText(table, 'by ui-test-assistant');
    const text = await table.innerText();
    expect(text).not.toMatch(/\b(missing_scope|upstream_[a-z_]+|policy_[a-z_]+|allowed|refused)\b/);
    await screenshot(page, '26-activity-live');
    expect(await axeSeriousViolations(page)).toEqual([]);

    const csv = await downloaded('Export CSV');
    expect(csv.name).toMatch(/^bridgekeeper-activity-.*\.csv$/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('Time,Connection,Tool,Access,Outcome,Details,Assistant,Duration (ms)');
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(['manage_sessions', 'list_events']);
    expect(lines[1]).toContain('Stopped,The token lacks a permission this tool needs.,ui-test-assistant,');
    await waitForText(page.getByTestId('activity-exported'), /Exported 2 entries as bridgekeeper-activity-/);

    await page.getByLabel('Outcome').selectOption('refused');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 30_000 }).toBe(1);
    const json = await downloaded('Export JSON');
    const parsed = JSON.parse(json.text) as { entries: Array<{ tool: string; outcomeLabel: string }> };
    expect(parsed.entries.map((e) => [e.tool, e.outcomeLabel])).toEqual([['manage_sessions', 'Stopped']]);
    for (const exported of [csv.text, json.text]) {
      expect(exported).not.toContain(sims.sessionboard.tokens.hidePii);
      expect(exported).not.toMatch(/missing_scope/);
    }

    const pause = page.getByRole('button', { name: 'Pause live updates' });
    await pause.click();
    await expect.poll(() => pause.getAttribute('aria-pressed')).toBe('true');
    await waitForText(page.getByTestId('activity-live'), 'Paused');
  });
});
