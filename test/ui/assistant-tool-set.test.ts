import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readAssistantSettings } from '../../shared/connections/assistant-settings.js';
import { readActivity } from '../../shared/audit/read-activity.js';
import { getProvider } from '../../shared/providers/registry.js';
import { addConnection } from '../../shared/use-cases/add-connection.js';
import { liveValidator } from '../../shared/use-cases/live-validator.js';
import { axeSeriousViolations, screenshot } from './browser.js';
import { goTo, waitForText } from './flows.js';
import { connectRealGateway } from './gateway-client.js';
import type { UiHarness } from './harness.js';
import type { UiSimulators } from './ui-simulators.js';
import { useUiSession } from './ui-session.js';

// Real parts: the built renderer in Chromium, the real app handlers and store, connections checked live against the
// simulators, and the real gateway started as the installed entry starts it (`mcp --assistant cursor`).
let sims: UiSimulators;
let harness: UiHarness;
let page: Page;

useUiSession((s) => ({ sims, harness, page } = s));

describe("an assistant's tool set, chosen in the app", { timeout: 150_000 }, () => {
  it('limits Cursor to one connection in compact mode; its gateway lists find_tools + call_tool over that one only', async () => {
    const core = harness.core;
    const acme = await addConnection(
      core,
      { provider: getProvider('sessionboard'), label: 'Acme', region: 'us', secret: sims.sessionboard.tokens.full },
      liveValidator(core),
    );
    await addConnection(
      core,
      { provider: getProvider('imboard'), label: 'Board', secret: sims.imboard.tokens.patFull },
      liveValidator(core),
    );
    await page.getByTestId('welcome').getByRole('button', { name: 'Got it' }).click();
    await goTo(page, 'Connect to your assistant');
    const cursor = page.getByTestId('assistant-cursor');
    const toolSet = cursor.getByTestId('assistant-tool-set');
    await waitForText(toolSet.getByTestId('tool-set-summary'), 'All connections · Automatic');
    await toolSet.locator('summary').click();
    await toolSet.getByRole('radio', { name: /Only the ones ticked below/ }).check();
    await toolSet.getByRole('checkbox', { name: 'Acme' }).check();
    expect(await toolSet.getByRole('checkbox', { name: 'Board' }).isChecked()).toBe(false);
    await toolSet.getByRole('radio', { name: /Compact/ }).check();
    await screenshot(page, '27-assistant-tool-set');
    expect(await axeSeriousViolations(page)).toEqual([]);
    await toolSet.getByRole('button', { name: 'Save for Cursor' }).click();
    await waitForText(toolSet.getByRole('status'), 'Saved: Cursor now sees Acme · Compact');
    await waitForText(toolSet.getByTestId('tool-set-summary'), 'Acme · Compact');
    expect(readAssistantSettings(harness.home, 'cursor')).toEqual({
      connections: [acme.connection.id],
      toolMode: 'compact',
    });
    // Other assistants are untouched.
    await waitForText(
      page.getByTestId('assistant-vscode').getByTestId('tool-set-summary'),
      'All connections · Automatic',
    );
    const audit = readActivity(harness.home, { limit: 10 });
    expect(audit.some((r) => r.policyChange?.by === 'app' && r.policyChange.changes.includes('Cursor sees Acme'))).toBe(
      true,
    );

    const gateway = await connectRealGateway(harness.home, ['--assistant', 'cursor']);
    try {
      expect(await gateway.toolNames()).toEqual(['find_tools', 'call_tool']);
      const found = JSON.parse(
        (
          JSON.parse(await gateway.call('find_tools', { query: '', limit: 50, schemas: false })) as {
            content: Array<{ text: string }>;
          }
        ).content[0]!.text,
      ) as { tools: Array<{ name: string }> };
      expect(found.tools.length).toBeGreaterThan(2);
      expect(found.tools.every((t) => t.name.startsWith('sessionboard_acme__'))).toBe(true);
    } finally {
      await gateway.close();
    }
    const everyTool = await connectRealGateway(harness.home, ['--assistant', 'vscode', '--tool-mode', 'full']);
    try {
      const names = await everyTool.toolNames();
      expect(names.some((n) => n.startsWith('imboard_board__'))).toBe(true);
      expect(names.some((n) => n.startsWith('sessionboard_acme__'))).toBe(true);
    } finally {
      await everyTool.close();
    }
  });
});
