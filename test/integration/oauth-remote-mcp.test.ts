import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOAuthProvider } from '../../shared/auth/oauth/gateway-provider.js';
import { grantAccount, readGrant } from '../../shared/auth/oauth/grant-store.js';
import { revokeAndForget } from '../../shared/auth/oauth/revoke.js';
import { signIn } from '../../shared/use-cases/sign-in.js';
import {
  startSessionsWebsiteMcpSimulator,
  type SessionsWebsiteMcpSimulator,
} from '../simulators/sessions-website-mcp.js';
import { followInBrowser } from '../simulators/oauth-browser.js';
import { freshCore } from './oauth-test-kit.js';

// A generic remote MCP server whose authorization server lives on another origin (the common case outside
// sessions.website): discovery, DCR, the resource-bound token, refresh and revocation all cross origins.
let sim: SessionsWebsiteMcpSimulator;

beforeAll(async () => {
  sim = await startSessionsWebsiteMcpSimulator({ separateAuthorizationServer: true });
});
afterAll(async () => {
  await sim.close();
});

describe('OAuth with a remote MCP server and a separate authorization server', () => {
  it('signs in, calls a tool, refreshes and revokes across the two origins', async () => {
    expect(new URL(sim.issuer).origin).not.toBe(new URL(sim.url).origin);
    const core = freshCore();
    const connection = await core.store.add({
      label: 'Any MCP',
      provider: 'remote-mcp',
      authKind: 'oauth',
      metadata: { url: sim.mcpUrl('acme') },
    });
    const result = await signIn(core, 'Any MCP', {
      openBrowser: async (url) => void followInBrowser(url).catch(() => undefined),
      timeoutMs: 30_000,
    });
    expect(result.issuer).toBe(sim.issuer);
    const grant = (await readGrant(core.secrets, connection.id))!;
    expect(grant.server.tokenEndpoint.startsWith(sim.issuer)).toBe(true);
    expect(grant.server.resource).toBe(`${sim.url}/`);

    const client = new Client({ name: 'remote-test', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(sim.mcpUrl('acme')), {
        authProvider: createOAuthProvider(core, core.store.get(connection.id)),
      }),
    );
    try {
      expect(JSON.stringify((await client.callTool({ name: 'list_activities', arguments: {} })).content)).toMatch(
        /Pottery/,
      );
      await core.secrets.set(grantAccount(connection.id), JSON.stringify({ ...grant, expiresAt: Date.now() - 1 }));
      const refreshes = sim.knobs.counts.refreshes;
      expect(JSON.stringify((await client.callTool({ name: 'list_activities', arguments: {} })).content)).toMatch(
        /Pottery/,
      );
      expect(sim.knobs.counts.refreshes).toBe(refreshes + 1);
    } finally {
      await client.close();
    }
    expect(await revokeAndForget(core, core.store.get(connection.id))).toEqual({ revoked: true });
    expect(await readGrant(core.secrets, connection.id)).toBeUndefined();
  });
});
