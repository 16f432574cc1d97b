import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './browser.js';
import { addTokenConnection, submitTokenConnection, waitForText } from './flows.js';
import { givenTokenConnection } from './given.js';
import type { UiHarness } from './harness.js';
import type { UiSimulators } from './ui-simulators.js';
import { useUiSession } from './ui-session.js';

// Real parts: the built renderer in system Chromium, the real app handlers, a real store and keychain, simulators.
let sims: UiSimulators;
let harness: UiHarness;
let page: Page;

useUiSession((s) => ({ sims, harness, page } = s));

/** The app must never show CLI commands or flags. */
const CLI_WORDS = /`bridgekeeper|bridgekeeper (connections|login|whoami|tools)|(^|\s|\()--[a-z]/;

async function errorText(): Promise<string> {
  const error = page.getByTestId('error');
  await error.waitFor({ timeout: 45_000 });
  return (await error.textContent()) ?? '';
}

describe('one-click fixes in the add wizard', { timeout: 150_000 }, () => {
  it('"Switch to EU" reconnects a token from the other Sessionboard region', async () => {
    await page.getByTestId('welcome').getByRole('button', { name: 'Got it' }).click();
    await submitTokenConnection(page, {
      service: 'Sessionboard',
      label: 'Nordic',
      region: 'us',
      token: sims.sessionboard.tokens.eu,
    });
    const text = await errorText();
    expect(text).toContain('Switch to EU');
    expect(text).not.toMatch(CLI_WORDS);
    await screenshot(page, '18-add-switch-region');
    await page.getByTestId('error-fix').click();
    await waitForText(page.getByTestId('wizard-done'), "Connected 'Nordic'", 45_000);
    expect(harness.core.store.list().find((c) => c.label === 'Nordic')?.region).toBe('eu');
  });

  it('"Use I\'mBoard instead" moves a pasted I\'mBoard token to the right service, token kept', async () => {
    await submitTokenConnection(page, { service: 'Sessionboard', label: 'Board', token: sims.imboard.tokens.batRead });
    const text = await errorText();
    expect(text).not.toMatch(CLI_WORDS);
    await screenshot(page, '19-add-detected-service');
    await page.getByTestId('error-fix').click();
    await waitForText(page.getByRole('heading', { level: 2 }), "Connect I'mBoard");
    expect(await page.getByLabel('Name for this connection').inputValue()).toBe('Board');
    await page.getByRole('button', { name: 'Check and save' }).click();
    await waitForText(page.getByTestId('wizard-done'), "Connected 'Board'", 45_000);
    expect(harness.core.store.list().find((c) => c.label === 'Board')?.provider).toBe('imboard');
  });

  it('offers a free name when the name is taken', async () => {
    await givenTokenConnection(harness, { provider: 'imboard', label: 'Board', secret: sims.imboard.tokens.batRead });
    await submitTokenConnection(page, { service: "I'mBoard", label: 'board', token: sims.imboard.tokens.batRead });
    const text = await errorText();
    expect(text).toContain("Use 'board (2)'");
    expect(text).not.toMatch(CLI_WORDS);
    await screenshot(page, '20-add-name-taken');
    await page.getByTestId('error-fix').click();
    await waitForText(page.getByTestId('wizard-done'), "Connected 'board (2)'", 45_000);
  });

  it('"Paste another token" empties and focuses the token field after a refused token', async () => {
    await submitTokenConnection(page, { service: 'Sessionboard', label: 'Typo', token: 'not-a-real-token-0000000000' });
    const text = await errorText();
    expect(text).not.toMatch(CLI_WORDS);
    await page.getByTestId('error-fix').filter({ hasText: 'Paste another token' }).click();
    await expect.poll(() => page.locator('#token').inputValue()).toBe('');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('token');
    expect(harness.core.store.list().some((c) => c.label === 'Typo')).toBe(false);
  });

  it('accepts a token pasted with "Bearer " and spaces, and a pasted business address as handle', async () => {
    await addTokenConnection(page, {
      service: 'sessions.website',
      label: 'Acme Yoga',
      handle: 'https://business.sessions.website/@acme-yoga',
      token: `  Bearer ${sims.sessionsWebsite.tokens.acmeReadOnly}  `,
    });
    expect(harness.core.store.list().find((c) => c.label === 'Acme Yoga')?.metadata.handle).toBe('acme-yoga');
  });
});
