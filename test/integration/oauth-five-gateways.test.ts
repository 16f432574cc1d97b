import crypto from 'node:crypto';
import { gatewayTransport } from '../helpers/wakeups.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGrant } from '../../shared/auth/oauth/grant-store.js';
import { createCore, type Core } from '../../shared/connections/core.js';
import type { Connection } from '../../shared/connections/model.js';
import { KeytarSecretStore } from '../../shared/secrets/keytar-secret-store.js';
import { tempDir } from '../helpers/cli.js';
import {
  startSessionsWebsiteMcpSimulator,
  type SessionsWebsiteMcpSimulator,
} from '../simulators/sessions-website-mcp.js';
import { signedInConnection, untilGrantExpired } from './oauth-test-kit.js';

// Five assistants, each with its own `bridgekeeper mcp`, share one OAuth grant whose access token really expires
// (short lifetime at the real authorization server, refresh tokens rotating): across all five processes the token
// endpoint must see exactly one refresh per expiry, and every call must succeed.
const GATEWAYS = 5;
const EXPIRIES = 3;
const TTL_SECONDS = 10;

let sim: SessionsWebsiteMcpSimulator;
let core: Core;
let connection: Connection;
const service = `bridgekeeper-test-${crypto.randomUUID()}`;

beforeAll(async () => {
  sim = await startSessionsWebsiteMcpSimulator();
  sim.knobs.accessTokenTtlSeconds = TTL_SECONDS;
  core = createCore({ home: tempDir('bk-five-gw-'), secrets: new KeytarSecretStore({ service }) });
  connection = await signedInConnection(core, sim, 'Shared');
});
afterAll(async () => {
  await sim.close();
});

describe('five gateway processes sharing one OAuth grant', () => {
  it(`refresh exactly once per expiry across all processes (${EXPIRIES} expiries)`, { timeout: 180_000 }, async () => {
    const env = { BRIDGEKEEPER_HOME: core.home, BRIDGEKEEPER_KEYCHAIN_SERVICE: service };
    const gateways = await Promise.all(
      Array.from({ length: GATEWAYS }, async () => {
        const client = new Client({ name: 'assistant', version: '1' });
        await client.connect(gatewayTransport(env).transport);
        return client;
      }),
    );
    try {
      const name = (await gateways[0]!.listTools()).tools
        .map((t) => t.name)
        .find((n) => n.endsWith('upcoming_sessions'))!;
      expect(name).toBeTruthy();
      const callAll = async () => {
        const results = await Promise.all(gateways.map((g) => g.callTool({ name, arguments: {} })));
        for (const result of results) expect(JSON.stringify(result.content)).toMatch(/Sunrise yoga/);
      };
      await callAll();
      const start = { ...sim.knobs.counts };
      for (let expiry = 1; expiry <= EXPIRIES; expiry++) {
        const grant = (await readGrant(core.secrets, connection.id))!;
        // Wait for the real expiry (the authorization server's lifetime), then every gateway calls at once, twice.
        await untilGrantExpired(core.secrets, connection.id);
        const before = sim.knobs.counts.refreshes;
        await callAll();
        await callAll();
        expect(sim.knobs.counts.refreshes - before, `expiry ${expiry}`).toBe(1);
        const renewed = (await readGrant(core.secrets, connection.id))!;
        expect(renewed.refresh_token).not.toBe(grant.refresh_token);
      }
      expect(sim.knobs.counts.refreshes - start.refreshes).toBe(EXPIRIES);
      expect(sim.knobs.counts.refreshFailures - start.refreshFailures).toBe(0);
      expect(core.store.get(connection.id).status.state).toBe('ok');
    } finally {
      await Promise.all(gateways.map((g) => g.close()));
    }
  });
});
