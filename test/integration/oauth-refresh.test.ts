import { refreshAuthorization } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InvalidGrantError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { AuthorizationServerMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOAuthProvider } from '../../shared/auth/oauth/gateway-provider.js';
import { clientAccountFor, readClient, readGrant } from '../../shared/auth/oauth/grant-store.js';
import { ensureFreshGrant } from '../../shared/auth/oauth/refresh.js';
import { revokeAndForget } from '../../shared/auth/oauth/revoke.js';
import { removeConnection } from '../../shared/connections/remove-connection.js';
import { connectUpstream } from '../../shared/upstream-mcp/upstream-client.js';
import type { Connection } from '../../shared/connections/model.js';
import type { Core } from '../../shared/connections/core.js';
import { UpstreamError } from '../../shared/errors.js';
import {
  startSessionsWebsiteMcpSimulator,
  type SessionsWebsiteMcpSimulator,
} from '../simulators/sessions-website-mcp.js';
import { freshCore, signedInConnection, untilGrantExpired } from './oauth-test-kit.js';

let sim: SessionsWebsiteMcpSimulator;
let core: Core;

/** An MCP client as the gateway builds it: SDK Streamable HTTP transport with Bridgekeeper's OAuth provider. */
async function mcpClient(connection: Connection): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(sim.mcpUrl('acme')), {
    authProvider: createOAuthProvider(core, connection),
  });
  const client = new Client({ name: 'oauth-test', version: '1' });
  const gets = sim.knobs.mcpGetsAnswered;
  await client.connect(transport);
  // After initialize the SDK opens its background SSE GET without waiting for it. Let it be answered before a test
  // changes what the server accepts, so each test counts only the refreshes its own call causes (a GET refused
  // with 401 at the same moment would legitimately refresh too).
  await sim.knobs.untilMcpGetsAnswered(gets + 1);
  return client;
}

async function upcoming(client: Client): Promise<string> {
  const result = await client.callTool({ name: 'upcoming_sessions', arguments: {} });
  return JSON.stringify(result.content);
}

beforeAll(async () => {
  sim = await startSessionsWebsiteMcpSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  core = freshCore();
  sim.knobs.accessTokenTtlSeconds = 3600;
});

