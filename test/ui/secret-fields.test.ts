import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeSeriousViolations, screenshot } from './browser.js';
import { goTo } from './flows.js';
import { useUiSession } from './ui-session.js';

// Real parts: the built renderer in Chromium against the real app handlers. Every field that takes a secret has a
// Show toggle: a button named "Show <what>" whose aria-pressed says whether the value is visible.
let page: Page;

useUiSession((s) => ({ page } = s));

/** Types a value, checks it is hidden, shows it, hides it again; returns nothing the page could keep. */
async function checkToggle(input: Locator, name: string): Promise<void> {
  const toggle = page.getByRole('button', { name, exact: true });
  await input.fill('not-a-real-secret-123456');
  expect(await input.getAttribute('type')).toBe('password');
  expect(await toggle.getAttribute('aria-pressed')).toBe('false');
  expect(await toggle.getAttribute('aria-controls')).toBe(await input.getAttribute('id'));
  await toggle.click();
  expect(await input.getAttribute('type')).toBe('text');
  expect(await toggle.getAttribute('aria-pressed')).toBe('true');
  expect(await input.inputValue()).toBe('not-a-real-secret-123456');
  // Keyboard works too: Space on the focused toggle hides it again.
  await toggle.focus();
  await page.keyboard.press('Space');
  expect(await input.getAttribute('type')).toBe('password');
  expect(await toggle.getAttribute('aria-pressed')).toBe('false');
}

describe('show/hide on every secret field', { timeout: 150_000 }, () => {
  it('the add wizard token field, the OAuth client secret and the token inspector each have an accessible toggle', async () => {
    await page.getByTestId('welcome').getByRole('button', { name: 'Got it' }).click();
    await goTo(page, 'Add connection');
    await page.getByRole('radio', { name: /^Sessionboard/ }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    const token = page.locator('#token');
    await checkToggle(token, 'Show token');
    await page.getByRole('button', { name: 'Show token', exact: true }).click();
    await screenshot(page, '27-token-shown');
    expect(await axeSeriousViolations(page)).toEqual([]);

    await goTo(page, 'Add connection');
    await page.getByRole('radio', { name: /^Remote MCP server/ }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await checkToggle(page.locator('#token'), 'Show token');
    await page.getByRole('radio', { name: 'Sign in with your browser' }).check();
    await page.getByText('The server needs a client you registered there (optional)').click();
    await checkToggle(page.locator('#client-secret'), 'Show client secret');

    await goTo(page, 'Inspect a token');
    await checkToggle(page.getByLabel('Token', { exact: true }), 'Show token');
    expect(await axeSeriousViolations(page)).toEqual([]);
  });
});
