import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/connections/model.js';
import { rejectionOf } from '../helpers/rejection.js';
import { tokenConnection } from '../helpers/token-connection.js';
import { UpstreamError } from '../../shared/errors.js';
import { UpstreamHttpClient } from '../../shared/net/http-client.js';
import { provider } from '../../shared/providers/sessions-website/index.js';
import { startSessionsWebsiteSimulator, type SessionsWebsiteSimulator } from '../simulators/sessions-website.js';

let sim: SessionsWebsiteSimulator;
let bare: SessionsWebsiteSimulator;
const http = new UpstreamHttpClient({ timeoutMs: 10_000 });

function connection(handle: string, extra: Partial<Connection> = {}, base = sim.url): Connection {
  return tokenConnection({
    id: 'c_testconn01',
    label: 'test',
    provider: 'sessions-website',
    baseUrl: base,
    metadata: { handle },
    ...extra,
  });
}

function whoamiError(secret: string, handle: string): Promise<UpstreamError> {
  return rejectionOf(provider.whoami({ connection: connection(handle), secret, http }), UpstreamError);
}

beforeAll(async () => {
  sim = await startSessionsWebsiteSimulator();
  bare = await startSessionsWebsiteSimulator({ keyIntrospection: false });
});
afterAll(async () => {
  await sim.close();
  await bare.close();
});

describe('sessions.website whoami against the simulator', () => {
  it('reports the business, the key name, every scope from the server and the masked key for a full key on its own handle', async () => {
    const who = await provider.whoami({ connection: connection('acme-yoga'), secret: sim.tokens.acmeFull, http });
    expect(who.principal).toEqual({ type: 'business', id: 'biz_01acmeyoga', name: 'Acme Yoga Studio' });
    expect(who.tokenKind).toBe('sk_live');
    expect(who.tokenKindLabel).toContain('Zapier sync');
    expect(who.maskedToken).toBe(`sk_live_…${sim.tokens.acmeFull.slice(-4)}`);
    expect(who.scopes.map((s) => s.scope).sort()).toEqual([
      'participants:read',
      'products:read',
      'purchases:read',
      'registrations:read',
      'webhooks:read',
      'webhooks:write',
    ]);
    expect(who.scopes.every((s) => s.provenance === 'server' && s.description)).toBe(true);
    expect(who.expiresAt).toBeNull();
    expect(JSON.stringify(who)).not.toContain(sim.tokens.acmeFull);
    const sent = sim.requests.at(-1)!;
    expect(sent.path).toBe('/@acme-yoga/api/graphql');
    expect(sent.headers.authorization).toBe(`Bearer ${sim.tokens.acmeFull}`);
  });

  it('reports only the scopes a narrow key holds, with its expiry', async () => {
    const who = await provider.whoami({ connection: connection('acme-yoga'), secret: sim.tokens.acmeReadOnly, http });
    expect(who.scopes.map((s) => s.scope)).not.toContain('webhooks:write');
    expect(who.expiresAt).toBe('2027-06-30T00:00:00.000Z');
    const narrow = await provider.whoami({
      connection: connection('acme-yoga'),
      secret: sim.tokens.acmeProductsOnly,
      http,
    });
    expect(narrow.scopes.map((s) => s.scope)).toEqual(['products:read']);
  });

  it('intersects key scopes with the business grants and says which scope resolves to nothing', async () => {
    const who = await provider.whoami({
      connection: connection('harbour-climbing'),
      secret: sim.tokens.harbourFull,
      http,
    });
    expect(who.principal.name).toBe('Harbour Climbing Gym');
    expect(who.scopes.map((s) => s.scope)).not.toContain('purchases:read');
    expect(who.scopes).toHaveLength(5);
    expect(who.notes.join(' ')).toMatch(/purchases:read.*resolves to nothing/);
  });

  it('falls back to declared scopes when the server cannot report the key', async () => {
    const conn = connection('acme-yoga', { declaredScopes: ['participants:read'] }, bare.url);
    const who = await provider.whoami({ connection: conn, secret: bare.tokens.acmeFull, http });
    expect(who.principal.name).toBe('Acme Yoga Studio');
    expect(who.scopes).toEqual([
      { scope: 'participants:read', provenance: 'declared', description: expect.any(String) },
    ]);
  });

  it('refuses a key on another business handle as wrong_handle, naming that it belongs to another business', async () => {
    const error = await whoamiError(sim.tokens.acmeFull, 'harbour-climbing');
    expect(error.kind).toBe('wrong_handle');
    expect(error.message).toContain('belongs to another business');
    expect(error.message).toContain('@harbour-climbing');
  });

  it('maps a revoked key to revoked, an expired key to expired, an unknown key to invalid_token', async () => {
    expect((await whoamiError(sim.tokens.acmeRevoked, 'acme-yoga')).kind).toBe('revoked');
    expect((await whoamiError(sim.tokens.acmeExpired, 'acme-yoga')).kind).toBe('expired');
    const unknown = await whoamiError('sk_live_not_a_real_key_000000000', 'acme-yoga');
    expect(unknown.kind).toBe('invalid_token');
    expect(unknown.hint).toContain('Settings → API keys');
  });

  it('maps an unknown handle to not_found naming the handle', async () => {
    const error = await whoamiError(sim.tokens.acmeFull, 'no-such-studio');
    expect(error.kind).toBe('not_found');
    expect(error.message).toContain('@no-such-studio');
  });
});
