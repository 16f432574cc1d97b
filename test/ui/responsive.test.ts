import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeSeriousViolations, horizontalOverflow, launchChromium, openApp, screenshot } from './browser.js';
import { connectRealGateway } from './gateway-client.js';
import { addTokenConnection, goTo, waitForText } from './flows.js';
import { startUiHarness, type UiHarness } from './harness.js';
import { startUiSimulators, type UiSimulators } from './ui-simulators.js';

// Real parts: the built renderer in Chromium against the real app handlers, store, keychain and simulators.
// Two narrow cases: a 640 px wide window, and a 1280 × 860 window at 200% zoom (a 640 × 430 CSS viewport drawn at
// device scale 2, which is what browser zoom does). On every screen nothing may stick out sideways, and axe-core
// must find nothing serious.
let sims: UiSimulators;
let harness: UiHarness;
let browser: Browser;

beforeAll(async () => {
  sims = await startUiSimulators();
  harness = await startUiHarness();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await sims?.close();
});

/** Checks the screen now shown: no sideways overflow, no serious axe finding. Records the findings by name. */
async function checkScreen(page: Page, name: string, findings: Record<string, unknown>): Promise<void> {
  const overflow = await horizontalOverflow(page);
  const axe = await axeSeriousViolations(page);
  if (overflow.length > 0 || axe.length > 0) findings[name] = { overflow, axe };
}

async function walkEveryScreen(page: Page, prefix: string, label: string): Promise<Record<string, unknown>> {
  const findings: Record<string, unknown> = {};
  const welcome = page.getByTestId('welcome');
  if (await welcome.isVisible()) {
    await checkScreen(page, 'connections (welcome)', findings);
    await welcome.getByRole('button', { name: 'Got it' }).click();
  }
  await addTokenConnection(page, { service: 'Sessionboard', label, token: sims.sessionboard.tokens.hidePii });
  await checkScreen(page, 'wizard done', findings);
  // One call through the real gateway so the Activity screen has rows to lay out.
  const gateway = await connectRealGateway(harness.home);
  try {
    const slug = label.toLowerCase().replace(/ /g, '-');
    await gateway.call((await gateway.toolNames()).find((n) => n.includes(slug) && n.endsWith('list_events'))!);
  } finally {
    await gateway.close();
  }
  await goTo(page, 'Add connection');
  await checkScreen(page, 'wizard: pick a service', findings);
  await page.getByRole('radio', { name: /^Remote MCP server/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Name for this connection').waitFor();
  await checkScreen(page, 'wizard: remote MCP form', findings);
  await goTo(page, 'Connections');
  await page.getByTestId('connection-row').first().waitFor();
  await checkScreen(page, 'connections', findings);
  await screenshot(page, `${prefix}-connections`);
  await page.getByRole('button', { name: `Open ${label}` }).click();
  await waitForText(page.getByTestId('whoami-principal'), 'Acme Events', 45_000);
  await checkScreen(page, 'whoami panel', findings);
  await screenshot(page, `${prefix}-whoami`);
  await page.getByRole('button', { name: 'Tools and permissions' }).click();
  await page.getByTestId('tool-list_events').waitFor({ timeout: 45_000 });
  await checkScreen(page, 'tools', findings);
  await screenshot(page, `${prefix}-tools`);
  await page.getByRole('button', { name: 'Edit' }).first().click();
  await page.getByTestId('edit-connection').waitFor();
  await checkScreen(page, 'edit connection', findings);
  await page.getByTestId('edit-connection').getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Disconnect…' }).click();
  await page.getByRole('dialog').waitFor();
  await checkScreen(page, 'disconnect dialog', findings);
  await page.keyboard.press('Escape');
  await goTo(page, 'Inspect a token');
  await page.getByLabel('Token', { exact: true }).fill(sims.imboard.tokens.patRead);
  await page.getByRole('button', { name: 'Inspect', exact: true }).click();
  await page.getByTestId('inspection').waitFor();
  await checkScreen(page, 'inspect a token', findings);
  await goTo(page, 'Activity');
  await waitForText(page.getByTestId('activity-table'), label, 30_000);
  await checkScreen(page, 'activity', findings);
  await screenshot(page, `${prefix}-activity`);
  await goTo(page, 'Connect to your assistant');
  await page.getByLabel('Configuration snippet').waitFor();
  await checkScreen(page, 'assistants', findings);
  await screenshot(page, `${prefix}-assistants`);
  return findings;
}

describe('responsive layout', { timeout: 300_000 }, () => {
  it('at 640 px wide every screen fits, nothing is cut off, and axe finds nothing serious', async () => {
    const { page, problems } = await openApp(browser, harness, { width: 640, height: 900 });
    const findings = await walkEveryScreen(page, '28-narrow-640', 'Narrow org');
    expect(findings).toEqual({});
    expect(problems.errors).toEqual([]);
  });

  it('a 1280 × 860 window at 200% zoom: every screen fits, nothing is cut off, and axe finds nothing serious', async () => {
    const { page, problems } = await openApp(browser, harness, { width: 640, height: 430 }, { deviceScaleFactor: 2 });
    expect(await page.evaluate('window.devicePixelRatio')).toBe(2);
    const findings = await walkEveryScreen(page, '29-zoom-200', 'Zoomed org');
    expect(findings).toEqual({});
    expect(problems.errors).toEqual([]);
  });
});
