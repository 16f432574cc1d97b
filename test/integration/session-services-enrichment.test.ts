/**
 * Session Services' identity endpoints are Bridgekeeper's guesses (seed 003 documents neither `/auth/me` nor
 * `/tenant/config`): issue 13 says that when they answer in a way we do not recognise (405, 400, 501, an unexpected
 * body) the add still succeeds and whoami says plainly what is not known. Real simulator (its `full` profile, where
 * both endpoints otherwise answer), the app's real handlers and the built CLI (`npm run build` first).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { invokeOperation } from '../../shared/app/handlers.js';
import { tempDir } from '../helpers/cli.js';
import { testAppHandlers, withHostOverrides } from '../helpers/app-handlers.js';
import { startSessionServicesSimulator, type SessionServicesSimulator } from '../simulators/session-services.js';
import { cli, gatewayEnv } from './gateway-harness.js';

/** Answers a service that does not serve our guess might give. 401 is not here: on `/auth/me` it means a bad token. */
const UNRECOGNISED: Array<[string, { status: number; body: unknown }]> = [
  ['405 Method Not Allowed', { status: 405, body: { message: 'Method Not Allowed' } }],
  ['400 Bad Request', { status: 400, body: { message: 'Bad Request' } }],
  ['501 Not Implemented', { status: 501, body: { message: 'Not Implemented' } }],
  ['200 with an unexpected body', { status: 200, body: { ok: true, items: [{ kind: 'unrelated' }] } }],
];

let sim: SessionServicesSimulator;
beforeAll(async () => {
  sim = await startSessionServicesSimulator();
});
afterAll(async () => sim?.close());
afterEach(() => {
  sim.setEnrichmentReply('/auth/me', undefined);
  sim.setEnrichmentReply('/tenant/config', undefined);
});

async function addThroughApp(request: Record<string, unknown>) {
  return withHostOverrides(sim.hostOverrides, async () => {
    const { core, handlers } = testAppHandlers(tempDir('bk-ss-enrich-'));
    const added = await invokeOperation(handlers, 'addConnection', {
      service: 'session-services',
      tenantId: sim.tokens.tenantId,
      ...request,
    } as never);
    if (!added.ok) throw new Error(`add failed: ${JSON.stringify(added)}`);
    return { ...added.value, stored: core.store.get(added.value.connection.id) };
  });
}

describe.each(UNRECOGNISED)('Session Services enrichment answering %s', { timeout: 60_000 }, (_name, answer) => {
  it('GET /auth/me: the token is still added; whoami says its permissions are not reported (claims shown as expected)', async () => {
    sim.setEnrichmentReply('/auth/me', answer);
    const { connection, whoami, stored } = await addThroughApp({
      label: 'Harbour manager',
      authKind: 'token',
      token: sim.tokens.eventManager,
    });
    expect(sim.requests.some((r) => r.path === '/auth/me' && r.status === answer.status)).toBe(true);
    expect(connection).toMatchObject({ status: { state: 'ok' } });
    expect(stored.serverScopes).toBeUndefined();
    expect(stored.expectedScopes).toEqual(['EVENT', 'ORDER']);
    expect(whoami?.scopes.map((s) => [s.scope, s.provenance])).toEqual([
      ['EVENT', 'expected'],
      ['ORDER', 'expected'],
    ]);
    expect(whoami?.tokenKindLabel).toContain('claims unverified');
    const notes = whoami?.notes.join(' ') ?? '';
    expect(notes).toContain("Session Services does not report a token's permissions");
    expect(notes).toContain('decoded WITHOUT verifying the signature');
    expect(notes).not.toContain('as reported by Session Services (GET /auth/me)');
    // The tenant endpoint still answered: its name is known.
    expect(whoami?.context).toEqual([{ type: 'tenant', id: sim.tokens.tenantId, name: 'Harbourlight Live' }]);
  });

  it('GET /tenant/config: a tenant-only connection is still added; whoami says the tenant name is not available', async () => {
    sim.setEnrichmentReply('/tenant/config', answer);
    const { connection, whoami } = await addThroughApp({ label: 'Harbour public', authKind: 'tenant' });
    expect(sim.requests.some((r) => r.path === '/tenant/config' && r.status === answer.status)).toBe(true);
    expect(connection).toMatchObject({ status: { state: 'ok' } });
    expect(whoami?.principal).toEqual({ type: 'tenant', id: sim.tokens.tenantId });
    expect(whoami?.notes.join(' ')).toContain(
      `Tenant ${sim.tokens.tenantId} answered the documented GET /events; its display name is not available`,
    );
    expect(whoami?.flags.tenantOnly).toBe(true);
  });
});

describe('Session Services enrichment through the CLI', { timeout: 60_000 }, () => {
  it('adds a token whose /auth/me and /tenant/config both answer 501, and whoami says what is not known', async () => {
    sim.setEnrichmentReply('/auth/me', { status: 501, body: { message: 'Not Implemented' } });
    sim.setEnrichmentReply('/tenant/config', { status: 501, body: { message: 'Not Implemented' } });
    const env = gatewayEnv(sim.hostOverrides);
    const added = await cli(
      [
        'connections',
        'add',
        'session-services',
        '--label',
        'Harbour',
        '--tenant',
        sim.tokens.tenantId,
        '--token-stdin',
      ],
      env,
      sim.tokens.eventManager,
    );
    expect(added.code, added.stderr).toBe(0);
    const who = await cli(['whoami', 'Harbour'], env);
    expect(who.code, who.stderr).toBe(0);
    expect(who.stdout).toMatch(/EVENT\s+expected/);
    expect(who.stdout).toContain("does not report a token's permissions");
    expect(who.stdout).toContain('its display name is not available');
    expect(who.stdout).not.toContain(sim.tokens.eventManager);
  });
});
