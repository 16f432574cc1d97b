/**
 * Sessionboard's recommended path for assistants (seed 000): its MCP server with an OAuth sign-in. The seeds name no
 * OAuth scopes, so the grant's scope names are ones Bridgekeeper does not know: they must never block a tool. Real
 * oidc-provider (DCR, PKCE), real keychain (with-test-keyring.sh), real `bridgekeeper mcp` (needs `npm run build`).
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../shared/use-cases/sign-in.js';
import { toolMatrix } from '../../shared/use-cases/tool-matrix.js';
import { provider } from '../../shared/providers/sessionboard/index.js';
import { checkConnection } from '../../shared/use-cases/whoami-service.js';
import { followInBrowser } from '../simulators/oauth-browser.js';
import { type SessionboardOAuthSimulator, startSessionboardOAuthSimulator } from '../simulators/sessionboard-oauth.js';
import { connectGateway, text } from './gateway-harness.js';
import { freshCore } from './oauth-test-kit.js';

let sim: SessionboardOAuthSimulator;

beforeAll(async () => {
  sim = await startSessionboardOAuthSimulator();
});
afterAll(async () => {
  await sim?.close();
});

describe('Sessionboard MCP over OAuth with scope names Bridgekeeper does not know', () => {
  it('offers every tool, refuses none locally, and forwards reads and writes', async () => {
    const service = `bridgekeeper-test-${crypto.randomUUID()}`;
    const core = freshCore(service);
    const added = await core.store.add({
      label: 'Acme SSO',
      provider: 'sessionboard',
      authKind: 'oauth',
      metadata: { mode: 'mcp', mcpUrl: sim.mcpUrl },
    });
    const result = await signIn(core, added.id, {
      openBrowser: async (url) => void followInBrowser(url).catch(() => undefined),
      timeoutMs: 30_000,
    });
    expect(result.scopes).toContain(sim.grantScope);
    const connection = core.store.get(added.id);
    expect(connection.serverScopes).toContain(sim.grantScope);
    expect(provider.effectiveScopes(connection)).toBeUndefined(); // unknown, not "lacks read:insights"

    const who = await checkConnection(core, added.id);
    expect(who.scopes.map((s) => s.scope)).toContain(sim.grantScope);

    const matrix = await toolMatrix(core, core.store.get(added.id));
    expect(matrix.error).toBeUndefined();
    expect(matrix.source).toBe('mcp');
    expect(matrix.rows.map((r) => r.tool)).toEqual(expect.arrayContaining(['search_sessions', 'manage_sessions']));
    expect(matrix.rows.filter((r) => r.scope.status === 'missing')).toEqual([]);

    const gw = await connectGateway({ BRIDGEKEEPER_HOME: core.home, BRIDGEKEEPER_KEYCHAIN_SERVICE: service });
    try {
      const names = (await gw.client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(
        expect.arrayContaining(['sessionboard_acme-sso__search_sessions', 'sessionboard_acme-sso__manage_sessions']),
      );
      const read = await gw.call('sessionboard_acme-sso__search_sessions', {
        eventId: 'evt_summit26',
        status: 'accepted',
      });
      expect(read.isError, text(read)).toBeFalsy();
      expect(text(read)).toContain('Keynote: The Future of Events');
      const write = await gw.call('sessionboard_acme-sso__manage_sessions', {
        action: 'create',
        eventId: 'evt_summit26',
        data: { title: 'Signed-in session' },
      });
      expect(write.isError, text(write)).toBeFalsy();
      expect(sim.toolCalls).toEqual(expect.arrayContaining(['search_sessions', 'manage_sessions']));
      expect(sim.world.records.get('sessions')!.some((r) => r.title === 'Signed-in session')).toBe(true);
    } finally {
      await gw.close();
    }
  });
});
