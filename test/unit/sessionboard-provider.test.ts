import { describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/connections/model.js';
import { tokenConnection } from '../helpers/token-connection.js';
import { UpstreamError } from '../../shared/errors.js';
import { attributePlain403 } from '../../shared/providers/sessionboard/errors.js';
import { mapSessionboardError, provider } from '../../shared/providers/sessionboard/index.js';
import { DEFAULT_READ_SCOPES } from '../../shared/providers/sessionboard/scopes.js';
import { scopeCheck } from '../../shared/providers/scope-check.js';

function connection(overrides: Partial<Connection> = {}): Connection {
  return tokenConnection({ id: 'c_sbunit0001', label: 'Acme', provider: 'sessionboard', ...overrides });
}

const tool = (name: string) => provider.tools(connection()).find((t) => t.name === name)!;
const check = (name: string, args: Record<string, unknown>, c: Connection) =>
  scopeCheck(tool(name), args, {
    effective: provider.effectiveScopes(c),
    learnedMissing: c.learnedGaps.map((g) => g.scope),
  });

describe('Sessionboard provider facts', () => {
  it('builds the US, EU and overridden API hosts and MCP endpoints', () => {
    expect(provider.apiBaseUrl(connection())).toBe('https://public-api.sessionboard.com');
    expect(provider.apiBaseUrl(connection({ region: 'eu' }))).toBe('https://public-api-eu.sessionboard.com');
    expect(provider.apiBaseUrl(connection({ baseUrl: 'http://127.0.0.1:9999/' }))).toBe('http://127.0.0.1:9999');
    expect(provider.mcpEndpoint!(connection())).toBe('https://mcp.sessionboard.com/mcp');
    expect(provider.mcpEndpoint!(connection({ region: 'eu' }))).toBe('https://mcp-eu.sessionboard.com/mcp');
  });

  it('sends the token as x-access-token', () => {
    expect(provider.authHeaders(connection(), 'tok_abc')).toEqual({ 'x-access-token': 'tok_abc' });
    expect(provider.authHeaders(connection(), null)).toEqual({});
  });

  it("refuses other services' tokens with a warning naming what they look like", () => {
    expect(provider.recognizeToken('imb_pat_abcdefghijklmnop')).toMatchObject({
      matches: false,
      warning: expect.stringContaining("I'mBoard personal access token"),
    });
    expect(provider.recognizeToken('sk_live_abcdefghijklmnop')).toMatchObject({
      matches: false,
      warning: expect.stringContaining('sessions.website API key'),
    });
    expect(provider.recognizeToken('short')).toMatchObject({ matches: false });
    expect(provider.recognizeToken('a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6')).toEqual({ matches: true, kind: 'api_token' });
  });

  it("describes every scope and says where to grant it in Sessionboard's words", () => {
    expect(provider.scopes.map((s) => s.id)).toEqual(
      expect.arrayContaining(['read:insights', 'write:metadata', 'write:events']),
    );
    expect(provider.scopes.every((s) => s.description.length > 5)).toBe(true);
    expect(provider.grantHint('write:sessions')).toContain(
      "Organization Settings → API Tokens → edit the token's scopes",
    );
  });

  it('treats a legacy token as all reads and no writes, and every token as holding the default reads', () => {
    const legacy = provider.effectiveScopes(connection({ serverScopes: [] }))!;
    expect(legacy.has('read:insights')).toBe(true);
    expect([...legacy].some((s) => s.startsWith('write:'))).toBe(false);
    expect(legacy.has('read:reports') && legacy.has('read:dashboards')).toBe(true);
    const writer = provider.effectiveScopes(connection({ serverScopes: ['write:sessions'] }))!;
    expect(writer.has('read:sessions')).toBe(true);
    expect(writer.has('read:insights')).toBe(false);
    // Seed 000: the default read access is events, sessions, speakers, contacts, sponsors, exhibitors; no reports or dashboards.
    expect([...DEFAULT_READ_SCOPES].sort()).toEqual(['read:contacts', 'read:events', 'read:sessions']);
    expect(writer.has('read:reports') || writer.has('read:dashboards')).toBe(false);
    expect(provider.effectiveScopes(connection())).toBeUndefined();
    // Declared scopes are the person's word, not Sessionboard's: they predict (with the default reads), never refuse.
    const declared = connection({ declaredScopes: ['write:contacts'] });
    expect(provider.effectiveScopes(declared)).toBeUndefined();
    expect([...provider.expectedScopes!(declared)!].sort()).toEqual([
      'read:contacts',
      'read:events',
      'read:sessions',
      'write:contacts',
    ]);
  });

  it('describes an OAuth sign-in from its stored grant without calling Sessionboard, counting only granted scopes', async () => {
    const c = connection({
      authKind: 'oauth',
      region: 'eu',
      serverScopes: ['read:insights', 'write:sessions'],
      metadata: { principalName: 'ana@nordic.example' },
    });
    const failingHttp = { request: () => Promise.reject(new Error('must not be called')) };
    const w = await provider.whoami({ connection: c, secret: 'oauth-access-token', http: failingHttp });
    expect(w).toMatchObject({
      tokenKind: 'oauth_mcp',
      host: 'mcp-eu.sessionboard.com',
      region: 'eu',
      principal: { type: 'user', name: 'ana@nordic.example' },
    });
    expect(w.scopes.map((s) => s.scope)).toEqual(['read:insights', 'write:sessions']);
    expect(provider.effectiveScopes(c)!.has('read:events')).toBe(false);
    expect(provider.effectiveScopes(connection({ authKind: 'oauth', serverScopes: [] }))).toBeUndefined();
  });

  it('never lets an OAuth grant with scope names Sessionboard does not document block a tool', () => {
    const c = connection({ authKind: 'oauth', serverScopes: ['mcp', 'sessionboard.read'] });
    expect(provider.effectiveScopes(c)).toBeUndefined();
    expect(
      provider.effectiveScopes(connection({ authKind: 'oauth', serverScopes: ['read:insights', 'offline_access'] })),
    ).toBeUndefined();
    const mcpTool = {
      name: 'manage_sessions',
      title: 't',
      description: 'd',
      inputSchema: { type: 'object' as const },
      access: 'write' as const,
      requiredScopes: (a: Record<string, unknown>) => provider.mcpToolScopes!('manage_sessions', a) ?? [],
      scopeBasis: provider.mcpToolScopeBasis!('manage_sessions'),
    };
    expect(scopeCheck(mcpTool, {}, { effective: provider.effectiveScopes(c), learnedMissing: [] }).status).toBe(
      'unknown',
    );
  });

  it("marks each tool's scope mapping documented or assumed", () => {
    const basis = (name: string) => tool(name).scopeBasis ?? 'documented';
    for (const name of [
      'list_events',
      'get_event',
      'list_sessions',
      'get_session',
      'list_contacts',
      'list_speakers',
      'list_reports',
      'list_dashboards',
      'run_sbql',
      'manage_sessions',
      'manage_metadata',
    ])
      expect(basis(name), name).toBe('documented');
    for (const name of ['list_exhibitors', 'list_sponsors', 'list_session_metadata'])
      expect(basis(name), name).toBe('assumed');
    expect(provider.mcpToolScopeBasis!('search_sessions')).toBe('documented');
    expect(provider.mcpToolScopeBasis!('manage_sessions')).toBe('assumed');
    expect(provider.mcpToolScopeBasis!('manage_metadata')).toBe('assumed');
  });

  it('offers paging on every list tool and tells about the 3-minute session cache on session reads and writes', () => {
    const lists = provider.tools(connection()).filter((t) => t.name.startsWith('list_'));
    expect(lists.length).toBeGreaterThanOrEqual(10);
    for (const t of lists)
      expect(Object.keys(t.inputSchema.properties ?? {}), t.name).toEqual(expect.arrayContaining(['page', 'limit']));
    expect(tool('run_sbql').description).toContain('Not paged');
    for (const name of ['get_session', 'list_sessions', 'manage_sessions'])
      expect(tool(name).description, name).toContain('3 minutes');
    expect(tool('list_session_metadata').inputSchema.properties).toMatchObject({
      kind: { enum: expect.arrayContaining(['rooms', 'tracks', 'tags', 'formats']) },
    });
  });

  it('offers at least five read and three write tools, with schemas', () => {
    const tools = provider.tools(connection());
    expect(tools.filter((t) => t.access === 'read').length).toBeGreaterThanOrEqual(5);
    expect(tools.filter((t) => t.access === 'write').length).toBeGreaterThanOrEqual(3);
    expect(tools.every((t) => t.inputSchema.type === 'object' && /^[a-z_]+$/.test(t.name))).toBe(true);
    expect(tools.filter((t) => t.access === 'write').every((t) => t.destructive)).toBe(true);
  });
});

describe('Sessionboard scope checks', () => {
  const readOnly = connection({
    serverScopes: ['read:events', 'read:sessions', 'read:contacts', 'read:reports', 'read:dashboards'],
  });
  const writer = connection({ serverScopes: ['read:insights', 'write:sessions', 'write:metadata'] });

  it('allows a read tool for a read-only token and refuses SbQL without read:insights', () => {
    expect(check('list_sessions', { eventId: 'e' }, readOnly).status).toBe('allowed');
    expect(check('run_sbql', { query: 'count sessions' }, readOnly)).toMatchObject({
      status: 'missing',
      missing: ['read:insights'],
    });
  });

  it('refuses a write tool when the token lacks write:sessions', () => {
    expect(check('manage_sessions', { action: 'create' }, readOnly)).toMatchObject({
      status: 'missing',
      missing: ['write:sessions'],
    });
    expect(check('manage_sessions', { action: 'delete', id: 'ses_1' }, writer).status).toBe('allowed');
  });

  it('picks the manage_metadata scope from the kind: custom fields need write:fields', () => {
    expect(check('manage_metadata', { action: 'create', kind: 'tracks' }, writer).status).toBe('allowed');
    expect(check('manage_metadata', { action: 'create', kind: 'custom_fields' }, writer)).toMatchObject({
      status: 'missing',
      missing: ['write:fields'],
    });
  });

  it('refuses every write for a legacy token', () => {
    const legacy = connection({ serverScopes: [] });
    for (const action of ['create', 'update', 'delete', 'restore']) {
      expect(check('manage_contacts', { action }, legacy)).toMatchObject({
        status: 'missing',
        missing: ['write:contacts'],
      });
    }
  });

  it('is unknown (forwarded) when nothing is known about the token', () => {
    expect(check('manage_sponsors', { action: 'create' }, connection()).status).toBe('unknown');
  });

  it('needs read:insights for every MCP tool, plus the write scope for manage tools', () => {
    expect(provider.mcpToolScopes!('search_sessions', {})).toEqual(['read:insights']);
    expect(provider.mcpToolScopes!('manage_sessions', { action: 'create' })).toEqual([
      'read:insights',
      'write:sessions',
    ]);
    expect(provider.mcpToolScopes!('manage_metadata', { kind: 'custom_fields' })).toEqual([
      'read:insights',
      'write:fields',
    ]);
  });
});

describe('Sessionboard error mapping', () => {
  const body = (code: string, extra: Record<string, unknown> = {}) => ({ error: { code, message: 'x', ...extra } });

  it('maps 401s to revoked or invalid_token with the place to generate a new token', () => {
    expect(mapSessionboardError({ status: 401, body: body('token_revoked') }).kind).toBe('revoked');
    const invalid = mapSessionboardError({ status: 401, body: body('invalid_token') });
    expect(invalid.kind).toBe('invalid_token');
    expect(invalid.hint).toContain('Organization Settings → API Tokens');
  });

  it('names which MCP prerequisite a 403 is about', () => {
    const cases: Array<[string, RegExp]> = [
      ['ai_features_disabled', /AI features are not enabled/],
      ['org_mcp_disabled', /MCP access is not enabled on your Sessionboard organization/],
      ['token_mcp_disabled', /MCP Access is switched off on this API token/],
    ];
    for (const [code, message] of cases) {
      const error = mapSessionboardError({ status: 403, body: body(code) }, 'mcp');
      expect(error.kind).toBe('mcp_access_disabled');
      expect(error.message).toMatch(message);
    }
    const insights = mapSessionboardError(
      { status: 403, body: body('missing_scope', { required_scope: 'read:insights' }) },
      'mcp',
    );
    expect(insights).toMatchObject({ kind: 'mcp_access_disabled', missingScopes: ['read:insights'] });
    expect(insights.message).toContain('read:insights');
  });

  it('maps a REST 403 missing scope to missing_scope naming the scope, and event restrictions to forbidden', () => {
    const error = mapSessionboardError({
      status: 403,
      body: body('missing_scope', { required_scope: 'write:contacts' }),
    });
    expect(error).toMatchObject({ kind: 'missing_scope', missingScopes: ['write:contacts'] });
    expect(error.hint).toContain('API Tokens');
    expect(mapSessionboardError({ status: 403, body: body('event_restricted') }).kind).toBe('forbidden');
    expect(mapSessionboardError({ status: 403, body: 'nope' }, 'mcp').message).toMatch(
      /AI features.*MCP access.*MCP Access toggle.*read:insights/,
    );
  });

  it('maps plain error bodies (no assumed codes) by status alone', () => {
    expect(mapSessionboardError({ status: 401, body: { message: 'Unauthorized' } }).kind).toBe('invalid_token');
    expect(mapSessionboardError({ status: 401, body: 'Unauthorized' }).kind).toBe('invalid_token');
    const forbidden = mapSessionboardError({ status: 403, body: { statusCode: 403, message: 'Forbidden' } });
    expect(forbidden).toMatchObject({ kind: 'forbidden', missingScopes: undefined });
    expect(forbidden.message).toContain('Forbidden');
    expect(
      mapSessionboardError({ status: 403, body: { message: 'Token is missing scope write:contacts' } }),
    ).toMatchObject({ kind: 'missing_scope', missingScopes: ['write:contacts'] });
    expect(mapSessionboardError({ status: 403, body: { message: 'needs read:events or read:sessions' } }).kind).toBe(
      'forbidden',
    );
    expect(mapSessionboardError({ status: 404, body: null }).kind).toBe('not_found');
    expect(
      mapSessionboardError({ status: 429, body: 'Too Many Requests', headers: new Headers({ 'retry-after': '5' }) }),
    ).toMatchObject({ kind: 'rate_limited', retryAfterMs: 5000 });
    expect(mapSessionboardError({ status: 403, body: null }, 'mcp').kind).toBe('mcp_access_disabled');
  });

  it('learns a plain 403 as a scope only when the documented requirement is one scope outside the default reads', () => {
    const plain = () => mapSessionboardError({ status: 403, body: { message: 'Forbidden' } });
    expect(attributePlain403(plain(), ['write:sessions'], 'documented', DEFAULT_READ_SCOPES)).toMatchObject({
      kind: 'missing_scope',
      missingScopes: ['write:sessions'],
    });
    expect(attributePlain403(plain(), ['read:reports'], 'documented', DEFAULT_READ_SCOPES).missingScopes).toEqual([
      'read:reports',
    ]);
    expect(attributePlain403(plain(), ['read:sessions'], 'documented', DEFAULT_READ_SCOPES).kind).toBe('forbidden'); // every token has it: event restrictions
    expect(attributePlain403(plain(), ['read:events'], 'assumed', DEFAULT_READ_SCOPES).kind).toBe('forbidden');
    expect(
      attributePlain403(plain(), ['read:insights', 'write:sessions'], 'documented', DEFAULT_READ_SCOPES).kind,
    ).toBe('forbidden');
    const restricted = mapSessionboardError({ status: 403, body: body('event_restricted') });
    expect(attributePlain403(restricted, ['write:sessions'], 'documented', DEFAULT_READ_SCOPES)).toBe(restricted);
    expect(
      attributePlain403(
        new UpstreamError('not_found', 'x', 'y', { status: 404 }),
        ['write:sessions'],
        'documented',
        DEFAULT_READ_SCOPES,
      ).kind,
    ).toBe('not_found');
  });

  it('maps 429 with Retry-After, 404, 422 and 5xx', () => {
    const limited = mapSessionboardError({ status: 429, body: null, headers: new Headers({ 'retry-after': '30' }) });
    expect(limited).toMatchObject({ kind: 'rate_limited', retryAfterMs: 30_000 });
    expect(limited.hint).toContain('30 s');
    expect(mapSessionboardError({ status: 404, body: body('not_found') }).kind).toBe('not_found');
    expect(mapSessionboardError({ status: 422, body: body('invalid_request') }).kind).toBe('bad_request');
    expect(mapSessionboardError({ status: 503, body: null }).kind).toBe('server_error');
  });
});
