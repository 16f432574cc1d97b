import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../shared/auth/oauth/sign-in.js';
import { SignInError } from '../../shared/auth/oauth/errors.js';
import { clientAccountFor, readGrant } from '../../shared/auth/oauth/grant-store.js';
import { createCore, type Core } from '../../shared/core.js';
import { UpstreamError } from '../../shared/errors.js';
import { KeytarSecretStore } from '../../shared/secrets/keytar-secret-store.js';
import { tempDir } from '../helpers/cli.js';
import { followInBrowser } from '../simulators/oauth-browser.js';
import { startSessionsWebsiteMcpSimulator, type SessionsWebsiteMcpSimulator } from '../simulators/sessions-website-mcp.js';

// Real parts only: an oidc-provider authorization server and the sessions.website MCP simulator on 127.0.0.1,
// the real keychain (throwaway keyring via scripts/with-test-keyring.sh), a real connection store on disk.
let sim: SessionsWebsiteMcpSimulator;
let core: Core;
const secrets = new KeytarSecretStore({ service: `bridgekeeper-test-${crypto.randomUUID()}` });

async function addConnection(label: string, handle = 'acme') {
  return core.store.add({ label, provider: 'sessions-website', baseUrl: sim.url, authKind: 'oauth', metadata: { handle, mode: 'mcp' } });
}

const browser = {
  urls: [] as string[],
  /** Records the URL and lets the scripted browser go through login + consent (in the background, like a real one). */
  open: async (url: string) => {
    browser.urls.push(url);
    void followInBrowser(url).catch(() => undefined);
  },
};

beforeAll(async () => {
  sim = await startSessionsWebsiteMcpSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  core = createCore({ home: tempDir('bk-oauth-'), secrets });
  sim.knobs.user = { accountId: 'staff-ada', business: 'acme' };
  sim.knobs.dcrDisabled = false;
  delete sim.knobs.authorizationServerOverride;
  browser.urls = [];
});

describe('signIn against a real OAuth authorization server', () => {
  it('discovers from the 401, registers, uses PKCE S256 + state + resource, and keeps the grant only in the keychain', async () => {
    const connection = await addConnection('Acme MCP');
    const before = sim.knobs.counts.registrations;
    const result = await signIn(core, 'Acme MCP', { openBrowser: (url) => browser.open(url), timeoutMs: 20_000 });
    const authorizeUrl = new URL(browser.urls[0]!);
    expect(authorizeUrl.pathname).toBe('/oauth/authorize');
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizeUrl.searchParams.get('state')?.length).toBeGreaterThanOrEqual(32);
    expect(authorizeUrl.searchParams.get('resource')).toBe(`${sim.url}/`);
    expect(new URL(authorizeUrl.searchParams.get('redirect_uri')!).hostname).toBe('127.0.0.1');
    expect(sim.knobs.counts.registrations).toBe(before + 1);
    expect(result.scopes).toContain('mcp:business');
    expect(result.subject).toBe('staff-ada');
    const stored = core.store.get(connection.id);
    expect(stored.status.state).toBe('ok');
    expect(stored.serverScopes).toContain('mcp:business');
    expect(stored.metadata.oauthIssuer).toBe(sim.issuer);
    const grant = await readGrant(secrets, connection.id);
    expect(grant?.refresh_token).toBeTruthy();
    expect(grant?.server.resource).toBe(`${sim.url}/`);
    const file = fs.readFileSync(core.store.path, 'utf8');
    expect(file).not.toContain(grant!.access_token);
    expect(file).not.toContain(grant!.refresh_token!);
  });
});
