import crypto from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOAuthProvider } from '../../shared/auth/oauth/gateway-provider.js';
import { grantAccount, readGrant, readStoredGrant } from '../../shared/auth/oauth/grant-store.js';
import { ensureFreshGrant } from '../../shared/auth/oauth/refresh.js';
import { createCore, type Core } from '../../shared/connections/core.js';
import type { Connection } from '../../shared/connections/model.js';
import { ChunkedSecretStore, MAX_ENTRY_BYTES } from '../../shared/secrets/chunked-secret-store.js';
import { KeytarEntries, KeytarSecretStore } from '../../shared/secrets/keytar-secret-store.js';
import { tempDir } from '../helpers/cli.js';
import { FailingWritesSecretStore, SizeLimitedSecretStore } from '../helpers/limited-secret-store.js';
import {
  startSessionsWebsiteMcpSimulator,
  type SessionsWebsiteMcpSimulator,
} from '../simulators/sessions-website-mcp.js';
import { signedInConnection, sleep } from './oauth-test-kit.js';

let sim: SessionsWebsiteMcpSimulator;

beforeAll(async () => {
  sim = await startSessionsWebsiteMcpSimulator();
});
afterAll(async () => {
  await sim.close();
});

const newService = () => `bridgekeeper-test-${crypto.randomUUID()}`;

async function upcoming(core: Core, connection: Connection): Promise<string> {
  const client = new Client({ name: 'keychain-limits', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(sim.mcpUrl('acme')), {
      authProvider: createOAuthProvider(core, connection),
    }),
  );
  try {
    return JSON.stringify((await client.callTool({ name: 'upcoming_sessions', arguments: {} })).content);
  } finally {
    await client.close();
  }
}

