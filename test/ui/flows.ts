import type { Locator, Page } from 'playwright-core';

/** Waits until `locator` contains `text` (auto-waiting, generous timeout for slow machines). */
export async function waitForText(locator: Locator, text: string | RegExp, timeout = 30_000): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout });
}

/** Opens a screen from the side navigation. */
export async function goTo(
  page: Page,
  name: 'Connections' | 'Add connection' | 'Inspect a token' | 'Activity' | 'Connect to your assistant',
): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

export interface TokenConnectionInput {
  service: 'Sessionboard' | 'sessions.website' | 'Session Services' | "I'mBoard";
  label: string;
  token?: string;
  region?: 'us' | 'eu';
  handle?: string;
  tenantId?: string;
}

/** Fills the add-connection wizard with a token (or tenant id only) and submits it; does not wait for the outcome. */
export async function submitTokenConnection(page: Page, input: TokenConnectionInput): Promise<void> {
  await goTo(page, 'Add connection');
  await page.getByRole('radio', { name: new RegExp(`^${input.service.replace('.', '\\.')}`) }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Name for this connection').fill(input.label);
  if (input.region) await page.getByLabel(/^Region/).selectOption(input.region);
  if (input.handle) await page.getByLabel('Business handle', { exact: true }).fill(input.handle);
  if (input.tenantId) await page.getByLabel('Tenant id', { exact: true }).fill(input.tenantId);
  if (input.token !== undefined)
    await page.getByLabel(/token/i).and(page.locator('input[type=password]')).fill(input.token);
  await page.getByRole('button', { name: 'Check and save' }).click();
}

/** Adds a token connection and waits for the wizard's success step. */
export async function addTokenConnection(page: Page, input: TokenConnectionInput): Promise<void> {
  await submitTokenConnection(page, input);
  await waitForText(page.getByTestId('wizard-done'), `Connected '${input.label}'`, 45_000);
}

/** Clicks a switch whose state the core confirms (controlled by the saved policy) and waits for the new state. */
export async function toggle(checkbox: Locator, on: boolean): Promise<void> {
  await checkbox.waitFor();
  if ((await checkbox.isChecked()) === on) return;
  await checkbox.click();
  // Playwright's own auto-waiting for the state the core confirmed, not a timed loop here.
  await checkbox.and(checkbox.page().locator(on ? ':checked' : ':not(:checked)')).waitFor({ timeout: 30_000 });
  await checkbox.and(checkbox.page().locator(':enabled')).waitFor();
}
