import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { secretAccount } from '../../shared/secrets/secret-store.js';
import { axeSeriousViolations, type PageProblems, screenshot } from './browser.js';
import { connectRealGateway } from './gateway-client.js';
import { addTokenConnection, goTo, submitTokenConnection, waitForText } from './flows.js';
import { givenTokenConnection } from './given.js';
import type { UiHarness } from './harness.js';
import type { UiSimulators } from './ui-simulators.js';
import { useUiSession } from './ui-session.js';

// A recognisable fake secret goes in through the UI and must come out nowhere: not in the DOM, not in any RPC
// response (only in the one request that carries it in), not in the store, logs or audit. Plus axe-core on every
// screen and a keyboard-only pass through the wizard.
const CANARY = 'bkCANARY0xDEADBEEF0x5ecre7t0ken0x42canary';
let sims: UiSimulators;
let harness: UiHarness;
let page: Page;
let problems: PageProblems;
const axeFindings: Record<string, Array<{ id: string; impact: string; nodes: string[] }>> = {};

/** The connection the keyboard-only test adds (a Hide PII token), set up here when that test did not run. */
const givenKeyboardOrg = () =>
  givenTokenConnection(harness, {
    provider: 'sessionboard',
    label: 'Keyboard org',
    secret: sims.sessionboard.tokens.hidePii,
  });

/** The findings of these screens, as audited (each must have been). */
function findingsOf(screens: string[]): Record<string, unknown[] | undefined> {
  return Object.fromEntries(screens.map((screen) => [screen, axeFindings[screen]]));
}

async function audit(screen: string): Promise<void> {
  axeFindings[screen] = await axeSeriousViolations(page);
}

