import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type PageProblems, screenshot } from './browser.js';
import { secretAccount } from '../../shared/secrets/secret-store.js';
import { connectRealGateway } from './gateway-client.js';
import { addTokenConnection, goTo, toggle, submitTokenConnection, waitForText } from './flows.js';
import { givenTokenConnection } from './given.js';
import type { UiHarness } from './harness.js';
import type { UiSimulators } from './ui-simulators.js';
import { useUiSession } from './ui-session.js';

// Real parts: the built renderer in system Chromium, the real app handlers over the contract, a real store in a
// temp home, the real keychain (scripts/with-test-keyring.sh) and the service simulators behind the real hostnames.
let sims: UiSimulators;
let harness: UiHarness;
let page: Page;
let problems: PageProblems;

useUiSession((s) => ({ sims, harness, page, problems } = s));

/** The Sessionboard connection (full token, US) the second test adds through the wizard. */
const givenAcmeEvents = () =>
  givenTokenConnection(harness, {
    provider: 'sessionboard',
    label: 'Acme Events',
    secret: sims.sessionboard.tokens.full,
    region: 'us',
  });

describe('desktop app in Chromium', { timeout: 150_000 }, () => {
  it('starts on an empty Connections screen with no CSP violation', async () => {
    await waitForText(page.getByRole('heading', { level: 1 }), 'Connections');
    await page.getByText('No connections yet').waitFor();
    await waitForText(page.getByTestId('welcome'), 'Welcome to Bridgekeeper');
    await screenshot(page, '01-connections-empty');
    await page.getByTestId('welcome').getByRole('button', { name: 'Got it' }).click();
    await page.getByTestId('welcome').waitFor({ state: 'detached' });
    const prefs = harness.rpcs.filter((r) => r.channel === 'prefs:set').map((r) => JSON.parse(r.request) as unknown);
    expect(prefs).toEqual([{ firstRun: false }]);
    expect(problems.csp.join('\n')).toBe('');
  });

  it('adds a Sessionboard token connection, checked live, with the seed help text shown', async () => {
    await goTo(page, 'Add connection');
    await screenshot(page, '02-add-pick-service');
    await page.getByRole('radio', { name: /^Sessionboard/ }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await waitForText(page.getByTestId('credential-help'), 'Organization Settings → API Tokens');
    await waitForText(page.getByTestId('credential-help'), 'read:insights');
    await waitForText(page.getByTestId('credential-help'), 'Hide PII');
    expect(await page.locator('#token').getAttribute('type')).toBe('password');
    await page.getByLabel('Name for this connection').fill('Acme Events');
    await page.locator('#token').fill(sims.sessionboard.tokens.full);
    await screenshot(page, '03-add-sessionboard-token');
    await page.getByRole('button', { name: 'Check and save' }).click();
    await waitForText(page.getByTestId('wizard-done'), "Connected 'Acme Events'", 45_000);
    await waitForText(page.getByTestId('wizard-done'), 'Acme Events');
    await screenshot(page, '04-add-done');
  });

  it("adds sessions.website (handle), Session Services (tenant id + token) and I'mBoard connections", async () => {
    await givenAcmeEvents();
    await addTokenConnection(page, {
      service: 'sessions.website',
      label: 'Acme Yoga',
      handle: 'acme-yoga',
      token: sims.sessionsWebsite.tokens.acmeReadOnly,
    });
    await addTokenConnection(page, {
      service: 'Session Services',
      label: 'Harbour Lights',
      tenantId: sims.sessionServices.tokens.tenantId,
      token: sims.sessionServices.tokens.eventManager,
    });
    await addTokenConnection(page, {
      service: "I'mBoard",
      label: 'Board reporting',
      token: sims.imboard.tokens.batRead,
    });
    await goTo(page, 'Connections');
    await expect.poll(() => page.getByTestId('connection-row').count(), { timeout: 30_000 }).toBe(4);
    for (const row of await page.getByTestId('connection-row').all())
      await waitForText(row.getByTestId('status'), 'Working');
    await screenshot(page, '05-connections');
  });

  it('says what to do when the token is wrong', async () => {
    await submitTokenConnection(page, { service: 'Sessionboard', label: 'Typo', token: 'not-a-real-token-0000000000' });
    const error = page.getByTestId('error');
    await error.waitFor({ timeout: 45_000 });
    expect((await error.textContent())?.length).toBeGreaterThan(20);
    await waitForText(error, 'What to do');
    await screenshot(page, '06-add-bad-token');
    expect(harness.core.store.list().some((c) => c.label === 'Typo')).toBe(false);
  });

  it('recognises a token from the other Sessionboard region and names the right one', async () => {
    await submitTokenConnection(page, {
      service: 'Sessionboard',
      label: 'Nordic',
      region: 'us',
      token: sims.sessionboard.tokens.eu,
    });
    const error = page.getByTestId('error');
    await waitForText(error, /EU/, 45_000);
    await screenshot(page, '07-add-wrong-region');
    expect(harness.core.store.list().some((c) => c.label === 'Nordic')).toBe(false);
  });
});

describe('whoami panel, tools matrix, policies and disconnect', { timeout: 150_000 }, () => {
  it('shows who a connection is: principal, region, masked token, scopes with provenance, flags, expiry', async () => {
    await givenAcmeEvents();
    await goTo(page, 'Connections');
    await page.getByRole('button', { name: 'Open Acme Events' }).click();
    const panel = page.getByTestId('whoami-panel');
    await waitForText(panel.getByTestId('whoami-principal'), 'Acme Events', 45_000);
    await waitForText(panel.getByTestId('whoami-region'), 'US');
    const masked = (await panel.getByTestId('whoami-token').textContent()) ?? '';
    expect(masked).toContain('…');
    expect(masked).not.toContain(sims.sessionboard.tokens.full);
    await waitForText(panel.getByTestId('whoami-scopes'), 'write:sessions');
    await waitForText(panel.getByTestId('whoami-scopes'), 'reported by the service');
    await waitForText(panel.getByTestId('whoami-flags'), 'Hide PII');
    await panel.getByTestId('whoami-expiry').waitFor();
    await screenshot(page, '08-whoami-panel');
    const before = harness.rpcs.filter((r) => r.channel === 'connections:check').length;
    await panel.getByRole('button', { name: 'Check again' }).click();
    await expect
      .poll(() => harness.rpcs.filter((r) => r.channel === 'connections:check').length, { timeout: 30_000 })
      .toBeGreaterThan(before);
    await waitForText(panel.getByTestId('whoami-principal'), 'Acme Events');
  });

  it('marks write tools ✗ for a read-only token, naming the missing scope', async () => {
    await addTokenConnection(page, {
      service: 'Sessionboard',
      label: 'Acme dashboards',
      token: sims.sessionboard.tokens.readOnly,
    });
    await page.getByRole('button', { name: 'Open the connection' }).click();
    await page.getByRole('button', { name: 'Tools and permissions' }).click();
    const matrix = page.getByTestId('tool-matrix');
    const write = matrix.getByTestId('tool-manage_sessions');
    await waitForText(write.getByTestId('scope-cell'), 'Missing', 45_000);
    await waitForText(write.getByTestId('scope-cell'), 'write:sessions');
    await waitForText(write, 'Write');
    await waitForText(matrix.getByTestId('tool-list_sessions').getByTestId('scope-cell'), 'Allowed');
    await screenshot(page, '09-tools-matrix-read-only-token');
  });

  it('read-only mode set in the app removes write tools from a running gateway', async () => {
    const acme = await givenAcmeEvents();
    const gateway = await connectRealGateway(harness.home);
    try {
      const writeTool = (names: string[]) =>
        names.find((n) => n.endsWith('manage_sessions') && n.includes('acme-events'));
      await expect.poll(async () => writeTool(await gateway.toolNames()), { timeout: 30_000 }).toBeTruthy();
      await goTo(page, 'Connections');
      await page.getByRole('button', { name: 'Open Acme Events' }).click();
      await page.getByRole('button', { name: 'Tools and permissions' }).click();
      await toggle(page.getByRole('checkbox', { name: /Read-only/ }), true);
      await waitForText(page.getByTestId('tool-manage_sessions'), 'read-only mode', 30_000);
      await toggle(page.getByRole('checkbox', { name: /Ask me before changes/ }), true);
      await toggle(page.getByRole('checkbox', { name: 'Allow List events' }), false);
      await waitForText(page.getByTestId('tool-list_events'), 'Turned off by you', 30_000);
      await screenshot(page, '10-tools-policies');
      expect(harness.core.store.get(acme.id).policies).toMatchObject({
        readOnly: true,
        confirmWrites: true,
        disabledTools: ['list_events'],
      });
      await expect.poll(async () => writeTool(await gateway.toolNames()), { timeout: 30_000 }).toBeUndefined();
      const names = await gateway.toolNames();
      expect(names.some((n) => n.includes('acme-events') && n.endsWith('list_sessions'))).toBe(true);
      expect(names.some((n) => n.includes('acme-events') && n.endsWith('list_events'))).toBe(false);
    } finally {
      await gateway.close();
    }
  });

  it('disconnects after confirmation: the store entry and the keychain secret are gone', async () => {
    const target = await givenTokenConnection(harness, {
      provider: 'sessionboard',
      label: 'Acme dashboards',
      secret: sims.sessionboard.tokens.readOnly,
    });
    expect(await harness.core.secrets.get(secretAccount(target.id))).toBe(sims.sessionboard.tokens.readOnly);
    await goTo(page, 'Connections');
    await page.getByRole('button', { name: 'Open Acme dashboards' }).click();
    await page.getByRole('button', { name: 'Disconnect…' }).click();
    const dialog = page.getByRole('dialog', { name: "Disconnect 'Acme dashboards'?" });
    await dialog.waitFor();
    await screenshot(page, '11-disconnect-confirm', { fullPage: false });
    await dialog.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
    await expect.poll(() => harness.core.store.list().some((c) => c.id === target.id), { timeout: 30_000 }).toBe(false);
    expect(await harness.core.secrets.get(secretAccount(target.id))).toBeNull();
    expect(await page.getByRole('button', { name: 'Open Acme dashboards' }).count()).toBe(0);
  });
});
