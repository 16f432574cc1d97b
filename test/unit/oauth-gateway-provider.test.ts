import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { describe, expect, it } from 'vitest';
import { createOAuthProvider } from '../../shared/auth/oauth/gateway-provider.js';
import { grantFromTokens, readGrant, writeClient, writeGrant } from '../../shared/auth/oauth/grant-store.js';
import { refreshLockFile } from '../../shared/auth/oauth/refresh-lock.js';
import { withFileLock } from '../../shared/util/file-lock.js';
import { createCore } from '../../shared/connections/core.js';
import { StoreError, type UpstreamError } from '../../shared/errors.js';
import { MemorySecretStore } from '../../shared/secrets/memory-secret-store.js';
import { tempDir } from '../helpers/cli.js';

const server = {
  authorizationServerUrl: 'https://auth.example.com',
  issuer: 'https://auth.example.com',
  tokenEndpoint: 'https://auth.example.com/token',
  serverUrl: 'https://mcp.example.com/mcp',
  authorizationServerMetadata: {},
};

async function setup() {
  const core = createCore({ home: tempDir('bk-oauth-provider-'), secrets: new MemorySecretStore() });
  const connection = await core.store.add({
    label: 'Unit',
    provider: 'remote-mcp',
    authKind: 'oauth',
    metadata: { url: server.serverUrl },
  });
  await writeClient(core.secrets, 'as_unit:oauth-client', { client_id: 'bk-client' });
  const grant = grantFromTokens(
    { access_token: 'at-1', refresh_token: 'rt-current', token_type: 'Bearer', expires_in: 3600 },
    { server, clientAccount: 'as_unit:oauth-client' },
  );
  await writeGrant(core.secrets, connection.id, grant);
  return { core, connection, provider: createOAuthProvider(core, connection) };
}

const refreshParams = (token = 'rt-stale') =>
  new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token });

