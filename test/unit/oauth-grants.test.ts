import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAccount } from '../../shared/auth/oauth/account-check.js';
import { scopeToRequest } from '../../shared/auth/oauth/discover-server.js';
import {
  clientAccountFor,
  grantFromTokens,
  grantToTokens,
  readGrant,
  type StoredGrant,
  writeGrant,
  writeRotatedGrant,
} from '../../shared/auth/oauth/grant-store.js';
import { openSystemBrowser } from '../../shared/auth/oauth/open-browser.js';
import { isExpiring } from '../../shared/auth/oauth/refresh.js';
import { safeFetch } from '../../shared/auth/oauth/safe-fetch.js';
import { ConnectionSchema } from '../../shared/connections/model.js';
import { UpstreamError } from '../../shared/errors.js';
import { MemorySecretStore } from '../../shared/secrets/memory-secret-store.js';
import { tempDir } from '../helpers/cli.js';

const server = {
  authorizationServerUrl: 'https://auth.example.com',
  issuer: 'https://auth.example.com',
  tokenEndpoint: 'https://auth.example.com/token',
  serverUrl: 'https://business.sessions.website/@acme/api/mcp',
  authorizationServerMetadata: {},
};

function jwt(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.sig`;
}

function connection(metadata: Record<string, string>) {
  const now = new Date().toISOString();
  return ConnectionSchema.parse({
    id: 'c_abcdef1234',
    label: 'Acme',
    provider: 'sessions-website',
    authKind: 'oauth',
    metadata,
    createdAt: now,
    updatedAt: now,
  });
}

describe('OAuth grant bookkeeping', () => {
  it('keeps the refresh token and scopes a refresh response leaves out, and computes expiry', () => {
    const first = grantFromTokens(
      { access_token: 'a1', token_type: 'Bearer', refresh_token: 'r1', expires_in: 600, scope: 'mcp:business' },
      { server, clientAccount: 'x' },
      1_000,
    );
    expect(first).toMatchObject({
      access_token: 'a1',
      refresh_token: 'r1',
      expiresAt: 601_000,
      scopes: ['mcp:business'],
    });
    const second = grantFromTokens(
      { access_token: 'a2', token_type: 'Bearer' },
      { server, clientAccount: 'x', previous: first },
      2_000,
    );
    expect(second).toMatchObject({
      access_token: 'a2',
      refresh_token: 'r1',
      scopes: ['mcp:business'],
      obtainedAt: 2_000,
    });
    expect(grantToTokens(first, 301_000)).toMatchObject({
      expires_in: 300,
      issuer: server.authorizationServerUrl,
      scope: 'mcp:business',
    });
  });

  it('refreshes before expiry with a skew of at most 60 s and 10 % of the lifetime', () => {
    const grant = { expiresAt: 1_000_000, obtainedAt: 1_000_000 - 3_600_000 } as StoredGrant;
    expect(isExpiring(grant, 1_000_000 - 61_000)).toBe(false);
    expect(isExpiring(grant, 1_000_000 - 59_000)).toBe(true);
    const short = { expiresAt: 10_000, obtainedAt: 0 } as StoredGrant;
    expect(isExpiring(short, 8_900)).toBe(false);
    expect(isExpiring(short, 9_100)).toBe(true);
    expect(isExpiring({ obtainedAt: 0 } as StoredGrant, Date.now())).toBe(false);
  });

  it('treats a damaged keychain entry as no grant, and shares one client account per authorization server', async () => {
    const secrets = new MemorySecretStore();
    await secrets.set('c_abcdef1234:oauth-grant', '{"not":"a grant"}');
    expect(await readGrant(secrets, 'c_abcdef1234')).toBeUndefined();
    const grant = grantFromTokens({ access_token: 'a', token_type: 'Bearer' }, { server, clientAccount: 'x' });
    await writeGrant(secrets, 'c_abcdef1234', grant);
    expect(await readGrant(secrets, 'c_abcdef1234')).toEqual(grant);
    expect(clientAccountFor('https://auth.example.com')).toBe(clientAccountFor('https://auth.example.com/'));
    expect(clientAccountFor('https://auth.example.com')).not.toBe(clientAccountFor('https://other.example.com'));
    expect(clientAccountFor('https://auth.example.com')).toMatch(/^as_[0-9a-f]{16}:oauth-client$/);
  });

  it('retries saving a rotated grant after a failed keychain write (the old refresh token is spent), within bounds', async () => {
    const grant = grantFromTokens(
      { access_token: 'a2', refresh_token: 'r2', token_type: 'Bearer' },
      { server, clientAccount: 'x' },
    );
    // A keychain whose first writes fail (a D-Bus hiccup, a keychain being unlocked).
    const flaky = (failures: number) => {
      const store = new MemorySecretStore();
      let calls = 0;
      const set = store.set.bind(store);
      store.set = async (account: string, value: string) => {
        calls++;
        if (calls <= failures) throw new Error('keychain write failed');
        return set(account, value);
      };
      return { store, calls: () => calls };
    };
    const recovers = flaky(2);
    await writeRotatedGrant(recovers.store, 'c_abcdef1234', grant, { retryDelaysMs: [1, 1] });
    expect(recovers.calls()).toBe(3);
    expect(await readGrant(recovers.store, 'c_abcdef1234')).toEqual(grant);
    const broken = flaky(10);
    await expect(writeRotatedGrant(broken.store, 'c_abcdef1234', grant, { retryDelaysMs: [1, 1] })).rejects.toThrow(
      'keychain write failed',
    );
    expect(broken.calls()).toBe(3);
    // A keychain that takes long to fail is not tried again and again.
    const slow = flaky(10);
    await expect(
      writeRotatedGrant(slow.store, 'c_abcdef1234', grant, { retryDelaysMs: [1, 1], withinMs: 0 }),
    ).rejects.toThrow();
    expect(slow.calls()).toBe(1);
  });

  it('spots the wrong account: another subject, or another business than the handle', () => {
    const base = grantFromTokens(
      { access_token: jwt({ sub: 'bob', business: 'acme' }), token_type: 'Bearer' },
      { server, clientAccount: 'x', subject: 'bob' },
    );
    expect(checkAccount(connection({ handle: 'acme' }), base)).toBeUndefined();
    expect(checkAccount(connection({ handle: 'acme', oauthSubject: 'ada' }), base)?.reason).toBe('wrong_account');
    const globex = grantFromTokens(
      { access_token: jwt({ sub: 'ada', business: 'globex' }), token_type: 'Bearer' },
      { server, clientAccount: 'x', subject: 'ada' },
    );
    expect(checkAccount(connection({ handle: 'acme' }), globex)?.message).toMatch(/'globex'.*'@acme'/);
    const opaque = grantFromTokens({ access_token: 'opaque', token_type: 'Bearer' }, { server, clientAccount: 'x' });
    expect(checkAccount(connection({ handle: 'acme' }), opaque)).toBeUndefined();
  });

  it('asks for the challenge scope, else the resource scopes, plus offline_access when the server offers it', () => {
    const state = (prm?: string[], as?: string[]) => ({
      authorizationServerUrl: 'https://a',
      ...(prm ? { resourceMetadata: { resource: 'https://r', scopes_supported: prm } } : {}),
      authorizationServerMetadata: {
        issuer: 'https://a',
        authorization_endpoint: 'https://a/a',
        token_endpoint: 'https://a/t',
        response_types_supported: ['code'],
        ...(as ? { scopes_supported: as } : {}),
      },
    });
    expect(scopeToRequest({ state: state(['mcp:business']) })).toBe('mcp:business');
    expect(scopeToRequest({ state: state(['mcp:business'], ['offline_access']) })).toBe('mcp:business offline_access');
    expect(scopeToRequest({ state: state(['mcp:business']), challengeScope: 'mcp:account' })).toBe('mcp:account');
    expect(scopeToRequest({ state: state() })).toBeUndefined();
  });

  it('refuses plain HTTP to anything but this computer before any request is made', async () => {
    const error = await safeFetch()('http://auth.example.com/token').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).kind).toBe('insecure_url');
  });

  it('opens the browser without a shell: the URL reaches the opener as one untouched argument', async () => {
    const dir = tempDir('bk-opener-');
    const out = path.join(dir, 'args.txt');
    const opener = path.join(dir, 'opener.sh');
    fs.writeFileSync(opener, `#!/bin/sh\nprintf '%s\\n' "$#" "$1" > "${out}"\n`, { mode: 0o755 });
    const url = 'https://auth.example.com/authorize?a=1&b=$(touch /tmp/pwned);c=`id`|d';
    const previous = process.env.BRIDGEKEEPER_OPEN_BROWSER_CMD;
    process.env.BRIDGEKEEPER_OPEN_BROWSER_CMD = opener;
    try {
      await openSystemBrowser(url);
      await expect.poll(() => (fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '')).toBe(`1\n${url}\n`);
    } finally {
      if (previous === undefined) delete process.env.BRIDGEKEEPER_OPEN_BROWSER_CMD;
      else process.env.BRIDGEKEEPER_OPEN_BROWSER_CMD = previous;
    }
  });
});
