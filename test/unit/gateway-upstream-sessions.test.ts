import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionStore } from '../../shared/connections/store.js';
import { CatalogManager } from '../../shared/gateway/catalog-manager.js';
import { ConnectionBookkeeping } from '../../shared/gateway/connection-bookkeeping.js';
import type { GatewayLog } from '../../shared/gateway/gateway-log.js';
import { UpstreamPool } from '../../shared/catalog/upstream-pool.js';
import { getProvider } from '../../shared/providers/registry.js';
import { MemorySecretStore } from '../../shared/secrets/memory-secret-store.js';
import { secretAccount } from '../../shared/secrets/secret-store.js';
import { startGenericMcpSimulator, type GenericMcpSimulator } from '../simulators/generic-mcp-server.js';

// The upstream pool and catalog against a real generic MCP simulator over HTTP (in-memory secrets and store file).
describe('upstream sessions', () => {
  let sim: GenericMcpSimulator;
  const previousOverrides = process.env.BRIDGEKEEPER_HOST_OVERRIDES;
  const log: GatewayLog = { info: () => undefined, warn: () => undefined, addSecret: () => undefined };

  beforeAll(async () => {
    sim = await startGenericMcpSimulator({ host: 'mcp.sessions.example' });
    process.env.BRIDGEKEEPER_HOST_OVERRIDES = JSON.stringify(sim.hostOverrides);
  });
  afterAll(async () => {
    if (previousOverrides === undefined) delete process.env.BRIDGEKEEPER_HOST_OVERRIDES;
    else process.env.BRIDGEKEEPER_HOST_OVERRIDES = previousOverrides;
    await sim?.close();
  });

  it('closes the session of a connection that was removed or disabled when the catalog is rebuilt', async () => {
    const store = new ConnectionStore({ home: fs.mkdtempSync(path.join(os.tmpdir(), 'bk-sessions-')) });
    const secrets = new MemorySecretStore();
    const keep = await store.add({
      label: 'Keep',
      provider: 'remote-mcp',
      authKind: 'token',
      metadata: { url: sim.endpoint },
    });
    const gone = await store.add({
      label: 'Gone',
      provider: 'remote-mcp',
      authKind: 'token',
      metadata: { url: sim.endpoint },
    });
    const off = await store.add({
      label: 'Off',
      provider: 'remote-mcp',
      authKind: 'token',
      metadata: { url: sim.endpoint },
    });
    for (const c of [keep, gone, off]) await secrets.set(secretAccount(c.id), sim.tokens.full);
    const pool = new UpstreamPool(secrets, 5_000);
    const catalog = new CatalogManager({
      store,
      pool,
      log,
      bookkeeping: new ConnectionBookkeeping(store, log),
      listTimeoutMs: 5_000,
      onChanged: () => undefined,
    });
    expect((await catalog.current()).list.length).toBeGreaterThan(0);
    expect(pool.ids().sort()).toEqual([keep.id, gone.id, off.id].sort());
    await store.remove(gone.id);
    await store.update(off.id, () => ({ enabled: false }));
    await catalog.rebuild();
    expect(pool.ids()).toEqual([keep.id]);
    await pool.closeAll();
  });

  it('opens a new session after a rename, so error messages name the account by its new label', async () => {
    const store = new ConnectionStore({ home: fs.mkdtempSync(path.join(os.tmpdir(), 'bk-sessions-')) });
    const secrets = new MemorySecretStore();
    const connection = await store.add({
      label: 'Before',
      provider: 'remote-mcp',
      authKind: 'token',
      metadata: { url: sim.endpoint },
    });
    await secrets.set(secretAccount(connection.id), sim.tokens.full);
    const pool = new UpstreamPool(secrets, 5_000);
    const provider = getProvider('remote-mcp');
    const first = await pool.session(connection, provider);
    expect(await pool.session(connection, provider)).toBe(first);
    const renamed = await store.update(connection.id, () => ({ label: 'After' }));
    expect(await pool.session(renamed, provider)).not.toBe(first);
    await pool.closeAll();
  });

  it('reports the tokens an OAuth provider hands the SDK as known secrets, so results and logs never show them', async () => {
    const store = new ConnectionStore({ home: fs.mkdtempSync(path.join(os.tmpdir(), 'bk-sessions-')) });
    const connection = await store.add({
      label: 'Signed in',
      provider: 'remote-mcp',
      authKind: 'oauth',
      metadata: { url: sim.endpoint },
    });
    const reported: string[] = [];
    // A stand-in for the keychain-backed provider (tested with a real authorization server in test/integration/oauth-*).
    const oauth: OAuthClientProvider = {
      redirectUrl: 'http://127.0.0.1/callback',
      clientMetadata: { redirect_uris: ['http://127.0.0.1/callback'] },
      clientInformation: () => ({ client_id: 'bk' }),
      tokens: () => ({
        access_token: sim.tokens.full,
        token_type: 'Bearer',
        refresh_token: 'refresh-secret-0123456789',
      }),
      saveTokens: () => undefined,
      redirectToAuthorization: () => undefined,
      saveCodeVerifier: () => undefined,
      codeVerifier: () => '',
    };
    const pool = new UpstreamPool(new MemorySecretStore(), 5_000, {
      onSecret: (s) => reported.push(s),
      oauthProvider: async () => oauth,
    });
    const session = await pool.session(connection, getProvider('remote-mcp'));
    expect((await session.client.listTools()).tools.length).toBeGreaterThan(0);
    expect(reported).toContain(sim.tokens.full);
    expect(reported).toContain('refresh-secret-0123456789');
    await pool.closeAll();
  });
});
