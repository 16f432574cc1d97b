import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeSeriousViolations, screenshot } from './browser.js';
import { waitForText } from './flows.js';
import { connectRealGateway } from './gateway-client.js';
import { givenTokenConnection, openConnection } from './given.js';
import type { UiHarness } from './harness.js';
import type { UiSimulators } from './ui-simulators.js';
import { useUiSession } from './ui-session.js';

// Issues 13 and 16: a service that does not report scopes never says a refused scope was granted since, so the
// person says "try again". Session Services here: a token that is not a JWT and no /auth/me, so nothing but the
// person clears a refusal. Real parts: the built renderer in Chromium, the real app handlers, store, keychain,
// simulators and a real `bridgekeeper mcp` (SDK stdio client) watching the same store.
let sims: UiSimulators;
let harness: UiHarness;
let page: Page;

useUiSession((s) => ({ sims, harness, page } = s));

const cell = (tool: string) => page.getByTestId(`tool-${tool}`).getByTestId('scope-cell');

/** The Door connection with a refusal the service gave before for `tool` (what a gateway records on a 403). */
async function givenRefused(tool: string, scope: string): Promise<string> {
  const door = await givenTokenConnection(harness, {
    provider: 'session-services',
    label: 'Door',
    secret: sims.sessionServices.tokens.opaque,
    metadata: { tenantId: sims.sessionServices.tokens.tenantId },
  });
  await harness.core.store.update(door.id, (c) => ({
    learnedGaps: [...c.learnedGaps, { scope, tool, at: new Date().toISOString() }],
  }));
  return door.id;
}

describe('"Try these tools again" forgets refusals the service gave before', { timeout: 150_000 }, () => {
  it('on the whoami panel: a running gateway lists the tool again and the tools screen offers it', async () => {
    await page.getByTestId('welcome').getByRole('button', { name: 'Got it' }).click();
    sims.sessionServices.whoamiEndpoint = false;
    const gateway = await connectRealGateway(harness.home);
    try {
      const id = await givenRefused('list_payouts', 'FINANCE');
      const payouts = async () => (await gateway.toolNames()).some((n) => n.endsWith('__list_payouts'));
      // The gateway serves Door's tools, but not the refused one.
      await expect.poll(async () => (await gateway.toolNames()).length, { timeout: 30_000 }).toBeGreaterThan(0);
      await expect.poll(payouts, { timeout: 30_000 }).toBe(false);

      await openConnection(page, 'Door');
      const panel = page.getByTestId('whoami-panel');
      const notice = panel.getByTestId('learned-refusals');
      await waitForText(notice, 'Session Services refused this tool before for a missing permission');
      await waitForText(notice, 'list_payouts needs FINANCE');
      await panel.getByTestId('whoami-principal').waitFor();
      // Said once, with its action: not again in the service's answer above it.
      expect(await panel.getByText('The service refused these before').count()).toBe(0);
      await screenshot(page, '31-try-tools-again');
      expect(await axeSeriousViolations(page)).toEqual([]);

      await notice.getByRole('button', { name: 'Try these tools again' }).click();
      await waitForText(panel.getByTestId('refusals-forgotten'), 'Assistants can try list_payouts again.');
      expect(await panel.getByTestId('learned-refusals').count()).toBe(0);
      expect(harness.core.store.get(id).learnedGaps).toEqual([]);
      // The running gateway re-applies its rules on the store change (list_changed) without being restarted.
      await expect.poll(payouts, { timeout: 30_000 }).toBe(true);

      await page.getByRole('button', { name: 'Tools and permissions' }).click();
      await page.getByTestId('tool-matrix').getByRole('table').waitFor();
      await waitForText(cell('list_payouts'), 'Unknown');
      expect(await page.getByTestId('tool-list_payouts').getByRole('checkbox').isChecked()).toBe(true);
    } finally {
      await gateway.close();
      sims.sessionServices.whoamiEndpoint = true;
    }
  });

  it('on the tools screen: the refused rows are offered again', async () => {
    sims.sessionServices.whoamiEndpoint = false;
    try {
      const id = await givenRefused('list_payouts', 'FINANCE');
      await givenRefused('scan_ticket', 'SCANNING');
      await openConnection(page, 'Door');
      await page.getByRole('button', { name: 'Tools and permissions' }).click();
      const matrix = page.getByTestId('tool-matrix');
      await matrix.getByRole('table').waitFor();
      await waitForText(cell('list_payouts'), 'Missing FINANCE');
      expect(await page.getByTestId('tool-scan_ticket').getByRole('checkbox').isChecked()).toBe(false);
      const notice = matrix.getByTestId('learned-refusals');
      await waitForText(notice, 'Session Services refused these tools before');
      await notice.getByRole('button', { name: 'Try these tools again' }).click();
      await waitForText(
        matrix.getByTestId('refusals-forgotten'),
        'Assistants can try list_payouts, scan_ticket again.',
      );
      await waitForText(cell('list_payouts'), 'Unknown');
      expect(await page.getByTestId('tool-scan_ticket').getByRole('checkbox').isChecked()).toBe(true);
      expect(harness.core.store.get(id).learnedGaps).toEqual([]);
      expect(await axeSeriousViolations(page)).toEqual([]);
    } finally {
      sims.sessionServices.whoamiEndpoint = true;
    }
  });

  it('a replaced token forgets them by itself, and the saved message says which tools are offered again', async () => {
    sims.sessionServices.whoamiEndpoint = false;
    try {
      const id = await givenRefused('list_payouts', 'FINANCE');
      await openConnection(page, 'Door');
      await page.getByTestId('whoami-panel').getByTestId('learned-refusals').waitFor();
      await page.getByRole('button', { name: 'Replace token' }).first().click();
      const form = page.getByTestId('edit-connection');
      await form.locator('#edit-token').fill(sims.sessionServices.tokens.opaque);
      await form.getByRole('button', { name: 'Save changes' }).click();
      await waitForText(page.getByTestId('edit-saved'), 'Saved: token changed', 45_000);
      await waitForText(
        page.getByTestId('edit-saved'),
        'Tools the service refused before are offered again (the refusals were about the old token or place): list_payouts.',
      );
      expect(harness.core.store.get(id).learnedGaps).toEqual([]);
      await page.getByTestId('whoami-panel').getByTestId('whoami-principal').waitFor();
      expect(await page.getByTestId('learned-refusals').count()).toBe(0);
    } finally {
      sims.sessionServices.whoamiEndpoint = true;
    }
  });
});
