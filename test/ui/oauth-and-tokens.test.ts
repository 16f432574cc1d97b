import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type PageProblems, screenshot } from './browser.js';
import { goTo, waitForText } from './flows.js';
import { givenOAuthConnection, openConnection } from './given.js';
import type { UiHarness } from './harness.js';
import type { UiSimulators } from './ui-simulators.js';
import { useUiSession } from './ui-session.js';

// OAuth sign-in against the real oidc-provider authorization server (the browser step driven in a second page),
// token inspection without saving, and the assistant installer, all through the built renderer.
let sims: UiSimulators;
let harness: UiHarness;
let page: Page;
let problems: PageProblems;

useUiSession((s) => ({ sims, harness, page, problems } = s));

describe('OAuth, token inspection and assistants', { timeout: 150_000 }, () => {
  it('signs in with the browser: the authorization page opens, consent completes, the connection works', async () => {
    sims.oauthMcp.knobs.user = { accountId: 'staff-ada', business: 'acme' };
    await goTo(page, 'Add connection');
    await page.getByRole('radio', { name: /^Remote MCP server/ }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('radio', { name: 'Sign in with your browser' }).check();
    await page.getByLabel('Name for this connection').fill('Acme studio (MCP)');
    await page.getByLabel('MCP server address', { exact: true }).fill(sims.oauthMcp.mcpUrl('acme'));
    const before = harness.authUrls.length;
    await page.getByRole('button', { name: 'Sign in with browser' }).click();
    await expect.poll(() => harness.authUrls.length, { timeout: 45_000 }).toBe(before + 1);
    await waitForText(page.getByRole('status'), 'finish signing in');
    await screenshot(page, '12-oauth-waiting-for-browser');
    const authorizeUrl = new URL(harness.authUrls[before]!);
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    const browserStep = await page.context().newPage();
    await browserStep.goto(authorizeUrl.href);
    await browserStep.waitForURL((u) => u.hostname === '127.0.0.1' && !u.href.startsWith(sims.oauthMcp.url), {
      timeout: 45_000,
    });
    await browserStep.close();
    await waitForText(page.getByTestId('wizard-done'), "Connected 'Acme studio (MCP)'", 45_000);
    const saved = harness.core.store.list().find((c) => c.label === 'Acme studio (MCP)')!;
    expect(saved.authKind).toBe('oauth');
    expect(saved.status.state).toBe('ok');
    await page.getByRole('button', { name: 'Open the connection' }).click();
    await page.getByTestId('whoami-panel').getByTestId('whoami-principal').waitFor({ timeout: 45_000 });
    await screenshot(page, '13-oauth-connection');
  });

  it('disconnecting an OAuth connection revokes the grant at the server', async () => {
    // The connection the first test signed in to, whether or not that test ran.
    sims.oauthMcp.knobs.user = { accountId: 'staff-ada', business: 'acme' };
    await givenOAuthConnection(harness, 'Acme studio (MCP)', sims.oauthMcp.mcpUrl('acme'));
    await openConnection(page, 'Acme studio (MCP)');
    const before = sims.oauthMcp.knobs.counts.revocations;
    await page.getByRole('button', { name: 'Disconnect…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disconnect', exact: true }).click();
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
    await expect.poll(() => harness.core.store.list().length, { timeout: 30_000 }).toBe(0);
    expect(sims.oauthMcp.knobs.counts.revocations).toBeGreaterThan(before);
    const removal = harness.rpcs.find((r) => r.channel === 'connections:remove')!;
    expect(JSON.parse(removal.response)).toMatchObject({ ok: true, value: { revoked: true } });
  });

  it('inspects a token without saving it: JWT claims marked unverified, then a live check with the service', async () => {
    // A token that ends in 3 days: the whoami panel must warn (under 7 days) and count down.
    const token = sims.sessionServices.issueToken({
      scopes: ['EVENT', 'ORDER'],
      email: 'maya@harbourlight.example',
      expiresInSeconds: 3 * 86_400,
    });
    await goTo(page, 'Inspect a token');
    await page.getByLabel('Token', { exact: true }).fill(token);
    await page.getByRole('button', { name: 'Inspect', exact: true }).click();
    await waitForText(page.getByTestId('inspect-kind'), 'JSON Web Token');
    await waitForText(page.getByTestId('inspection'), 'Unverified');
    await waitForText(page.getByTestId('jwt-claims'), 'EVENT');
    await page.getByLabel('Service').selectOption('session-services');
    await page.getByLabel('Tenant id', { exact: true }).fill(sims.sessionServices.tokens.tenantId);
    await page.getByRole('button', { name: 'Check with the service' }).click();
    await waitForText(page.getByTestId('inspect-live'), 'Maya', 45_000);
    await waitForText(page.getByTestId('inspect-live').getByTestId('whoami-expiry'), /in 2 days 23 h|in 3 days 0 h/);
    await waitForText(page.getByTestId('inspect-live'), 'expires in less than 7 days');
    await screenshot(page, '14-inspect-token');
    expect(harness.core.store.list()).toHaveLength(0);
    for (const rpc of harness.rpcs) expect(rpc.response).not.toContain(token);
  });

  it('connects an assistant: shows what changed and where the backup is, and a copyable snippet', async () => {
    const cursorConfig = `${harness.assistantsHome}/.cursor/mcp.json`;
    fs.mkdirSync(`${harness.assistantsHome}/.cursor`, { recursive: true });
    fs.writeFileSync(cursorConfig, JSON.stringify({ mcpServers: { other: { command: 'other-server' } } }));
    await goTo(page, 'Connect to your assistant');
    const cursor = page.getByTestId('assistant-cursor');
    await cursor.getByRole('button', { name: 'Connect Cursor' }).click();
    await waitForText(cursor, 'Added Bridgekeeper to', 30_000);
    await waitForText(cursor, 'bridgekeeper-backup');
    await screenshot(page, '15-connect-assistant');
    const written = JSON.parse(fs.readFileSync(cursorConfig, 'utf8')) as {
      mcpServers: Record<string, { args: string[] }>;
    };
    expect(Object.keys(written.mcpServers).sort()).toEqual(['bridgekeeper', 'other']);
    expect(written.mcpServers.bridgekeeper!.args.slice(-3)).toEqual(['mcp', '--assistant', 'cursor']);
    await cursor.getByRole('button', { name: 'Connect Cursor' }).click();
    await waitForText(cursor, 'nothing changed', 30_000);
    const snippet = page.getByLabel('Configuration snippet');
    await expect
      .poll(async () => (await snippet.inputValue()).includes('"bridgekeeper"'), { timeout: 30_000 })
      .toBe(true);
    expect(problems.csp).toEqual([]);
    expect(problems.errors).toEqual([]);
  });

  it('a sign-in can be cancelled while the browser step is pending; the connection waits for a later sign-in', async () => {
    await goTo(page, 'Add connection');
    await page.getByRole('radio', { name: /^Remote MCP server/ }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('radio', { name: 'Sign in with your browser' }).check();
    await page.getByLabel('Name for this connection').fill('Later MCP');
    await page.getByLabel('MCP server address', { exact: true }).fill(sims.oauthMcp.mcpUrl('acme'));
    const before = harness.authUrls.length;
    await page.getByRole('button', { name: 'Sign in with browser' }).click();
    await expect.poll(() => harness.authUrls.length, { timeout: 45_000 }).toBe(before + 1);
    await page.getByRole('button', { name: 'Cancel sign-in' }).click();
    await waitForText(page.getByTestId('wizard-done'), 'Sign-in was cancelled', 45_000);
    const saved = harness.core.store.list().find((c) => c.label === 'Later MCP')!;
    expect(saved.status.state).toBe('needs_sign_in');
    const reply = harness.rpcs.filter((r) => r.channel === 'connections:sign-in').at(-1)!;
    expect(JSON.parse(reply.response)).toMatchObject({ ok: false, error: { code: 'sign_in_cancelled' } });
  });
});