describe('OAuth grants in use: refresh, lock, invalid_grant, revocation', () => {
  it('calls a tool through the SDK transport with the keychain grant', async () => {
    const connection = await signedInConnection(core, sim, 'Acme');
    const client = await mcpClient(connection);
    expect(await upcoming(client)).toMatch(/acme.*staff-ada|staff-ada.*acme/);
    await client.close();
  });

  it('refreshes an expired access token mid-session, once, rotating the refresh token', async () => {
    sim.knobs.accessTokenTtlSeconds = 2;
    const connection = await signedInConnection(core, sim, 'Short-lived');
    const client = await mcpClient(connection);
    const before = await readGrant(core.secrets, connection.id);
    await upcoming(client);
    await untilGrantExpired(core.secrets, connection.id);
    const refreshes = sim.knobs.counts.refreshes;
    expect(await upcoming(client)).toMatch(/Sunrise yoga/);
    expect(sim.knobs.counts.refreshes).toBe(refreshes + 1);
    const after = await readGrant(core.secrets, connection.id);
    expect(after!.access_token).not.toBe(before!.access_token);
    expect(after!.refresh_token).not.toBe(before!.refresh_token);
    expect(core.store.get(connection.id).metadata.oauthExpiresAt).toBe(new Date(after!.expiresAt!).toISOString());
    await client.close();
  });

  it('refreshes transparently when the server answers 401 to a token it no longer accepts', async () => {
    const connection = await signedInConnection(core, sim, 'Rejected');
    const client = await mcpClient(connection);
    await upcoming(client);
    sim.knobs.rejectSeenAccessTokens();
    const refreshes = sim.knobs.counts.refreshes;
    const toolCalls = sim.knobs.toolCallRequests;
    expect(await upcoming(client)).toMatch(/Sunrise yoga/);
    expect(sim.knobs.counts.refreshes).toBe(refreshes + 1);
    // The call is sent exactly twice: refused with 401, then retried with the refreshed token.
    expect(sim.knobs.toolCallRequests - toolCalls).toBe(2);
    await client.close();
  });

  it('turns a revoked refresh token into "sign in again" without looping or crashing', async () => {
    sim.knobs.accessTokenTtlSeconds = 2;
    const connection = await signedInConnection(core, sim, 'Revoked');
    const client = await mcpClient(connection);
    await upcoming(client);
    await sim.knobs.revokeAllGrants();
    await untilGrantExpired(core.secrets, connection.id);
    const refreshes = sim.knobs.counts.refreshes;
    const error = await upcoming(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).kind).toBe('needs_sign_in');
    expect((error as UpstreamError).hint).toMatch(/bridgekeeper login "Revoked"/);
    expect(sim.knobs.counts.refreshes).toBe(refreshes + 1);
    const status = core.store.get(connection.id).status;
    expect(status.state).toBe('needs_sign_in');
    expect(status.reason).toMatch(/no longer accepts/);
    expect(await readGrant(core.secrets, connection.id)).toBeUndefined();
    const again = await upcoming(client).catch((e: unknown) => e);
    expect((again as UpstreamError).kind).toBe('needs_sign_in');
    expect(sim.knobs.counts.refreshes).toBe(refreshes + 1);
    await client.close();
  });

  it('a refused refresh after a 401, through the gateway\'s own upstream client, still ends in "sign in again"', async () => {
    const connection = await signedInConnection(core, sim, 'Gateway 401');
    const session = await connectUpstream({
      endpoint: sim.mcpUrl('acme'),
      credentials: {},
      timeoutMs: 15_000,
      serviceName: 'Acme',
      authProvider: createOAuthProvider(core, connection),
    });
    try {
      await session.client.callTool({ name: 'upcoming_sessions', arguments: {} });
      await sim.knobs.revokeAllGrants();
      sim.knobs.rejectSeenAccessTokens();
      const error = await session.client
        .callTool({ name: 'upcoming_sessions', arguments: {} })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamError);
      expect((error as UpstreamError).kind).toBe('needs_sign_in');
      expect(core.store.get(connection.id).status.state).toBe('needs_sign_in');
      expect(await readGrant(core.secrets, connection.id)).toBeUndefined();
    } finally {
      await session.close();
    }
  });

  it('does not loop when the server keeps refusing even freshly refreshed tokens', async () => {
    const connection = await signedInConnection(core, sim, 'Broken server');
    const client = await mcpClient(connection);
    try {
      await upcoming(client);
      sim.knobs.rejectAllTokens = true;
      const refreshes = sim.knobs.counts.refreshes;
      const errors: unknown[] = [];
      for (let i = 0; i < 5; i++) errors.push(await upcoming(client).catch((e: unknown) => e));
      expect(errors.every((e) => e instanceof Error)).toBe(true);
      // One refresh, then the transport stops retrying (and the provider's own breaker caps any other path at 3/min).
      expect(sim.knobs.counts.refreshes - refreshes).toBeGreaterThanOrEqual(1);
      expect(sim.knobs.counts.refreshes - refreshes).toBeLessThanOrEqual(3);
      expect(await readGrant(core.secrets, connection.id)).toBeDefined();
    } finally {
      sim.knobs.rejectAllTokens = false;
      await client.close();
    }
  });

  it('serialises concurrent refreshes in one process too: five callers, one refresh', async () => {
    const connection = await signedInConnection(core, sim, 'Concurrent');
    const grant = (await readGrant(core.secrets, connection.id))!;
    await core.secrets.set(`${connection.id}:oauth-grant`, JSON.stringify({ ...grant, expiresAt: Date.now() - 1 }));
    const refreshes = sim.knobs.counts.refreshes;
    const results = await Promise.all(Array.from({ length: 5 }, () => ensureFreshGrant(core, connection.id)));
    expect(sim.knobs.counts.refreshes).toBe(refreshes + 1);
    expect(new Set(results.map((g) => g.access_token)).size).toBe(1);
  });

  it('revokes at the server on disconnect, then wipes the keychain entries', async () => {
    const connection = await signedInConnection(core, sim, 'Disconnect me');
    const grant = (await readGrant(core.secrets, connection.id))!;
    const client = (await readClient(core.secrets, grant.clientAccount))!;
    const revocations = sim.knobs.counts.revocations;
    let outcome: Awaited<ReturnType<typeof revokeAndForget>> | undefined;
    const removed = await removeConnection(
      core,
      connection.id,
      async (c) => void (outcome = await revokeAndForget(core, c)),
    );
    expect(outcome).toEqual({ revoked: true });
    expect(removed.id).toBe(connection.id);
    expect(sim.knobs.counts.revocations).toBeGreaterThan(revocations);
    expect(await readGrant(core.secrets, connection.id)).toBeUndefined();
    expect(await core.secrets.get(clientAccountFor(sim.issuer))).toBeNull();
    const reuse = refreshAuthorization(grant.server.authorizationServerUrl, {
      metadata: grant.server.authorizationServerMetadata as AuthorizationServerMetadata,
      clientInformation: client,
      refreshToken: grant.refresh_token!,
      resource: grant.server.resource!,
    });
    await expect(reuse).rejects.toBeInstanceOf(InvalidGrantError);
  });
});
