/**
 * whoami on the documented surface: the verdict comes from `GET /v1/events` alone; the assumed `GET /v1/token`
 * is enrichment that may be missing or answer anything without failing the check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/connections/model.js';
import { UpstreamError } from '../../shared/errors.js';
import { UpstreamHttpClient } from '../../shared/net/http-client.js';
import { provider } from '../../shared/providers/sessionboard/index.js';
import type { Whoami } from '../../shared/providers/types.js';
import { reportedExpectedScopes, reportedServerScopes } from '../../shared/providers/reported-scopes.js';
import { rejectionOf } from '../helpers/rejection.js';
import { tokenConnection } from '../helpers/token-connection.js';
import {
  type SessionboardSimulator,
  type SessionboardTokenName,
  startSessionboardSimulator,
} from '../simulators/sessionboard.js';

const http = new UpstreamHttpClient({ timeoutMs: 10_000 });
let documented: SessionboardSimulator;
let rich: SessionboardSimulator;

function connection(overrides: Partial<Connection> = {}): Connection {
  return tokenConnection({ id: 'c_sbdoc00001', label: 'Acme', provider: 'sessionboard', ...overrides });
}

function whoami(
  sim: SessionboardSimulator,
  token: SessionboardTokenName,
  overrides: Partial<Connection> = {},
): Promise<Whoami> {
  process.env.BRIDGEKEEPER_HOST_OVERRIDES = JSON.stringify(sim.hostOverrides);
  return provider.whoami({ connection: connection(overrides), secret: sim.tokens[token], http });
}

function expectDocumentedOnly(w: Whoami): void {
  expect(w.scopesReported).toBe(false);
  expect(reportedServerScopes(w)).toBeUndefined(); // → effectiveScopes undefined: nothing is refused locally
  expect(reportedExpectedScopes(w)).toEqual(['read:events', 'read:sessions', 'read:contacts']);
  expect(w.scopes.every((s) => s.provenance === 'expected')).toBe(true);
  expect(w.notes.join(' ')).toContain(
    "Sessionboard does not report this token's scopes: Bridgekeeper learns them from refusals.",
  );
  expect(
    provider.effectiveScopes(
      connection({ ...(reportedServerScopes(w) ? { serverScopes: reportedServerScopes(w)! } : {}) }),
    ),
  ).toBeUndefined();
}

beforeAll(async () => {
  [documented, rich] = await Promise.all([
    startSessionboardSimulator({ profile: 'documented' }),
    startSessionboardSimulator(),
  ]);
});
afterAll(async () => {
  delete process.env.BRIDGEKEEPER_HOST_OVERRIDES;
  await Promise.all([documented?.close(), rich?.close()]);
});

describe('Sessionboard whoami without GET /v1/token (documented surface)', () => {
  it('says the token is valid for its region, what is known and what is not', async () => {
    const w = await whoami(documented, 'full');
    expectDocumentedOnly(w);
    expect(w).toMatchObject({
      host: 'public-api.sessionboard.com',
      region: 'us',
      tokenKind: 'api_token',
      principal: { type: 'org' },
    });
    expect(w.notes[0]).toBe(
      'Valid token for the US region: Sessionboard accepted it on GET /v1/events (it sees 2 events on the first page).',
    );
    expect(w.notes.join(' ')).toContain('Not reported by Sessionboard either');
    expect(w.notes.join(' ')).toMatch(/recommends keeping the token's Hide PII setting on/);
    expect(w.flags.mcpAccess).toBeUndefined();
    expect(w.maskedToken).not.toContain(documented.tokens.full.slice(3, 20));
    const calls = documented.requests
      .filter((r) => r.headers['x-access-token'] === documented.tokens.full)
      .map((r) => r.path);
    expect(calls).toEqual(expect.arrayContaining(['/v1/events', '/v1/token']));
  });

  it('accepts an EU token on the EU host', async () => {
    const w = await whoami(documented, 'eu', { region: 'eu' });
    expect(w).toMatchObject({ host: 'public-api-eu.sessionboard.com', region: 'eu' });
    expect(w.notes[0]).toContain('Valid token for the EU region');
  });

  it("detects the wrong region from the other region's GET /v1/events", async () => {
    const usOnEu = await rejectionOf(whoami(documented, 'full', { region: 'eu' }), UpstreamError);
    expect(usOnEu.kind).toBe('wrong_region');
    expect(usOnEu.message).toBe(
      "This token belongs to Sessionboard's US region, but the connection uses EU (public-api-eu.sessionboard.com).",
    );
    const euOnUs = await rejectionOf(whoami(documented, 'eu'), UpstreamError);
    expect(euOnUs.kind).toBe('wrong_region');
    expect(euOnUs.hint).toContain('--region eu');
  });

  it('says an unknown or revoked token is not accepted, from a plain 401', async () => {
    process.env.BRIDGEKEEPER_HOST_OVERRIDES = JSON.stringify(documented.hostOverrides);
    const unknown = await rejectionOf(
      provider.whoami({ connection: connection(), secret: 'f'.repeat(48), http }),
      UpstreamError,
    );
    expect(unknown.kind).toBe('invalid_token');
    expect(unknown.hint).toContain('Organization Settings → API Tokens');
    expect((await rejectionOf(whoami(documented, 'revoked'), UpstreamError)).kind).toBe('invalid_token');
  });

  it('says a base URL that does not serve GET /v1/events is not the Sessionboard Public API', async () => {
    const error = await rejectionOf(
      whoami(documented, 'full', { baseUrl: `${documented.url}/not-here` }),
      UpstreamError,
    );
    expect(error.kind).toBe('not_found');
    expect(error.message).toContain("does not answer Sessionboard's documented GET /v1/events");
  });

  it('checks the MCP prerequisites with the documented MCP endpoint for an MCP-mode connection only', async () => {
    const mcp = { metadata: { mode: 'mcp' } };
    const ok = await whoami(documented, 'full', mcp);
    expect(ok.flags.mcpAccess).toBe(true);
    expect(ok.notes.join(' ')).toContain("uses Sessionboard's MCP server, and its prerequisites are met");
    const off = await whoami(documented, 'mcpDisabled', mcp);
    expect(off.flags.mcpAccess).toBe(false);
    expect(off.notes.join(' ')).toMatch(/will answer 403 until this is fixed: .*MCP Access toggle.*read:insights/);
    const before = documented.requests.filter((r) => r.path === '/mcp').length;
    expect((await whoami(documented, 'mcpDisabled')).flags.mcpAccess).toBeUndefined();
    expect(documented.requests.filter((r) => r.path === '/mcp').length).toBe(before);
  });
});

describe('GET /v1/token is optional enrichment', () => {
  afterAll(() => rich.setTokenEndpoint(undefined));

  for (const [what, reply] of [
    ['404', { status: 404, body: { message: 'Not Found' } }],
    ['405', { status: 405, body: 'Method Not Allowed' }],
    ['400', { status: 400, body: { message: 'Bad Request' } }],
    ['501', { status: 501, body: null }],
    ['an unexpected body', { status: 200, body: { id: 'tok_1', permissions: ['all'] } }],
  ] as const) {
    it(`is ignored when it answers ${what}: the add still succeeds on GET /v1/events`, async () => {
      rich.setTokenEndpoint(reply);
      expectDocumentedOnly(await whoami(rich, 'full'));
    });
  }

  it('reports server scopes, names and flags when it answers in the assumed shape', async () => {
    rich.setTokenEndpoint(undefined);
    const w = await whoami(rich, 'readOnly');
    expect(w.scopesReported).toBe(true);
    expect(w.scopes.every((s) => s.provenance === 'server')).toBe(true);
    expect(w.principal.name).toBe('Acme Events');
    expect(w.flags.hidePii).toBe(true);
  });
});
