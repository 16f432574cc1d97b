import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeSeriousViolations, launchChromium, openApp, type PageProblems, screenshot } from './browser.js';
import { addTokenConnection, goTo, submitTokenConnection, waitForText } from './flows.js';
import { startUiHarness, type UiHarness } from './harness.js';
import { startUiSimulators, type UiSimulators } from './ui-simulators.js';

// Real parts: the built renderer in system Chromium, the real app handlers over the contract, a real store in a
// temp home, the real keychain (scripts/with-test-keyring.sh) and the service simulators behind the real hostnames.
let sims: UiSimulators;
let harness: UiHarness;
let browser: Browser;
let page: Page;
let problems: PageProblems;

beforeAll(async () => {
  sims = await startUiSimulators();
  harness = await startUiHarness();
  browser = await launchChromium();
  ({ page, problems } = await openApp(browser, harness));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await sims?.close();
});

describe('desktop app in Chromium', { timeout: 150_000 }, () => {
  it('starts on an empty Connections screen with no CSP violation', async () => {
    await waitForText(page.getByRole('heading', { level: 1 }), 'Connections');
    await page.getByText('No connections yet').waitFor();
    await screenshot(page, '01-connections-empty');
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

  it('adds sessions.website (handle), Session Services (tenant id + token) and I\'mBoard connections', async () => {
    await addTokenConnection(page, { service: 'sessions.website', label: 'Acme Yoga', handle: 'acme-yoga', token: sims.sessionsWebsite.tokens.acmeReadOnly });
    await addTokenConnection(page, { service: 'Session Services', label: 'Harbour Lights', tenantId: sims.sessionServices.tokens.tenantId, token: sims.sessionServices.tokens.eventManager });
    await addTokenConnection(page, { service: "I'mBoard", label: 'Board reporting', token: sims.imboard.tokens.batRead });
    await goTo(page, 'Connections');
    await expect.poll(() => page.getByTestId('connection-row').count(), { timeout: 30_000 }).toBe(4);
    for (const row of await page.getByTestId('connection-row').all()) await waitForText(row.getByTestId('status'), 'Working');
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
    await submitTokenConnection(page, { service: 'Sessionboard', label: 'Nordic', region: 'us', token: sims.sessionboard.tokens.eu });
    const error = page.getByTestId('error');
    await waitForText(error, /EU/, 45_000);
    await screenshot(page, '07-add-wrong-region');
    expect(harness.core.store.list().some((c) => c.label === 'Nordic')).toBe(false);
  });
});
