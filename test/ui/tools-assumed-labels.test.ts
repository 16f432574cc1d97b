import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeSeriousViolations } from './browser.js';
import { waitForText } from './flows.js';
import { givenTokenConnection, openConnection } from './given.js';
import type { UiHarness } from './harness.js';
import type { UiSimulators } from './ui-simulators.js';
import { useUiSession } from './ui-session.js';

// Issue 13: the tools screen labels what rests on an assumption ("Scope needed: EVENT (assumed)") whatever the status,
// and a prediction from scopes the person declared says so (never a refusal). Session Services documents no
// operation → scope mapping, so each of its scoped tools is assumed. Real parts: the built renderer in Chromium, the
// real app handlers, store, keychain and simulators.
let sims: UiSimulators;
let harness: UiHarness;
let page: Page;

useUiSession((s) => ({ sims, harness, page } = s));

async function openTools(label: string) {
  await openConnection(page, label);
  await page.getByRole('button', { name: 'Tools and permissions' }).click();
  await page.getByTestId('tool-matrix').getByRole('table').waitFor();
}
const cell = (tool: string) => page.getByTestId(`tool-${tool}`).getByTestId('scope-cell');

describe('tools screen labels assumptions and declarations', { timeout: 150_000 }, () => {
  it('says "Scope needed: X (assumed)" on allowed, learned-missing and expected-to-lack rows alike', async () => {
    await page.getByTestId('welcome').getByRole('button', { name: 'Got it' }).click();
    // The service reports EVENT and ORDER for this token (GET /auth/me); it refused FINANCE for list_payouts before.
    const harbour = await givenTokenConnection(harness, {
      provider: 'session-services',
      label: 'Harbour',
      secret: sims.sessionServices.tokens.eventManager,
      metadata: { tenantId: sims.sessionServices.tokens.tenantId },
    });
    await harness.core.store.update(harbour.id, () => ({
      learnedGaps: [{ scope: 'FINANCE', tool: 'list_payouts', at: new Date().toISOString() }],
    }));
    await openTools('Harbour');
    await waitForText(cell('create_event'), 'Allowed');
    await waitForText(cell('create_event'), 'Scope needed: EVENT (assumed)');
    await waitForText(cell('list_payouts'), 'Missing FINANCE');
    await waitForText(cell('list_payouts'), 'Scope needed: FINANCE (assumed)');
    await waitForText(cell('scan_ticket'), 'Expected to lack SCANNING');
    await waitForText(cell('scan_ticket'), 'Scope needed: SCANNING (assumed)');
    // A public tool needs no scope: nothing is assumed about it.
    await waitForText(cell('list_events'), 'Allowed');
    expect(await cell('list_events').getByTestId('scope-assumed').count()).toBe(0);
    expect(await axeSeriousViolations(page)).toEqual([]);
  });

  it('labels a prediction from declared scopes, and says the call is tried and learned from', async () => {
    // A token whose contents are unreadable and no /auth/me (also when the app checks it again on opening): only
    // the person's declaration says anything about its scopes.
    sims.sessionServices.whoamiEndpoint = false;
    try {
      const door = await givenTokenConnection(harness, {
        provider: 'session-services',
        label: 'Door',
        secret: sims.sessionServices.tokens.opaque,
        metadata: { tenantId: sims.sessionServices.tokens.tenantId },
      });
      await harness.core.store.update(door.id, () => ({ declaredScopes: ['ORDER'] }));
      await openTools('Door');
      await waitForText(cell('scan_ticket'), 'Expected to lack SCANNING (from your declared scopes)');
      await waitForText(cell('scan_ticket'), 'Scope needed: SCANNING (assumed)');
      expect(await cell('scan_ticket').locator('.scope-unknown').getAttribute('title')).toBe(
        "Your declared scopes don't include SCANNING; Bridgekeeper will try and learn from the answer.",
      );
      await waitForText(cell('list_orders'), 'Expected to work (from your declared scopes)');
      await waitForText(cell('list_orders'), 'Scope needed: ORDER (assumed)');
      // Offered to assistants: a declaration never hides or refuses a tool.
      expect(await page.getByTestId('tool-scan_ticket').getByRole('checkbox').isChecked()).toBe(true);
      expect(harness.core.store.get(door.id).serverScopes).toBeUndefined();
    } finally {
      sims.sessionServices.whoamiEndpoint = true;
    }
  });
});
