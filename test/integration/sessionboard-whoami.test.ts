import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/connections/model.js';
import { rejectionOf } from '../helpers/rejection.js';
import { tokenConnection } from '../helpers/token-connection.js';
import { UpstreamError } from '../../shared/errors.js';
import { UpstreamHttpClient } from '../../shared/net/http-client.js';
import { provider } from '../../shared/providers/sessionboard/index.js';
import type { Whoami } from '../../shared/providers/types.js';
import {
  type SessionboardSimulator,
  type SessionboardTokenName,
  startSessionboardSimulator,
} from '../simulators/sessionboard.js';

let sim: SessionboardSimulator;
const http = new UpstreamHttpClient({ timeoutMs: 10_000 });

function connection(overrides: Partial<Connection> = {}): Connection {
  return tokenConnection({ id: 'c_sbtest0001', label: 'Acme', provider: 'sessionboard', ...overrides });
}

function whoami(token: SessionboardTokenName, overrides: Partial<Connection> = {}): Promise<Whoami> {
  return provider.whoami({ connection: connection(overrides), secret: sim.tokens[token], http });
}

const failure = (promise: Promise<unknown>) => rejectionOf(promise, UpstreamError);

const scopeIds = (w: Whoami) => w.scopes.map((s) => s.scope).sort();

beforeAll(async () => {
  sim = await startSessionboardSimulator();
  process.env.BRIDGEKEEPER_HOST_OVERRIDES = JSON.stringify(sim.hostOverrides);
});
afterAll(async () => {
  delete process.env.BRIDGEKEEPER_HOST_OVERRIDES;
  await sim.close();
});

