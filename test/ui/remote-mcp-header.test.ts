import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGenericMcpSimulator, type GenericMcpSimulator } from '../simulators/generic-mcp-server.js';
import { goTo, waitForText } from './flows.js';
import type { UiHarness } from './harness.js';
import { useUiSession } from './ui-session.js';

// Real parts: the built renderer in Chromium, the real app handlers, and a real MCP server that accepts the token
// only in X-Api-Key (reached through the product's host overrides, as the other simulators are).
let harness: UiHarness;
let page: Page;
let keyed: GenericMcpSimulator;
let previousOverrides: string | undefined;

beforeAll(async () => {
  keyed = await startGenericMcpSimulator({
    host: 'mcp.keyed-ui.example',
    headerName: 'x-api-key',
    name: 'Keyed Tools',
  });
});
useUiSession((s) => {
  ({ harness, page } = s);
  previousOverrides = process.env.BRIDGEKEEPER_HOST_OVERRIDES;
  process.env.BRIDGEKEEPER_HOST_OVERRIDES = JSON.stringify({
    ...JSON.parse(previousOverrides ?? '{}'),
    ...keyed.hostOverrides,
  });
});
afterAll(async () => {
  await keyed?.close();
});

describe('remote MCP header token in the add form', { timeout: 150_000 }, () => {
  it('sends the token in the header the server names, checked live before saving', async () => {
    await page.getByTestId('welcome').getByRole('button', { name: 'Got it' }).click();
    await goTo(page, 'Add connection');
    await page.getByRole('radio', { name: /^Remote MCP server/ }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Name for this connection').fill('Keyed');
    await page.getByLabel('MCP server address', { exact: true }).fill(keyed.endpoint);
    await page.locator('#token').fill(keyed.tokens.full);
    await page.getByLabel('Header that carries the token (optional)').fill('X-Api-Key');
    await page.getByRole('button', { name: 'Check and save' }).click();
    await waitForText(page.getByTestId('wizard-done'), "Connected 'Keyed'", 45_000);
    expect(harness.core.store.list().find((c) => c.label === 'Keyed')?.metadata.headerName).toBe('X-Api-Key');
    expect(keyed.requests.length).toBeGreaterThan(0);
    expect(keyed.requests.every((r) => r.credential === keyed.tokens.full)).toBe(true);
  });
});