async function domText(): Promise<string> {
  const values = await page.evaluate(
    `[...document.querySelectorAll('input, textarea, select')].map((e) => e.value).join('\\n')`,
  );
  return `${await page.content()}\n${String(values)}`;
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

useUiSession((s) => ({ sims, harness, page, problems } = s), {
  seed: (started) => {
    const template = started.sessionboard.world.tokens.find((t) => t.key === 'full')!;
    started.sessionboard.world.tokens.push({
      ...template,
      key: 'canary',
      value: CANARY,
      id: 'tok_canary',
      name: 'Canary token',
    });
  },
});

describe('secrets never leak, and the app is accessible', { timeout: 180_000 }, () => {
  it('walks the wizard with Tab and Enter only', async () => {
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
    const focused = () =>
      page.evaluate(
        'document.activeElement ? document.activeElement.textContent + "|" + (document.activeElement.getAttribute("aria-label") || document.activeElement.id || "") : ""',
      ) as Promise<string>;
    for (let i = 0; i < 12 && !(await focused()).startsWith('Add connection|'); i++) await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^Add connection\|/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Add a connection' }).waitFor();
    // The screen's heading takes focus right after it renders; Tab only from there (on a busy machine it comes later).
    await expect.poll(focused, { timeout: 10_000 }).toMatch(/^Add a connection\|/);
    await page.keyboard.press('Tab'); // the checked service (Sessionboard)
    await expect
      .poll(() => page.evaluate('document.activeElement?.type + ":" + document.activeElement?.checked'), {
        timeout: 10_000,
      })
      .toBe('radio:true');
    await page.keyboard.press('Tab'); // Next
    await expect.poll(focused, { timeout: 10_000 }).toMatch(/^Next\|/);
    await page.keyboard.press('Enter');
    await page.getByLabel('Name for this connection').waitFor();
    await expect.poll(focused, { timeout: 10_000 }).toMatch(/\|label$/);
    await page.keyboard.type('Keyboard org');
    await page.keyboard.press('Tab'); // region
    await page.keyboard.press('Tab'); // token
    expect(await focused()).toMatch(/\|token$/);
    await page.keyboard.type(sims.sessionboard.tokens.hidePii);
    await page.keyboard.press('Enter');
    await waitForText(page.getByTestId('wizard-done'), "Connected 'Keyboard org'", 45_000);
    expect(await focused()).toMatch(/^Open the connection/);
    await page.keyboard.press('Enter');
    await waitForText(page.getByTestId('whoami-principal'), 'Acme Events', 45_000);
  });

  it('a canary token added through the UI appears only in the keychain and the one request that carried it', async () => {
    await addTokenConnection(page, { service: 'Sessionboard', label: 'Canary org', token: CANARY });
    const dom: string[] = [await domText()];
    await page.getByRole('button', { name: 'Open the connection' }).click();
    await waitForText(page.getByTestId('whoami-principal'), 'Acme Events', 45_000);
    dom.push(await domText());
    await audit('whoami panel');
    await page.getByRole('button', { name: 'Tools and permissions' }).click();
    await page.getByTestId('tool-list_events').waitFor({ timeout: 45_000 });
    dom.push(await domText());
    await audit('tools matrix');
    // The hidePii token lacks write:sessions, so its write tools are not offered (issue 16) unless the person asks to
    // see them: ask, so the refused write below (and its audit line) still happens.
    const keyboard = await givenKeyboardOrg();
    await harness.core.store.update(keyboard.id, (c) => ({ policies: { ...c.policies, showUnusableTools: true } }));
    const gateway = await connectRealGateway(harness.home);
    try {
      const names = await gateway.toolNames();
      const listEvents = names.find((n) => n.includes('canary-org') && n.endsWith('list_events'))!;
      expect(await gateway.call(listEvents)).toContain('Acme Summit 2026');
      const write = names.find((n) => n.includes('keyboard-org') && n.endsWith('manage_sessions'))!;
      expect(
        await gateway.call(write, { action: 'create', eventId: 'evt_summit26', data: { title: 'Keynote' } }),
      ).toContain('write:sessions');
      expect(gateway.stderr()).not.toContain(CANARY);
    } finally {
      await gateway.close();
    }
    await goTo(page, 'Activity');
    await waitForText(page.getByTestId('activity-table'), 'Canary org', 30_000);
    await waitForText(page.getByTestId('activity-table'), 'lacks a permission');
    await screenshot(page, '16-activity');
    await page.getByLabel('Outcome').selectOption('refused');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await expect
      .poll(() => page.getByTestId('activity-table').locator('tbody tr').count(), { timeout: 30_000 })
      .toBe(1);
    await waitForText(page.getByTestId('activity-table'), 'Keyboard org');
    dom.push(await domText());
    await audit('activity');
    await goTo(page, 'Connections');
    await page.getByTestId('connection-row').first().waitFor();
    dom.push(await domText());

    const id = harness.core.store.list().find((c) => c.label === 'Canary org')!.id;
    expect(await harness.core.secrets.get(secretAccount(id))).toBe(CANARY); // positive control: it was really saved
    for (const snapshot of dom) expect(snapshot).not.toContain(CANARY);
    const carrying = harness.rpcs.filter((r) => r.request.includes(CANARY));
    expect(carrying.map((r) => r.channel)).toEqual(['connections:add']);
    for (const rpc of harness.rpcs) expect(rpc.response, rpc.channel).not.toContain(CANARY);
    const files = filesUnder(harness.home);
    expect(files.some((f) => f.endsWith('connections.json'))).toBe(true);
    expect(files.some((f) => f.includes('audit'))).toBe(true);
    for (const file of files) expect(fs.readFileSync(file, 'utf8'), file).not.toContain(CANARY);
    const screens = ['whoami panel', 'tools matrix', 'activity'];
    expect(findingsOf(screens)).toEqual(Object.fromEntries(screens.map((k) => [k, []])));
  });

  it('has no serious or critical axe-core violations on any screen', async () => {
    await givenKeyboardOrg();
    await goTo(page, 'Connections');
    await page.getByTestId('connection-row').first().waitFor();
    await audit('connections');
    await goTo(page, 'Add connection');
    await audit('wizard: pick a service');
    await page.getByRole('radio', { name: /^sessions\.website/ }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Business handle', { exact: true }).waitFor();
    await audit('wizard: details');
    await submitTokenConnection(page, {
      service: 'Sessionboard',
      label: 'Broken',
      token: 'definitely-not-a-valid-token-000',
    });
    await page.getByTestId('error').waitFor({ timeout: 45_000 });
    await audit('wizard: error');
    await goTo(page, 'Inspect a token');
    await page.getByLabel('Token', { exact: true }).fill(sims.imboard.tokens.patRead);
    await page.getByRole('button', { name: 'Inspect', exact: true }).click();
    await page.getByTestId('inspection').waitFor();
    await audit('inspect a token');
    await goTo(page, 'Connect to your assistant');
    await page.getByLabel('Configuration snippet').waitFor();
    await audit('assistants');
    await goTo(page, 'Connections');
    await page.getByRole('button', { name: 'Open Keyboard org' }).click();
    await page.getByRole('button', { name: 'Disconnect…' }).click();
    await page.getByRole('dialog').waitFor();
    await audit('disconnect dialog');
    await page.keyboard.press('Escape');
    await page.getByLabel('Appearance').selectOption('dark');
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme'), { timeout: 30_000 }).toBe('dark');
    await goTo(page, 'Connections');
    await page.getByTestId('connection-row').first().waitFor();
    await screenshot(page, '17-dark-theme');
    await audit('connections (dark theme)');
    // Every screen audited here (and any an earlier test audited) has no finding.
    const screens = [
      'connections',
      'wizard: pick a service',
      'wizard: details',
      'wizard: error',
      'inspect a token',
      'assistants',
      'disconnect dialog',
      'connections (dark theme)',
    ];
    expect(findingsOf(screens)).toEqual(Object.fromEntries(screens.map((k) => [k, []])));
    expect(axeFindings).toEqual(Object.fromEntries(Object.keys(axeFindings).map((k) => [k, []])));
    expect(problems.csp).toEqual([]);
    expect(problems.errors).toEqual([]);
    // Positive control: the same check does catch a real problem (an unlabelled field).
    await page.evaluate(
      `document.querySelector('main').appendChild(Object.assign(document.createElement('input'), { id: 'unlabelled-probe' }))`,
    );
    expect((await axeSeriousViolations(page)).map((v) => v.id)).toContain('label');
  });
});
