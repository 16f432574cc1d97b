import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { secretAccount } from '../../shared/secrets/secret-store.js';
import { axeSeriousViolations, screenshot } from './browser.js';
import { connectRealGateway } from './gateway-client.js';
import { addTokenConnection, goTo, waitForText } from './flows.js';
import { givenTokenConnection } from './given.js';
import type { UiHarness } from './harness.js';
import type { UiSimulators } from './ui-simulators.js';
import { useUiSession } from './ui-session.js';

// Real parts: the built renderer in Chromium, the real app handlers, a real store and keychain, the simulators and
// a real `bridgekeeper mcp` (SDK stdio client) watching the same store.
let sims: UiSimulators;
let harness: UiHarness;
let page: Page;

useUiSession((s) => ({ sims, harness, page } = s));

async function openConnection(label: string): Promise<void> {
  await goTo(page, 'Connections');
  await page.getByRole('button', { name: `Open ${label}` }).click();
  await waitForText(page.getByRole('heading', { level: 1 }), label);
}

describe('edit a connection in the app', { timeout: 150_000 }, () => {
  it('renames a connection: id and rules kept, a running gateway serves the tools under the new name', async () => {
    await page.getByTestId('welcome').getByRole('button', { name: 'Got it' }).click();
    await addTokenConnection(page, {
      service: 'Sessionboard',
      label: 'Acme Events',
      token: sims.sessionboard.tokens.readOnly,
    });
    const before = harness.core.store.list().find((c) => c.label === 'Acme Events')!;
    await harness.core.store.update(before.id, (c) => ({ policies: { ...c.policies, redactPii: true } }));
    const gateway = await connectRealGateway(harness.home);
    try {
      await expect
        .poll(async () => (await gateway.toolNames()).some((n) => n.includes('acme-events')), { timeout: 30_000 })
        .toBe(true);
      await openConnection('Acme Events');
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      const form = page.getByTestId('edit-connection');
      await form.getByLabel('Name for this connection').fill('Acme Summit');
      await screenshot(page, '21-edit-connection');
      expect(await axeSeriousViolations(page)).toEqual([]);
      await form.getByRole('button', { name: 'Save changes' }).click();
      await waitForText(page.getByTestId('edit-saved'), 'Saved: name changed');
      const after = harness.core.store.get(before.id);
      expect(after.label).toBe('Acme Summit');
      expect(after.policies.redactPii).toBe(true);
      await expect
        .poll(async () => (await gateway.toolNames()).some((n) => n.includes('acme-summit')), { timeout: 30_000 })
        .toBe(true);
      expect((await gateway.toolNames()).some((n) => n.includes('acme-events'))).toBe(false);
    } finally {
      await gateway.close();
    }
  });

  it('keeps the old token when a new one fails the check; after a revocation offers "Replace token" and saves a working one', async () => {
    // The connection the first test renamed (read-only token, PII redaction on), whether or not that test ran.
    const connection = await givenTokenConnection(harness, {
      provider: 'sessionboard',
      label: 'Acme Summit',
      secret: sims.sessionboard.tokens.readOnly,
    });
    await harness.core.store.update(connection.id, (c) => ({ policies: { ...c.policies, redactPii: true } }));
    await openConnection('Acme Summit');
    await page.getByRole('button', { name: 'Replace token' }).first().click();
    const form = page.getByTestId('edit-connection');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('edit-token');
    await form.locator('#edit-token').fill(sims.sessionboard.tokens.revoked);
    const show = form.getByRole('button', { name: 'Show token' });
    expect(await show.getAttribute('aria-pressed')).toBe('false');
    await show.click();
    expect(await form.locator('#edit-token').getAttribute('type')).toBe('text');
    expect(await show.getAttribute('aria-pressed')).toBe('true');
    await show.click();
    expect(await form.locator('#edit-token').getAttribute('type')).toBe('password');
    expect(await show.getAttribute('aria-pressed')).toBe('false');
    await form.getByRole('button', { name: 'Save changes' }).click();
    const error = form.getByTestId('error');
    await waitForText(error, /revoked/i, 45_000);
    expect(await error.textContent()).not.toMatch(/bridgekeeper connections|--[a-z]/);
    expect(await harness.core.secrets.get(secretAccount(connection.id))).toBe(sims.sessionboard.tokens.readOnly);
    await form.getByRole('button', { name: 'Cancel' }).click();

    // The working token is revoked at the service: the next check says so in the header and offers the fix.
    sims.sessionboard.revoke('readOnly');
    await page.getByRole('button', { name: 'Check again' }).click();
    await waitForText(page.getByTestId('whoami-panel').getByTestId('error'), /revoked/i, 45_000);
    await waitForText(page.getByTestId('dead-token'), 'no longer accepts', 30_000);
    await screenshot(page, '22-revoked-replace-token');
    await page.getByTestId('dead-token').getByRole('button', { name: 'Replace token' }).click();
    await page.getByTestId('edit-connection').locator('#edit-token').fill(`Bearer ${sims.sessionboard.tokens.full}`);
    await page.getByTestId('edit-connection').getByRole('button', { name: 'Save changes' }).click();
    await waitForText(page.getByTestId('edit-saved'), 'Saved: token changed', 45_000);
    expect(await harness.core.secrets.get(secretAccount(connection.id))).toBe(sims.sessionboard.tokens.full);
    const after = harness.core.store.get(connection.id);
    expect(after.status.state).toBe('ok');
    expect(after.policies.redactPii).toBe(true);
    await page.getByTestId('dead-token').waitFor({ state: 'detached' });
  });

  it('moves a connection to the region its token belongs to with one click', async () => {
    await addTokenConnection(page, {
      service: 'Sessionboard',
      label: 'Nordic',
      region: 'eu',
      token: sims.sessionboard.tokens.eu,
    });
    const nordic = harness.core.store.list().find((c) => c.label === 'Nordic')!;
    await openConnection('Nordic');
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const form = page.getByTestId('edit-connection');
    await form.getByLabel(/^Region/).selectOption('us');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await waitForText(form.getByTestId('error-fix'), 'Switch to EU', 45_000);
    expect(harness.core.store.get(nordic.id).region).toBe('eu');
    await form.getByTestId('error-fix').click();
    await waitForText(page.getByTestId('edit-saved'), /Saved|Nothing changed/, 45_000);
    expect(harness.core.store.get(nordic.id).region).toBe('eu');
  });
});
