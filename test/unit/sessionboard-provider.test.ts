import { describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/connections/model.js';
import { tokenConnection } from '../helpers/token-connection.js';
import { mapSessionboardError, provider } from '../../shared/providers/sessionboard/index.js';
import { scopeCheck } from '../../shared/providers/scope-check.js';

function connection(overrides: Partial<Connection> = {}): Connection {
  return tokenConnection({ id: 'c_sbunit0001', label: 'Acme', provider: 'sessionboard', ...overrides });
}

const tool = (name: string) => provider.tools(connection()).find((t) => t.name === name)!;
const check = (name: string, args: Record<string, unknown>, c: Connection) =>
  scopeCheck(tool(name), args, { effective: provider.effectiveScopes(c), learnedMissing: c.learnedGaps.map((g) => g.scope) });

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

  it('refuses other services\' tokens with a warning naming what they look like', () => {
    expect(provider.recognizeToken('imb_pat_abcdefghijklmnop')).toMatchObject({ matches: false, warning: expect.stringContaining("I'mBoard personal access token") });
    expect(provider.recognizeToken('sk_live_abcdefghijklmnop')).toMatchObject({ matches: false, warning: expect.stringContaining('sessions.website API key') });
    expect(provider.recognizeToken('short')).toMatchObject({ matches: false });
    expect(provider.recognizeToken('a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6')).toEqual({ matches: true, kind: 'api_token' });
  });

  it('describes every scope and says where to grant it in Sessionboard\'s words', () => {
    expect(provider.scopes.map((s) => s.id)).toEqual(expect.arrayContaining(['read:insights', 'write:metadata', 'write:events']));
    expect(provider.scopes.every((s) => s.description.length > 5)).toBe(true);
    expect(provider.grantHint('write:sessions')).toContain("Organization Settings → API Tokens → edit the token's scopes");
  });

  it('treats a legacy token as all reads and no writes, and every token as holding the default reads', () => {
    const legacy = provider.effectiveScopes(connection({ serverScopes: [] }))!;
    expect(legacy.has('read:insights')).toBe(true);
    expect([...legacy].some((s) => s.startsWith('write:'))).toBe(false);
    const writer = provider.effectiveScopes(connection({ serverScopes: ['write:sessions'] }))!;
    expect(writer.has('read:sessions')).toBe(true);
    expect(writer.has('read:insights')).toBe(false);
    expect(provider.effectiveScopes(connection())).toBeUndefined();
    expect(provider.effectiveScopes(connection({ declaredScopes: ['write:contacts'] }))!.has('write:contacts')).toBe(true);
  });

  it('describes an OAuth sign-in from its stored grant without calling Sessionboard, counting only granted scopes', async () => {
    const c = connection({ authKind: 'oauth', region: 'eu', serverScopes: ['read:insights', 'write:sessions'], metadata: { principalName: 'ana@nordic.example' } });
    const failingHttp = { request: () => Promise.reject(new Error('must not be called')) };
    const w = await provider.whoami({ connection: c, secret: 'oauth-access-token', http: failingHttp });
    expect(w).toMatchObject({ tokenKind: 'oauth_mcp', host: 'mcp-eu.sessionboard.com', region: 'eu', principal: { type: 'user', name: 'ana@nordic.example' } });
    expect(w.scopes.map((s) => s.scope)).toEqual(['read:insights', 'write:sessions']);
    expect(provider.effectiveScopes(c)!.has('read:events')).toBe(false);
    expect(provider.effectiveScopes(connection({ authKind: 'oauth', serverScopes: [] }))).toBeUndefined();
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
  const readOnly = connection({ serverScopes: ['read:events', 'read:sessions', 'read:contacts', 'read:reports', 'read:dashboards'] });
  const writer = connection({ serverScopes: ['read:insights', 'write:sessions', 'write:metadata'] });

  it('allows a read tool for a read-only token and refuses SbQL without read:insights', () => {
    expect(check('list_sessions', { eventId: 'e' }, readOnly).status).toBe('allowed');
    expect(check('run_sbql', { query: 'count sessions' }, readOnly)).toMatchObject({ status: 'missing', missing: ['read:insights'] });
  });

  it('refuses a write tool when the token lacks write:sessions', () => {
    expect(check('manage_sessions', { action: 'create' }, readOnly)).toMatchObject({ status: 'missing', missing: ['write:sessions'] });
    expect(check('manage_sessions', { action: 'delete', id: 'ses_1' }, writer).status).toBe('allowed');
  });

  it('picks the manage_metadata scope from the kind: custom fields need write:fields', () => {
    expect(check('manage_metadata', { action: 'create', kind: 'tracks' }, writer).status).toBe('allowed');
    expect(check('manage_metadata', { action: 'create', kind: 'custom_fields' }, writer)).toMatchObject({ status: 'missing', missing: ['write:fields'] });
  });

  it('refuses every write for a legacy token', () => {
    const legacy = connection({ serverScopes: [] });
    for (const action of ['create', 'update', 'delete', 'restore']) {
      expect(check('manage_contacts', { action }, legacy)).toMatchObject({ status: 'missing', missing: ['write:contacts'] });
    }
  });

  it('is unknown (forwarded) when nothing is known about the token', () => {
    expect(check('manage_sponsors', { action: 'create' }, connection()).status).toBe('unknown');
  });

  it('needs read:insights for every MCP tool, plus the write scope for manage tools', () => {
    expect(provider.mcpToolScopes!('search_sessions', {})).toEqual(['read:insights']);
    expect(provider.mcpToolScopes!('manage_sessions', { action: 'create' })).toEqual(['read:insights', 'write:sessions']);
    expect(provider.mcpToolScopes!('manage_metadata', { kind: 'custom_fields' })).toEqual(['read:insights', 'write:fields']);
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
    const insights = mapSessionboardError({ status: 403, body: body('missing_scope', { required_scope: 'read:insights' }) }, 'mcp');
    expect(insights).toMatchObject({ kind: 'mcp_access_disabled', missingScopes: ['read:insights'] });
    expect(insights.message).toContain('read:insights');
  });

  it('maps a REST 403 missing scope to missing_scope naming the scope, and event restrictions to forbidden', () => {
    const error = mapSessionboardError({ status: 403, body: body('missing_scope', { required_scope: 'write:contacts' }) });
    expect(error).toMatchObject({ kind: 'missing_scope', missingScopes: ['write:contacts'] });
    expect(error.hint).toContain('API Tokens');
    expect(mapSessionboardError({ status: 403, body: body('event_restricted') }).kind).toBe('forbidden');
    expect(mapSessionboardError({ status: 403, body: 'nope' }, 'mcp').message).toMatch(/AI features.*MCP access.*MCP Access toggle.*read:insights/);
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
