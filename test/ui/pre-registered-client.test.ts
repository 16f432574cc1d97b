import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { connectionClientAccount } from '../../shared/auth/oauth/pre-registered-client.js';
import { readGrant } from '../../shared/auth/oauth/grant-store.js';
import { PREREGISTERED_CONFIDENTIAL_CLIENT } from '../simulators/oauth-server.js';
import type { PageProblems } from './browser.js';
import { goTo, waitForText } from './flows.js';
import type { UiHarness } from './harness.js';
import type { UiSimulators } from './ui-simulators.js';
import { useUiSession } from './ui-session.js';

// The remote server form's pre-registered client fields (servers without Dynamic Client Registration), through the
// built renderer in Chromium against the real core and the oidc-provider simulator with DCR hidden.
let sims: UiSimulators;
let harness: UiHarness;
let page: Page;
let problems: PageProblems;

useUiSession((s) => ({ sims, harness, page, problems } = s));

describe('pre-registered OAuth client in the remote MCP server form', { timeout: 150_000 }, () => {
  it('signs in with the client id and secret typed in the form; the secret goes only to the keychain', async () => {
    const { client_id: clientId, client_secret: clientSecret } = PREREGISTERED_CONFIDENTIAL_CLIENT;
    sims.oauthMcp.knobs.dcrDisabled = true;
    sims.oauthMcp.knobs.user = { accountId: 'staff-ada', business: 'acme' };
    const registrations = sims.oauthMcp.knobs.counts.registrations;
    try {
      await goTo(page, 'Add connection');
      await page.getByRole('radio', { name: /^Remote MCP server/ }).check();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('radio', { name: 'Sign in with your browser' }).check();
      await page.getByLabel('Name for this connection').fill('Registered MCP');
      await page.getByLabel('MCP server address', { exact: true }).fill(sims.oauthMcp.mcpUrl('acme'));
      await page.getByText('The server needs a client you registered there (optional)').click();
      await page.getByLabel('Client ID', { exact: true }).fill(clientId);
      await page.getByLabel('Client secret (if the service gave you one)').fill(clientSecret);
      const before = harness.authUrls.length;
      await page.getByRole('button', { name: 'Sign in with browser' }).click();
      await expect.poll(() => harness.authUrls.length, { timeout: 45_000 }).toBe(before + 1);
      const authorizeUrl = new URL(harness.authUrls[before]!);
      expect(authorizeUrl.searchParams.get('client_id')).toBe(clientId);
      const browserStep = await page.context().newPage();
      await browserStep.goto(authorizeUrl.href);
      await browserStep.waitForURL((u) => u.hostname === '127.0.0.1' && !u.href.startsWith(sims.oauthMcp.url), {
        timeout: 45_000,
      });
      await browserStep.close();
      await waitForText(page.getByTestId('wizard-done'), "Connected 'Registered MCP'", 45_000);

      const saved = harness.core.store.list().find((c) => c.label === 'Registered MCP')!;
      expect(saved.authKind).toBe('oauth');
      expect(saved.status.state).toBe('ok');
      expect(saved.metadata.oauthClientId).toBe(clientId);
      expect(sims.oauthMcp.knobs.counts.registrations).toBe(registrations);
      // The token request authenticated with the secret (a confidential client): the grant names its keychain entry.
      expect((await readGrant(harness.core.secrets, saved.id))!.clientAccount).toBe(connectionClientAccount(saved.id));
      expect(await harness.core.secrets.get(connectionClientAccount(saved.id))).toContain(clientSecret);
      expect(fs.readFileSync(path.join(harness.home, 'connections.json'), 'utf8')).not.toContain(clientSecret);
      // The secret crossed the bridge once, in the add request, and never came back in an answer.
      expect(harness.rpcs.filter((r) => r.request.includes(clientSecret))).toHaveLength(1);
      for (const rpc of harness.rpcs) expect(rpc.response).not.toContain(clientSecret);
      expect(problems.csp).toEqual([]);
      expect(problems.errors).toEqual([]);
    } finally {
      sims.oauthMcp.knobs.dcrDisabled = false;
    }
  });
});