describe('Sessionboard whoami', () => {
  it('reports the organization, token name, server scopes and a masked token for a full-access token', async () => {
    const w = await whoami('full');
    expect(w.principal).toMatchObject({ type: 'org', id: 'org_acme', name: 'Acme Events' });
    expect(w.tokenKind).toBe('api_token');
    expect(w.tokenKindLabel).toContain('Claude assistant (full)');
    expect(w.host).toBe('public-api.sessionboard.com');
    expect(w.region).toBe('us');
    expect(w.maskedToken).toMatch(/^.{3}….{4}$/);
    expect(w.maskedToken).not.toContain(sim.tokens.full.slice(3, 20));
    expect(scopeIds(w)).toContain('write:sessions');
    expect(w.scopes.every((s) => s.provenance === 'server' && s.description)).toBe(true);
    expect(w.flags).toMatchObject({ legacyToken: false, hidePii: false });
    expect(w.flags.eventRestrictions).toBeUndefined();
  });

  it('states the MCP prerequisites only for an MCP-mode connection; a REST-mode one does not need them', async () => {
    const rest = await whoami('readOnly');
    expect(rest.flags.mcpAccess).toBeUndefined();
    expect(rest.notes.join(' ')).toContain('Public API (REST), which does not need MCP access');
    expect(rest.notes.join(' ')).not.toMatch(/will answer 403|will be refused/);
    expect((await whoami('full', { metadata: { mode: 'mcp' } })).flags.mcpAccess).toBe(true);
  });

  it('recommends switching Hide PII on when it is off', async () => {
    expect((await whoami('full')).notes.join(' ')).toMatch(/Hide PII is off.*Sessionboard recommends switching it on/);
  });

  it('sends the token in x-access-token and never in Authorization', async () => {
    const before = sim.requests.length;
    await whoami('full');
    const request = sim.requests.slice(before).find((r) => r.path === '/v1/token')!;
    expect(request.headers['x-access-token']).toBe(sim.tokens.full);
    expect(request.headers.authorization).toBeUndefined();
  });

  it('shows a read-only token with its reads, no writes and (in MCP mode) MCP off', async () => {
    const w = await whoami('readOnly', { metadata: { mode: 'mcp' } });
    expect(scopeIds(w)).toEqual(['read:contacts', 'read:dashboards', 'read:events', 'read:reports', 'read:sessions']);
    expect(w.flags.mcpAccess).toBe(false);
    expect(w.notes.join(' ')).toMatch(/MCP Access toggle is off/);
  });

  it('flags a legacy token (empty scopes) as reading everything implicitly and writing nothing', async () => {
    const w = await whoami('legacy');
    expect(w.tokenKind).toBe('legacy_api_token');
    expect(w.flags.legacyToken).toBe(true);
    expect(scopeIds(w)).toContain('read:insights');
    expect(scopeIds(w).some((s) => s.startsWith('write:'))).toBe(false);
    expect(w.scopes[0]!.description).toMatch(/implied: legacy token/);
  });

  it('explains exactly which MCP prerequisite is missing', async () => {
    const mcp = { metadata: { mode: 'mcp' } };
    expect((await whoami('mcpDisabled', mcp)).notes.join(' ')).toMatch(/the token's MCP Access toggle is off/);
    expect((await whoami('noInsights', mcp)).notes.join(' ')).toMatch(/lacks the read:insights scope/);
    const beta = await whoami('orgAiDisabled', mcp);
    expect(beta.flags.mcpAccess).toBe(false);
    expect(beta.notes.join(' ')).toMatch(
      /answer 403 until this is fixed: AI features are not enabled for the organization/,
    );
    expect((await whoami('orgMcpDisabled', mcp)).notes.join(' ')).toMatch(
      /MCP access is not enabled on the organization/,
    );
  });

  it('shows reports and dashboards only when granted: they are not in the default read access', async () => {
    const w = await whoami('sessionWriter');
    expect(scopeIds(w)).toEqual(['read:contacts', 'read:events', 'read:sessions', 'write:sessions']);
  });

  it('shows Hide PII as a connection fact', async () => {
    const w = await whoami('hidePii', { metadata: { mode: 'mcp' } });
    expect(w.flags.hidePii).toBe(true);
    expect(w.flags.mcpAccess).toBe(true);
    expect(w.notes.join(' ')).toContain('j***@a***.com');
  });

  it('shows the events an event-restricted token is limited to', async () => {
    const w = await whoami('eventRestricted');
    expect(w.flags.eventRestrictions).toEqual(['evt_devday26']);
    expect(w.notes.join(' ')).toContain('Acme DevDay 2026');
  });

  it('reports an EU token on the EU host', async () => {
    const w = await whoami('eu', { region: 'eu' });
    expect(w.host).toBe('public-api-eu.sessionboard.com');
    expect(w.principal.name).toBe('Nordic Summits');
    expect(w.expiresAt).toBe('2027-06-30T00:00:00.000Z');
  });

  it('says a revoked token is revoked and where to generate a new one', async () => {
    const error = await failure(whoami('revoked'));
    expect(error.kind).toBe('revoked');
    expect(error.hint).toContain('Organization Settings → API Tokens');
  });

  it('says an unknown token is invalid', async () => {
    const error = await failure(provider.whoami({ connection: connection(), secret: 'f'.repeat(48), http }));
    expect(error.kind).toBe('invalid_token');
    expect(error.hint).toMatch(/generate a new token/i);
  });

  it('detects a US token used on the EU host and names the right region', async () => {
    const error = await failure(whoami('full', { region: 'eu' }));
    expect(error.kind).toBe('wrong_region');
    expect(error.message).toBe(
      "This token belongs to Sessionboard's US region, but the connection uses EU (public-api-eu.sessionboard.com).",
    );
    expect(error.hint).toContain('--region us');
  });

  it('detects an EU token used on the US host', async () => {
    const error = await failure(whoami('eu'));
    expect(error.kind).toBe('wrong_region');
    expect(error.message).toContain("belongs to Sessionboard's EU region");
  });

  it('uses an explicit base URL as-is (no region probing)', async () => {
    const w = await whoami('full', { baseUrl: sim.url });
    expect(w.principal.id).toBe('org_acme');
    const error = await failure(whoami('eu', { baseUrl: sim.url }));
    expect(error.kind).toBe('invalid_token');
  });
});