describe('the gateway OAuthClientProvider', () => {
  it('holds the refresh lock for the SDK refresh and sends the refresh token stored now', async () => {
    const { core, connection, provider } = await setup();
    const params = refreshParams();
    await provider.addClientAuthentication!(new Headers(), params, 'https://auth.example.com/token');
    expect(params.get('refresh_token')).toBe('rt-current');
    expect(params.get('client_id')).toBe('bk-client');
    const lockFile = refreshLockFile(core.home, connection.id);
    await expect(withFileLock(lockFile, () => 'other process', { waitMs: 300 })).rejects.toBeInstanceOf(StoreError);
    await provider.saveTokens({
      access_token: 'at-2',
      refresh_token: 'rt-next',
      token_type: 'Bearer',
      expires_in: 3600,
    });
    await expect(withFileLock(lockFile, () => 'other process', { waitMs: 2_000 })).resolves.toBe('other process');
    expect((await readGrant(core.secrets, connection.id))?.refresh_token).toBe('rt-next');
    expect(core.store.get(connection.id).status.state).toBe('ok');
  });

  it('hands out the stored access token and never offers a browser sign-in', async () => {
    const { core, connection, provider } = await setup();
    expect((await provider.tokens())?.access_token).toBe('at-1');
    const error = await Promise.resolve(
      provider.redirectToAuthorization(new URL('https://auth.example.com/authorize')),
    ).catch((e: unknown) => e);
    expect((error as UpstreamError).kind).toBe('needs_sign_in');
    expect((error as UpstreamError).hint).toMatch(/bridgekeeper login "Unit"/);
    expect(core.store.get(connection.id).status.state).toBe('needs_sign_in');
  });

  it('stops a refresh loop after three 401-driven refreshes a minute', async () => {
    const { provider } = await setup();
    for (let i = 0; i < 3; i++) {
      await provider.addClientAuthentication!(new Headers(), refreshParams(), 'https://auth.example.com/token');
      await provider.saveTokens({
        access_token: `at-${i + 2}`,
        refresh_token: `rt-${i + 2}`,
        token_type: 'Bearer',
        expires_in: 3600,
      });
    }
    await expect(
      provider.addClientAuthentication!(new Headers(), refreshParams(), 'https://auth.example.com/token'),
    ).rejects.toThrow();
    const error = await Promise.resolve(
      provider.redirectToAuthorization(new URL('https://auth.example.com/authorize')),
    ).catch((e: unknown) => e);
    expect((error as UpstreamError).kind).toBe('invalid_token');
    expect((error as UpstreamError).message).toMatch(/keeps refusing the fresh tokens/);
  });

  it('runs concurrent SDK refreshes one at a time: the second waits, then sends the refresh token the first stored', async () => {
    const { core, connection, provider } = await setup();
    await provider.addClientAuthentication!(new Headers(), refreshParams(), 'https://auth.example.com/token');
    const second = refreshParams();
    const order: string[] = [];
    const waiting = Promise.resolve(
      provider.addClientAuthentication!(new Headers(), second, 'https://auth.example.com/token'),
    ).then(() => order.push('second started'));
    // The first refresh still holds its lock: another process cannot take it.
    await expect(
      withFileLock(refreshLockFile(core.home, connection.id), () => 'other process', { waitMs: 100 }),
    ).rejects.toBeInstanceOf(StoreError);
    // The second starts only after the first ended (an ordering, not a timing), with the refresh token it stored.
    order.push('first saved');
    await provider.saveTokens({
      access_token: 'at-2',
      refresh_token: 'rt-next',
      token_type: 'Bearer',
      expires_in: 3600,
    });
    await waiting;
    expect(order).toEqual(['first saved', 'second started']);
    expect(second.get('refresh_token')).toBe('rt-next');
    await expect(
      withFileLock(refreshLockFile(core.home, connection.id), () => 'other process', { waitMs: 100 }),
    ).rejects.toBeInstanceOf(StoreError);
    await provider.saveTokens({
      access_token: 'at-3',
      refresh_token: 'rt-last',
      token_type: 'Bearer',
      expires_in: 3600,
    });
    await expect(
      withFileLock(refreshLockFile(core.home, connection.id), () => 'free', { waitMs: 2_000 }),
    ).resolves.toBe('free');
    expect((await readGrant(core.secrets, connection.id))?.refresh_token).toBe('rt-last');
  });

  it('keeps the grant when two requests of one transport get a 401 at once (no refresh token is sent twice)', async () => {
    const { core, connection, provider } = await setup();
    const metadata = {
      issuer: server.issuer,
      authorization_endpoint: 'https://auth.example.com/authorize',
      token_endpoint: server.tokenEndpoint,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
    };
    const stored = (await readGrant(core.secrets, connection.id))!;
    await writeGrant(core.secrets, connection.id, {
      ...stored,
      server: { ...server, authorizationServerMetadata: metadata },
    });
    // A token endpoint with rotation and reuse detection, like oidc-provider: a spent refresh token revokes the grant.
    let valid: string | undefined = 'rt-current';
    const spent = new Set<string>();
    const sent: string[] = [];
    let issued = 0;
    let secondFlow: Promise<string> | undefined;
    let secondArrived: () => void = () => undefined;
    // The second flow's provider: the same one, telling when that flow has begun its refresh (asked for client
    // authentication), from which point it must take its turn after the first.
    const secondProvider = new Proxy(provider, {
      get(target, key) {
        if (key === 'addClientAuthentication')
          return (...args: Parameters<NonNullable<typeof provider.addClientAuthentication>>) => {
            secondArrived();
            return target.addClientAuthentication!(...args);
          };
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const options = {
      serverUrl: server.serverUrl,
      fetchFn: async (url: string | URL, init?: RequestInit): Promise<Response> => {
        if (String(url) !== 'https://auth.example.com/token') return new Response('{}', { status: 404 });
        const token = new URLSearchParams(String(init?.body)).get('refresh_token')!;
        sent.push(token);
        if (token !== valid) {
          if (spent.has(token)) valid = undefined;
          return Response.json(
            { error: 'invalid_grant', error_description: 'grant request is invalid' },
            { status: 400 },
          );
        }
        spent.add(token);
        valid = `rt-${++issued}`;
        const body = { access_token: `at-new-${issued}`, refresh_token: valid, token_type: 'Bearer', expires_in: 3600 };
        if (!secondFlow) {
          // While the first refresh is on the wire, the transport's other request (the SSE GET) gets its 401 too.
          // The first answer is held until the second has begun its refresh: a second that did not wait for its
          // turn would now send the refresh token still stored (spent), and the server would revoke the grant.
          await new Promise<void>((resolve) => {
            secondArrived = resolve;
            secondFlow = auth(secondProvider, options);
          });
        }
        return Response.json(body);
      },
    };
    const first = await auth(provider, options).catch((e: unknown) => e);
    const second = await secondFlow?.catch((e: unknown) => e);
    expect(sent).toEqual(['rt-current', 'rt-1']);
    expect(await readGrant(core.secrets, connection.id)).toMatchObject({
      access_token: 'at-new-2',
      refresh_token: 'rt-2',
    });
    expect([first, second]).toEqual(['AUTHORIZED', 'AUTHORIZED']);
    expect(core.store.get(connection.id).status.state).toBe('ok');
    await expect(
      withFileLock(refreshLockFile(core.home, connection.id), () => 'free', { waitMs: 2_000 }),
    ).resolves.toBe('free');
  });

  it('forgets a grant the server refused and releases the lock', async () => {
    const { core, connection, provider } = await setup();
    await provider.addClientAuthentication!(new Headers(), refreshParams(), 'https://auth.example.com/token');
    await provider.invalidateCredentials!('tokens');
    expect(await readGrant(core.secrets, connection.id)).toBeUndefined();
    expect(core.store.get(connection.id).status).toMatchObject({
      state: 'needs_sign_in',
      reason: expect.stringMatching(/no longer accepts/),
    });
    await expect(
      withFileLock(refreshLockFile(core.home, connection.id), () => 'free', { waitMs: 2_000 }),
    ).resolves.toBe('free');
    await expect(provider.tokens()).rejects.toMatchObject({ kind: 'needs_sign_in' });
  });
});