/** Polls until `check` holds (the background save has no event to wait for); fails after 20 s. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (const started = Date.now(); !(await check()); await sleep(50)) {
    if (Date.now() - started > 20_000) throw new Error('condition not reached in 20 s');
  }
}

describe('OAuth grants in a keychain that takes at most 2,048 bytes per entry (Windows Credential Manager)', () => {
  it('signs in, calls and refreshes with every entry within the limit, though the grant is larger', async () => {
    const limited = new SizeLimitedSecretStore(new KeytarEntries({ service: newService() }), MAX_ENTRY_BYTES);
    const core = createCore({ home: tempDir('bk-limit-'), secrets: new ChunkedSecretStore(limited) });
    sim.knobs.accessTokenTtlSeconds = 3600;
    const connection = await signedInConnection(core, sim, 'Windows');
    const grant = (await readGrant(core.secrets, connection.id))!;
    // What makes the limit matter: the real grant (JWT access token, server metadata) is over 2,048 bytes.
    expect(Buffer.byteLength(JSON.stringify(grant))).toBeGreaterThan(MAX_ENTRY_BYTES);
    expect(await upcoming(core, connection)).toMatch(/Sunrise yoga/);
    await core.secrets.set(grantAccount(connection.id), JSON.stringify({ ...grant, expiresAt: Date.now() - 1 }));
    const refreshed = await ensureFreshGrant(core, connection.id);
    expect(refreshed.refresh_token).not.toBe(grant.refresh_token);
    expect(await upcoming(core, connection)).toMatch(/Sunrise yoga/);
    expect(limited.refusals).toBe(0);
    expect(limited.written.size).toBeGreaterThan(0);
    for (const bytes of limited.written.values()) expect(bytes).toBeLessThanOrEqual(MAX_ENTRY_BYTES);
  });

  it('the same sign-in without the split is refused by that keychain (the limit is real in this test)', async () => {
    const limited = new SizeLimitedSecretStore(new KeytarEntries({ service: newService() }), MAX_ENTRY_BYTES);
    const core = createCore({ home: tempDir('bk-limit-'), secrets: limited });
    await expect(signedInConnection(core, sim, 'Unsplit')).rejects.toThrow();
    expect(limited.refusals).toBeGreaterThan(0);
  });

  it('moves a grant an older version stored in one oversized entry into parts when it is read', async () => {
    const service = newService();
    const old = createCore({ home: tempDir('bk-limit-'), secrets: new KeytarEntries({ service }) });
    const connection = await signedInConnection(old, sim, 'Legacy');
    const raw = (await new KeytarEntries({ service }).get(grantAccount(connection.id)))!;
    expect(Buffer.byteLength(raw)).toBeGreaterThan(MAX_ENTRY_BYTES);
    const core = createCore({ home: old.home, secrets: new KeytarSecretStore({ service }) });
    expect((await readGrant(core.secrets, connection.id))!.refresh_token).toBe(JSON.parse(raw).refresh_token);
    const head = (await new KeytarEntries({ service }).get(grantAccount(connection.id)))!;
    expect(Buffer.byteLength(head)).toBeLessThanOrEqual(MAX_ENTRY_BYTES);
    expect(await upcoming(core, connection)).toMatch(/Sunrise yoga/);
  });
});

describe('a refreshed grant the keychain will not take (rotating refresh tokens, real authorization server)', () => {
  it('is kept in memory, used for the next refresh (never the spent token), and saved once the keychain is back', async () => {
    const service = newService();
    const failing = new FailingWritesSecretStore(new KeytarSecretStore({ service }));
    const core = createCore({ home: tempDir('bk-unsaved-'), secrets: failing });
    sim.knobs.accessTokenTtlSeconds = 3600;
    const connection = await signedInConnection(core, sim, 'Unsaved');
    const signedIn = (await readGrant(core.secrets, connection.id))!;
    const { refreshes, refreshFailures } = sim.knobs.counts;

    failing.failing = true;
    const first = await ensureFreshGrant(core, connection.id, { rejectedAccessToken: signedIn.access_token });
    expect(failing.failedWrites).toBeGreaterThan(0);
    expect(first.refresh_token).not.toBe(signedIn.refresh_token);
    // The keychain still has the spent token; this process reads its own newer copy.
    expect((await readStoredGrant(core.secrets, connection.id))!.refresh_token).toBe(signedIn.refresh_token);
    expect((await readGrant(core.secrets, connection.id))!.refresh_token).toBe(first.refresh_token);

    // Another process on the same keychain must not send the spent token while this one holds its replacement.
    const other = createCore({ home: core.home, secrets: new KeytarSecretStore({ service }) });
    const refused = await ensureFreshGrant(other, connection.id, { rejectedAccessToken: signedIn.access_token }).catch(
      (e: unknown) => e,
    );
    expect(String(refused)).toMatch(/could not save it to the keychain yet/);
    expect(sim.knobs.counts.refreshes - refreshes).toBe(1);

    // The gateway's own path (the SDK's refresh after a 401) refreshes with the kept token, not the spent one.
    expect(await upcoming(core, connection)).toMatch(/Sunrise yoga/);
    sim.knobs.rejectSeenAccessTokens();
    expect(await upcoming(core, connection)).toMatch(/Sunrise yoga/);
    const second = (await readGrant(core.secrets, connection.id))!;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(sim.knobs.counts.refreshes - refreshes).toBe(2);
    expect(sim.knobs.counts.refreshFailures).toBe(refreshFailures);

    failing.failing = false;
    await eventually(
      async () => (await readStoredGrant(core.secrets, connection.id))?.refresh_token === second.refresh_token,
    );
    // Saved: the other process now refreshes normally, with the live token, and the grant is never revoked.
    const third = await ensureFreshGrant(other, connection.id, { rejectedAccessToken: second.access_token });
    expect(third.refresh_token).not.toBe(second.refresh_token);
    expect(sim.knobs.counts.refreshFailures).toBe(refreshFailures);
    expect(await upcoming(other, connection)).toMatch(/Sunrise yoga/);
  });
});
