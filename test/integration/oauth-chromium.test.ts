import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../shared/use-cases/sign-in.js';
import type { Core } from '../../shared/connections/core.js';
import {
  startSessionsWebsiteMcpSimulator,
  type SessionsWebsiteMcpSimulator,
} from '../simulators/sessions-website-mcp.js';
import { freshCore } from './oauth-test-kit.js';

// The browser step in a real (headless) Chromium: authorization server redirects, the loopback callback, and the
// page a person actually sees at the end.
let sim: SessionsWebsiteMcpSimulator;
let browser: Browser;
let core: Core;

beforeAll(async () => {
  sim = await startSessionsWebsiteMcpSimulator();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  core = freshCore();
});
afterAll(async () => {
  await browser?.close();
  await sim.close();
});

async function signInWithChromium(label: string): Promise<{ page: Page; result: Promise<unknown> }> {
  await core.store.add({
    label,
    provider: 'sessions-website',
    baseUrl: sim.url,
    authKind: 'oauth',
    metadata: { handle: 'acme', mode: 'mcp' },
  });
  const page = await (await browser.newContext()).newPage();
  const result = signIn(core, label, {
    openBrowser: async (url) => void page.goto(url).catch(() => undefined),
    timeoutMs: 60_000,
  }).catch((e: unknown) => e);
  return { page, result };
}

describe('OAuth sign-in in headless Chromium', { timeout: 90_000 }, () => {
  it('ends on the friendly "you can close this tab" page on the loopback address', async () => {
    sim.knobs.user = { accountId: 'staff-ada', business: 'acme' };
    const { page, result } = await signInWithChromium('Chromium Acme');
    expect(await result).toMatchObject({ scopes: ['mcp:business'], subject: 'staff-ada' });
    await expect.poll(() => page.title(), { timeout: 30_000 }).toBe("You're signed in — you can close this tab");
    expect(new URL(page.url()).hostname).toBe('127.0.0.1');
    expect(new URL(page.url()).pathname).toBe('/callback');
  });

  it('shows a clear page when the person denies access', async () => {
    sim.knobs.user = { accountId: 'staff-ada', business: 'acme', deny: true };
    const { page, result } = await signInWithChromium('Chromium Denied');
    expect(await result).toMatchObject({ reason: 'consent_denied' });
    await expect.poll(() => page.title(), { timeout: 30_000 }).toBe('Sign-in did not complete');
    expect(await page.textContent('body')).toMatch(/You did not allow access/);
  });
});
