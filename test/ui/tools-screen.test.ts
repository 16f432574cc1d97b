import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeSeriousViolations, screenshot } from './browser.js';
import { connectRealGateway } from './gateway-client.js';
import { addTokenConnection, goTo, toggle, waitForText } from './flows.js';
import { givenTokenConnection, openConnection } from './given.js';
import type { UiHarness } from './harness.js';
import type { UiSimulators } from './ui-simulators.js';
import { useUiSession } from './ui-session.js';

// Real parts: the built renderer in Chromium, the real app handlers, store, keychain, simulators, and a real
// `bridgekeeper mcp` (SDK stdio client) that must offer exactly what the screen says.
let sims: UiSimulators;
let harness: UiHarness;
let page: Page;

useUiSession((s) => ({ sims, harness, page } = s));

describe('honest tools screen', { timeout: 150_000 }, () => {
  it('does not offer tools the token certainly cannot use, until the person asks to show them', async () => {
    await page.getByTestId('welcome').getByRole('button', { name: 'Got it' }).click();
    await addTokenConnection(page, {
      service: 'Sessionboard',
      label: 'Dashboards',
      token: sims.sessionboard.tokens.readOnly,
    });
    const gateway = await connectRealGateway(harness.home);
    try {
      const manage = async () =>
        (await gateway.toolNames()).some((n) => n.includes('dashboards') && n.endsWith('manage_sessions'));
      await expect
        .poll(
          async () => (await gateway.toolNames()).some((n) => n.includes('dashboards') && n.endsWith('list_sessions')),
          { timeout: 30_000 },
        )
        .toBe(true);
      expect(await manage()).toBe(false);
      await goTo(page, 'Connections');
      await page.getByRole('button', { name: 'Open Dashboards' }).click();
      await page.getByRole('button', { name: 'Tools and permissions' }).click();
      const row = page.getByTestId('tool-manage_sessions');
      await waitForText(row.getByTestId('scope-cell'), 'Missing');
      await waitForText(row, "Not offered: this token can't use it.");
      const allow = page.getByRole('checkbox', { name: /^Allow .*session/i }).and(row.getByRole('checkbox'));
      expect(await allow.isChecked()).toBe(false);
      expect(await allow.isDisabled()).toBe(true);
      await screenshot(page, '23-tools-missing-not-offered');
      await toggle(page.getByRole('checkbox', { name: /Show tools this token can't use/ }), true);
      await expect.poll(() => allow.isChecked(), { timeout: 30_000 }).toBe(true);
      await expect.poll(manage, { timeout: 30_000 }).toBe(true);
      expect(harness.core.store.list().find((c) => c.label === 'Dashboards')?.policies.showUnusableTools).toBe(true);
    } finally {
      await gateway.close();
    }
  });

  it('read-only unticks write rows; "Ask me before changes" says where it works and offers Read-only instead', async () => {
    // The read-only-token connection the first test left with unusable tools shown, whether or not that test ran.
    const dashboards = await givenTokenConnection(harness, {
      provider: 'sessionboard',
      label: 'Dashboards',
      secret: sims.sessionboard.tokens.readOnly,
    });
    await harness.core.store.update(dashboards.id, (c) => ({ policies: { ...c.policies, showUnusableTools: true } }));
    await openConnection(page, 'Dashboards');
    await page.getByRole('button', { name: 'Tools and permissions' }).click();
    await toggle(page.getByRole('checkbox', { name: /Read-only/ }), true);
    const allow = page.getByTestId('tool-manage_sessions').getByRole('checkbox');
    await expect.poll(() => allow.isChecked(), { timeout: 30_000 }).toBe(false);
    await waitForText(page.getByTestId('tool-manage_sessions'), 'read-only mode');
    await toggle(page.getByRole('checkbox', { name: /Read-only/ }), false);
    await toggle(page.getByRole('checkbox', { name: /Ask me before changes/ }), true);
    const alternative = page.getByTestId('confirm-alternative');
    await waitForText(alternative, 'cannot show confirmation forms');
    await waitForText(page.getByTestId('tool-matrix'), 'Claude Desktop');
    await screenshot(page, '24-tools-confirm-explained');
    expect(await axeSeriousViolations(page)).toEqual([]);
    await alternative.getByRole('button', { name: 'Use Read-only instead' }).click();
    await alternative.waitFor({ state: 'detached' });
    const policies = harness.core.store.list().find((c) => c.label === 'Dashboards')!.policies;
    expect(policies).toMatchObject({ readOnly: true, confirmWrites: false });
    expect(await page.getByRole('checkbox', { name: /Read-only/ }).isChecked()).toBe(true);
    await goTo(page, 'Connections');
  });
});
