import { describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/connections/model.js';
import { tokenConnection } from '../helpers/token-connection.js';
import { InputError, UpstreamError } from '../../shared/errors.js';
import { scopeCheck } from '../../shared/providers/scope-check.js';
import { provider } from '../../shared/providers/sessions-website/index.js';
import { mapGraphqlError, mapHttpFailure } from '../../shared/providers/sessions-website/errors.js';
import { isValidationFailure } from '../../shared/providers/sessions-website/graphql.js';
import { normalizeList } from '../../shared/providers/sessions-website/list-results.js';
import { refusalOf } from '../../shared/providers/sessions-website/tool-runner.js';
import { SESSIONS_WEBSITE_TOOLS } from '../../shared/providers/sessions-website/tools.js';

function connection(extra: Partial<Connection> = {}): Connection {
  return tokenConnection({
    id: 'c_unitconn01',
    label: 'unit',
    provider: 'sessions-website',
    metadata: { handle: 'acme-yoga' },
    ...extra,
  });
}

function tool(name: string) {
  const found = provider.tools(connection()).find((t) => t.name === name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
}

describe('sessions.website token recognition', () => {
  it('accepts an sk_live_ key', () => {
    expect(provider.recognizeToken('sk_live_abcdefghijklmnop1234')).toEqual({ matches: true, kind: 'sk_live' });
  });

  it.each([
    ['imb_bat_0123456789abcdef', "I'mBoard board access token"],
    ['imb_pat_0123456789abcdef', "I'mBoard personal access token"],
    ['tnt_01jqpj2t2kfvmstt6f6tzkbaf2', 'Session Services tenant id'],
    ['eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.sig', 'JWT'],
  ])('refuses %s with a warning naming what it looks like', (token, looksLike) => {
    const result = provider.recognizeToken(token);
    expect(result.matches).toBe(false);
    expect(result.warning).toContain(looksLike);
    expect(result.warning).toContain('sk_live_');
  });

  it('refuses a truncated sk_live_ key and a key without the prefix', () => {
    expect(provider.recognizeToken('sk_live_abc').matches).toBe(false);
    expect(provider.recognizeToken('abcdefghijklmnopqrstuvwxyz').warning).toMatch(/start with sk_live_/);
  });
});

describe('sessions.website hosts and headers', () => {
  it('builds the GraphQL and MCP URLs on business.sessions.website from the handle', () => {
    expect(provider.apiBaseUrl(connection())).toBe('https://business.sessions.website/@acme-yoga/api/graphql');
    expect(provider.mcpEndpoint?.(connection({ authKind: 'oauth' }))).toBe(
      'https://business.sessions.website/@acme-yoga/api/mcp',
    );
  });

  it('never gives the MCP endpoint or MCP headers to a connection that holds an API key (seed 002: keys reach only the partner API)', () => {
    expect(() => provider.mcpEndpoint?.(connection())).toThrow(
      /does not send the API key of 'unit' to the sessions.website MCP server/,
    );
    const mcpKey = connection({ metadata: { handle: 'acme-yoga', mode: 'mcp' } });
    expect(() => provider.authHeaders(mcpKey, 'sk_live_abcdefghijklmnop1234')).toThrow(UpstreamError);
    expect(() => provider.checkNewConnection?.(mcpKey)).toThrow(InputError);
    expect(() => provider.checkNewConnection?.(connection())).not.toThrow();
    expect(() =>
      provider.checkNewConnection?.(connection({ authKind: 'oauth', metadata: { handle: 'acme-yoga', mode: 'mcp' } })),
    ).not.toThrow();
  });

  it('uses only the origin of a baseUrl override', () => {
    expect(provider.apiBaseUrl(connection({ baseUrl: 'http://127.0.0.1:4100/ignored/path' }))).toBe(
      'http://127.0.0.1:4100/@acme-yoga/api/graphql',
    );
  });

  it('sends the key as a Bearer token', () => {
    expect(provider.authHeaders(connection(), 'sk_live_x')).toEqual({ authorization: 'Bearer sk_live_x' });
  });

  it('asks for --handle when the connection has none', () => {
    expect(() => provider.apiBaseUrl(connection({ metadata: {} }))).toThrow(InputError);
    expect(provider.mcpEndpoint?.(connection({ metadata: {} }))).toBeUndefined();
  });
});

describe('sessions.website scopes', () => {
  it('documents every scope and says where to grant it', () => {
    expect(provider.scopes.map((s) => s.id)).toEqual([
      'participants:read',
      'registrations:read',
      'products:read',
      'purchases:read',
      'webhooks:read',
      'webhooks:write',
    ]);
    expect(provider.grantHint('webhooks:write')).toContain('business admin → Settings → API keys');
  });

  it('counts only server scopes as effective; declared ones are unknown to the service (they only predict)', () => {
    expect(
      provider.effectiveScopes(connection({ serverScopes: ['products:read'], declaredScopes: ['webhooks:write'] })),
    ).toEqual(new Set(['products:read']));
    expect(provider.effectiveScopes(connection({ declaredScopes: ['webhooks:write'] }))).toBeUndefined();
    expect(provider.effectiveScopes(connection())).toBeUndefined();
  });

  it('has at least five read and three write tools, with the delete marked destructive', () => {
    const tools = provider.tools(connection());
    expect(tools.filter((t) => t.access === 'read').length).toBeGreaterThanOrEqual(5);
    expect(tools.filter((t) => t.access === 'write').length).toBeGreaterThanOrEqual(3);
    expect(tool('delete_webhook_endpoint').destructive).toBe(true);
    expect(tool('list_webhook_endpoints').destructive).toBeUndefined();
  });

  it('allows a read tool the key holds and refuses a write tool it lacks, naming webhooks:write', () => {
    const granted = {
      effective: provider.effectiveScopes(connection({ serverScopes: ['participants:read', 'webhooks:read'] })),
      learnedMissing: [],
    };
    expect(scopeCheck(tool('list_participants'), {}, granted).status).toBe('allowed');
    expect(
      scopeCheck(
        tool('create_webhook_endpoint'),
        { url: 'https://x.example', events: ['purchase.completed'] },
        granted,
      ),
    ).toMatchObject({ status: 'missing', missing: ['webhooks:write'] });
    expect(scopeCheck(tool('list_purchases'), {}, granted)).toMatchObject({
      status: 'missing',
      missing: ['purchases:read'],
    });
  });

  it('reports unknown when nothing is known about the key, and missing once a refusal was learned', () => {
    expect(scopeCheck(tool('list_products'), {}, { effective: undefined, learnedMissing: [] }).status).toBe('unknown');
    expect(
      scopeCheck(tool('list_products'), {}, { effective: undefined, learnedMissing: ['products:read'] }),
    ).toMatchObject({ status: 'missing', learned: true });
  });
});

describe('sessions.website error mapping', () => {
  const err = (code: string, reason?: string, requiredScope?: string) => ({
    errors: [
      {
        message: 'x',
        extensions: { code, ...(reason ? { reason } : {}), ...(requiredScope ? { requiredScope } : {}) },
      },
    ],
  });

  it.each([
    [401, err('UNAUTHENTICATED'), 'invalid_token'],
    [401, err('UNAUTHENTICATED', 'KEY_REVOKED'), 'revoked'],
    [401, err('UNAUTHENTICATED', 'KEY_EXPIRED'), 'expired'],
    [403, err('FORBIDDEN', 'KEY_BUSINESS_MISMATCH'), 'wrong_handle'],
    [403, err('FORBIDDEN', 'HTTPS_REQUIRED'), 'insecure_url'],
    [403, err('FORBIDDEN', 'KEY_SCOPE_MISSING', 'purchases:read'), 'missing_scope'],
    [404, err('NOT_FOUND'), 'not_found'],
    [400, err('GRAPHQL_PARSE_FAILED'), 'bad_request'],
    [500, null, 'server_error'],
  ])('maps HTTP %i %j to %s', (status, body, kind) => {
    const error = mapHttpFailure({ status, body, handle: 'acme-yoga' });
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.kind).toBe(kind);
    expect(error.hint.length).toBeGreaterThan(10);
  });

  it('maps 429 with Retry-After to rate_limited carrying the wait', () => {
    const error = mapHttpFailure({
      status: 429,
      body: null,
      headers: new Headers({ 'retry-after': '7' }),
      handle: 'acme-yoga',
    });
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(7000);
    expect(error.hint).toContain('7 s');
  });

  it('names the missing scope for a field outside the key, and the business grant for one outside the business', () => {
    const key = mapGraphqlError({
      message: 'no',
      extensions: { code: 'FORBIDDEN', requiredScope: 'participants:read', reason: 'KEY_SCOPE_MISSING' },
    });
    expect(key.kind).toBe('missing_scope');
    expect(key.missingScopes).toEqual(['participants:read']);
    expect(key.message).toContain("'participants:read'");
    expect(key.hint).toContain('Settings → API keys');
    const business = mapGraphqlError({
      message: 'no',
      extensions: { code: 'FORBIDDEN', requiredScope: 'purchases:read', reason: 'BUSINESS_GRANT_MISSING' },
    });
    expect(business.kind).toBe('missing_scope');
    expect(business.message).toContain('business itself does not have');
  });
});

describe('sessions.website whoami for a browser sign-in (OAuth mcp:business)', () => {
  it('answers from the stored sign-in without sending the OAuth token to the partner GraphQL API', async () => {
    const http = {
      request: async () => {
        throw new Error('no request expected');
      },
    };
    const conn = connection({
      authKind: 'oauth',
      serverScopes: ['mcp:business'],
      metadata: { handle: 'acme-yoga', principalName: 'Maya (staff)' },
    });
    const who = await provider.whoami({ connection: conn, secret: 'opaque-oauth-access-token-value', http });
    expect(who.principal).toEqual({ type: 'user', name: 'Maya (staff)' });
    expect(who.context).toEqual([{ type: 'business', name: '@acme-yoga' }]);
    expect(who.scopes).toEqual([
      { scope: 'mcp:business', provenance: 'server', description: expect.stringContaining('signed-in staff member') },
    ]);
    expect(who.notes.join(' ')).toContain('https://business.sessions.website/@acme-yoga/api/mcp');
    expect(JSON.stringify(who)).not.toContain('opaque-oauth-access-token-value');
  });
});

describe('sessions.website: nothing undocumented is fatal', () => {
  const swTool = (name: string) => SESSIONS_WEBSITE_TOOLS.find((t) => t.name === name)!;

  it('recognises a document validation failure the way Apollo (400 + code) and other servers (message only) send it', () => {
    expect(
      isValidationFailure(
        [
          {
            message: 'Cannot query field "handle" on type "Business".',
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          },
        ],
        undefined,
      ),
    ).toBe(true);
    expect(isValidationFailure([{ message: 'Cannot query field "apiKey" on type "Query".' }], null)).toBe(true);
    expect(isValidationFailure([{ message: 'Unknown argument "after" on field "Query.products".' }], undefined)).toBe(
      true,
    );
    // A field-level refusal comes with data: the document was valid.
    expect(
      isValidationFailure([{ message: 'Not authorized', extensions: { code: 'FORBIDDEN' } }], { participants: null }),
    ).toBe(false);
    expect(isValidationFailure([{ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }], undefined)).toBe(
      false,
    );
  });

  it("reads a refusal of a tool's own data as a scope refusal of the tool's documented scope, named or not", () => {
    const bare = refusalOf(
      swTool('list_participants'),
      { message: 'Not authorized to access participants.', path: ['participants'], extensions: { code: 'FORBIDDEN' } },
      200,
    );
    expect(bare).toMatchObject({ kind: 'missing_scope', missingScopes: ['participants:read'], status: 403 });
    expect(bare.message).toContain("needs 'participants:read'");
    expect(bare.hint).toContain('Settings → API keys');
    const wordsOnly = refusalOf(swTool('create_webhook_endpoint'), { message: 'Access denied' }, 200);
    expect(wordsOnly.missingScopes).toEqual(['webhooks:write']);
    const named = refusalOf(
      swTool('list_products'),
      {
        message: 'x',
        extensions: { code: 'FORBIDDEN', requiredScope: 'products:read', reason: 'BUSINESS_GRANT_MISSING' },
      },
      200,
    );
    expect(named.message).toContain('business itself does not have');
    expect(
      refusalOf(
        swTool('delete_webhook_endpoint'),
        { message: 'No such endpoint', extensions: { code: 'NOT_FOUND' } },
        200,
      ).kind,
    ).toBe('not_found');
  });

  it('says whether more results exist for every envelope, and rejects what is not a list', () => {
    expect(
      normalizeList({ nodes: [{ id: 'a' }], pageInfo: { hasNextPage: true, endCursor: 'c1' } }, 'list_products')
        ?.paging,
    ).toBe('More results exist: call list_products again with after: "c1" for the next page.');
    expect(normalizeList({ edges: [{ node: { id: 'a' }, cursor: 'e1' }] }, 'list_products')).toEqual({
      nodes: [{ id: 'a' }],
      pageInfo: { hasNextPage: null, endCursor: 'e1' },
      paging: 'sessions.website did not say whether more results exist.',
    });
    expect(normalizeList([{ id: 'a' }], 'list_products')?.pageInfo.hasNextPage).toBeNull();
    expect(normalizeList({ items: [] }, 'list_products')).toBeUndefined();
  });

  it('marks every tool’s scope mapping, and every list tool pages with first/after', () => {
    for (const t of provider.tools(connection())) expect(t.scopeBasis, t.name).toBe('documented');
    for (const t of provider.tools(connection()).filter((d) => d.name.startsWith('list_'))) {
      expect(Object.keys(t.inputSchema.properties ?? {}), t.name).toEqual(expect.arrayContaining(['first', 'after']));
      expect(t.description, t.name).toContain('says whether more results exist');
    }
  });
});
