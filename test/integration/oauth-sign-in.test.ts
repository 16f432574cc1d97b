import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../shared/use-cases/sign-in.js';
import { SignInError } from '../../shared/auth/oauth/errors.js';
import { clientAccountFor, readGrant } from '../../shared/auth/oauth/grant-store.js';
import { createCore, type Core } from '../../shared/connections/core.js';
import { UpstreamError } from '../../shared/errors.js';
import { KeytarSecretStore } from '../../shared/secrets/keytar-secret-store.js';
import { tempDir } from '../helpers/cli.js';
import { followInBrowser } from '../simulators/oauth-browser.js';
import {
  startSessionsWebsiteMcpSimulator,
  type SessionsWebsiteMcpSimulator,
} from '../simulators/sessions-website-mcp.js';

// Real parts only: an oidc-provider authorization server and the sessions.website MCP simulator on 127.0.0.1,
// the real keychain (throwaway keyring via scripts/with-test-keyring.sh), a real connection store on disk.
let sim: SessionsWebsiteMcpSimulator;
let core: Core;
const secrets = new KeytarSecretStore({ service: `bridgekeeper-test-${crypto.randomUUID()}` });

async function addConnection(label: string, handle = 'acme') {
  return core.store.add({
    label,
    provider: 'sessions-website',
    baseUrl: sim.url,
    authKind: 'oauth',
    metadata: { handle, mode: 'mcp' },
  });
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

  it('reuses the client registered with the same authorization server for a second connection', async () => {
    await addConnection('First');
    await signIn(core, 'First', { openBrowser: (url) => browser.open(url), timeoutMs: 20_000 });
    const after = sim.knobs.counts.registrations;
    await addConnection('Second');
    await signIn(core, 'Second', { openBrowser: (url) => browser.open(url), timeoutMs: 20_000 });
    expect(sim.knobs.counts.registrations).toBe(after);
    const clientIds = browser.urls.map((u) => new URL(u).searchParams.get('client_id'));
    expect(clientIds[0]).toBe(clientIds[1]);
    expect(new URL(browser.urls[0]!).searchParams.get('redirect_uri')).not.toBe(
      new URL(browser.urls[1]!).searchParams.get('redirect_uri'),
    );
    expect(await secrets.get(clientAccountFor(sim.issuer))).toContain(clientIds[0]!);
  });

  it('signing in again replaces the grant and revokes the old one at the server', async () => {
    const connection = await addConnection('Again');
    await signIn(core, 'Again', { openBrowser: (url) => browser.open(url), timeoutMs: 20_000 });
    const old = (await readGrant(secrets, connection.id))!;
    const revocations = sim.knobs.counts.revocations;
    await signIn(core, 'Again', { openBrowser: (url) => browser.open(url), timeoutMs: 20_000 });
    const fresh = (await readGrant(secrets, connection.id))!;
    expect(fresh.refresh_token).not.toBe(old.refresh_token);
    expect(sim.knobs.counts.revocations).toBeGreaterThan(revocations);
    expect(core.store.get(connection.id).metadata.mode).toBe('mcp');
  });

  it('says consent was denied, shows a clear page and stores nothing', async () => {
    const connection = await addConnection('Denied');
    sim.knobs.user = { accountId: 'staff-ada', business: 'acme', deny: true };
    let page = '';
    const error = await signIn(core, 'Denied', {
      openBrowser: async (url) => void followInBrowser(url).then((v) => (page = v.body)),
      timeoutMs: 20_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect((error as SignInError).reason).toBe('consent_denied');
    expect((error as SignInError).message).toMatch(/not allowed/);
    await expect.poll(() => page).toMatch(/did not allow access/);
    expect(await readGrant(secrets, connection.id)).toBeUndefined();
  });

  it('gives up with a timeout when the browser never comes back, and can be cancelled', async () => {
    await addConnection('Silent');
    const timedOut = await signIn(core, 'Silent', { openBrowser: async () => undefined, timeoutMs: 1_500 }).catch(
      (e: unknown) => e,
    );
    expect((timedOut as SignInError).reason).toBe('timeout');
    expect((timedOut as SignInError).hint).toMatch(/URL is printed/);
    const controller = new AbortController();
    const cancelled = await signIn(core, 'Silent', {
      // The person cancels while the browser step is pending (the loopback receiver is already listening).
      openBrowser: async () => controller.abort(),
      signal: controller.signal,
      timeoutMs: 60_000,
    }).catch((e: unknown) => e);
    expect((cancelled as SignInError).reason).toBe('cancelled');
  });

  it('refuses a sign-in where the person chose another business on the consent screen', async () => {
    const connection = await addConnection('Acme only', 'acme');
    sim.knobs.user = { accountId: 'staff-ada', business: 'globex' };
    const revocationsBefore = sim.knobs.counts.revocations;
    const error = await signIn(core, 'Acme only', { openBrowser: (url) => browser.open(url), timeoutMs: 20_000 }).catch(
      (e: unknown) => e,
    );
    expect((error as SignInError).reason).toBe('wrong_account');
    expect((error as SignInError).message).toMatch(/chose the business 'globex'.*'@acme'/);
    expect(await readGrant(secrets, connection.id)).toBeUndefined();
    expect(sim.knobs.counts.revocations).toBeGreaterThan(revocationsBefore);
  });

  it('refuses a later sign-in as a different person than the connection was set up with', async () => {
    await addConnection('Ada');
    await signIn(core, 'Ada', { openBrowser: (url) => browser.open(url), timeoutMs: 20_000 });
    sim.knobs.user = { accountId: 'staff-bob', business: 'acme' };
    const error = await signIn(core, 'Ada', { openBrowser: (url) => browser.open(url), timeoutMs: 20_000 }).catch(
      (e: unknown) => e,
    );
    expect((error as SignInError).reason).toBe('wrong_account');
    expect((error as SignInError).message).toMatch(/signed in as 'staff-bob'.*'staff-ada'/);
  });

  it('asks for --client-id when the server has no Dynamic Client Registration, and works with one', async () => {
    await addConnection('No DCR');
    sim.knobs.dcrDisabled = true;
    core = createCore({
      home: core.home,
      secrets: new KeytarSecretStore({ service: `bridgekeeper-test-${crypto.randomUUID()}` }),
    });
    const error = await signIn(core, 'No DCR', { openBrowser: (url) => browser.open(url), timeoutMs: 20_000 }).catch(
      (e: unknown) => e,
    );
    expect((error as SignInError).reason).toBe('client_id_required');
    expect((error as SignInError).hint).toMatch(/--client-id/);
    const result = await signIn(core, 'No DCR', {
      openBrowser: (url) => browser.open(url),
      timeoutMs: 20_000,
      clientId: 'bk-preregistered',
    });
    expect(result.scopes).toContain('mcp:business');
    expect(new URL(browser.urls.at(-1)!).searchParams.get('client_id')).toBe('bk-preregistered');
  });

  it('requires HTTPS for an authorization server that is not on this computer', async () => {
    await addConnection('Plain HTTP issuer');
    sim.knobs.authorizationServerOverride = 'http://auth.example.com';
    const error = await signIn(core, 'Plain HTTP issuer', {
      openBrowser: (url) => browser.open(url),
      timeoutMs: 20_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).kind).toBe('insecure_url');
    expect(browser.urls).toHaveLength(0);
    await core.store.add({
      label: 'Plain remote',
      provider: 'remote-mcp',
      authKind: 'oauth',
      metadata: { url: 'http://mcp.example.com/mcp' },
    });
    const remote = await signIn(core, 'Plain remote', { openBrowser: (url) => browser.open(url) }).catch(
      (e: unknown) => e,
    );
    expect((remote as UpstreamError).kind).toBe('insecure_url');
  });
});
