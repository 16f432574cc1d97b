import { describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/connections/model.js';
import { provider, recognizeSessionServicesToken } from '../../shared/providers/session-services/index.js';
import { sessionServicesError } from '../../shared/providers/session-services/errors.js';
import { grantedScopesOf } from '../../shared/providers/granted-scopes.js';
import { scopeCheck } from '../../shared/providers/scope-check.js';
import { tokenConnection } from '../helpers/token-connection.js';

const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const JWT = `${part({ alg: 'HS256' })}.${part({ sub: 'u', scope: 'EVENT' })}.c2ln`;
const now = new Date().toISOString();
const conn = (over: Partial<Connection>): Connection =>
  tokenConnection({
    id: 'c_ssunit0001',
    label: 'ss',
    provider: 'session-services',
    metadata: { tenantId: 'tnt_01jqpj2t2kfvmstt6f6tzkbaf2' },
    ...over,
  });
const tool = (name: string) => provider.tools(conn({})).find((t) => t.name === name)!;
const check = (name: string, c: Connection) => scopeCheck(tool(name), {}, grantedScopesOf(provider, c));

describe('Session Services token recognition', () => {
  it('accepts a JWT and names what other tokens look like', () => {
    expect(recognizeSessionServicesToken(JWT)).toEqual({ matches: true, kind: 'jwt' });
    expect(recognizeSessionServicesToken('imb_pat_abcdefgh12345678')).toMatchObject({
      matches: false,
      warning: expect.stringMatching(/I'mBoard/),
    });
    expect(recognizeSessionServicesToken('sk_live_abcdefgh12345678')).toMatchObject({
      matches: false,
      warning: expect.stringMatching(/sessions\.website/),
    });
    expect(recognizeSessionServicesToken('tnt_01jqpj2t2kfvmstt6f6tzkbaf2')).toMatchObject({
      matches: false,
      warning: expect.stringMatching(/--tenant/),
    });
    expect(recognizeSessionServicesToken('hello')).toMatchObject({
      matches: false,
      warning: expect.stringMatching(/too short/),
    });
  });

  it('accepts a token that is not a JWT: the seed never says what an OpenAuth token looks like', () => {
    expect(recognizeSessionServicesToken('ssk_9f8e7d6c5b4a39281706')).toEqual({ matches: true, kind: 'opaque' });
  });

  it('describes every documented scope', () => {
    expect(provider.scopes.map((s) => s.id)).toEqual([
      'EVENT',
      'ORDER',
      'FINANCE',
      'SCANNING',
      'MARKETING',
      'BILLING',
      'PROMOTER',
      'TEAM',
      'VENUE',
      'EDITOR',
      'FULL',
    ]);
    expect(provider.scopes.every((s) => s.description.length > 10)).toBe(true);
  });
});

describe('Session Services scope checks', () => {
  it('allows public read tools with no scopes at all', () => {
    expect(check('list_events', conn({ authKind: 'tenant' })).status).toBe('allowed');
    expect(check('quote_order', conn({ serverScopes: [] })).status).toBe('allowed');
  });

  it('never refuses on the assumed endpoint → scope mapping: a token without the expected scope is forwarded (unknown)', () => {
    expect(check('refund_order', conn({ serverScopes: ['EVENT'] }))).toMatchObject({
      status: 'unknown',
      required: ['ORDER'],
      expectedMissing: ['ORDER'],
    });
    expect(check('create_event', conn({ serverScopes: ['EVENT'] })).status).toBe('allowed');
    expect(check('list_payouts', conn({ serverScopes: ['ORDER'] }))).toMatchObject({
      status: 'unknown',
      expectedMissing: ['FINANCE'],
    });
    expect(
      provider
        .tools(conn({}))
        .filter((t) => t.requiredScopes({}).length > 0)
        .every((t) => t.scopeBasis === 'assumed'),
    ).toBe(true);
    expect(tool('list_orders').description).toMatch(/Probably needs the ORDER permission \(assumed/);
  });

  it('a scope the service refused before (learned from a 403) is refused locally', () => {
    const learned = conn({
      serverScopes: ['SCANNING'],
      learnedGaps: [{ scope: 'ORDER', tool: 'refund_order', at: now }],
    });
    expect(check('refund_order', learned)).toMatchObject({ status: 'missing', missing: ['ORDER'], learned: true });
  });

  it('scopes read from unverified JWT claims (expected) are never used to refuse', () => {
    expect(check('refund_order', conn({ expectedScopes: ['SCANNING'] })).status).toBe('unknown');
  });

  it('FULL implies every scope, for read and write tools alike', () => {
    for (const name of [
      'create_event',
      'refund_order',
      'scan_ticket',
      'list_team_members',
      'list_payouts',
      'list_orders',
    ]) {
      expect(check(name, conn({ serverScopes: ['FULL'] })).status).toBe('allowed');
    }
  });

  it('predicts from declared scopes when the server reported none (never allowed or refused on them), and is unknown when nobody knows', () => {
    expect(check('scan_ticket', conn({ declaredScopes: ['SCANNING'] }))).toEqual({
      status: 'unknown',
      required: ['SCANNING'],
      expectedFrom: 'declared',
    });
    expect(check('scan_ticket', conn({ declaredScopes: ['ORDER'] }))).toEqual({
      status: 'unknown',
      required: ['SCANNING'],
      expectedMissing: ['SCANNING'],
      expectedFrom: 'declared',
    });
    expect(check('scan_ticket', conn({})).status).toBe('unknown');
  });

  it('a tenant-only connection offers no authenticated tools, but the public storefront checkout', () => {
    const names = provider.tools(conn({ authKind: 'tenant' })).map((t) => t.name);
    expect(names).not.toContain('create_event');
    expect(names).toContain('create_checkout_order');
    expect(
      provider
        .tools(conn({}))
        .filter((t) => t.access === 'write')
        .map((t) => t.name),
    ).toEqual(['create_checkout_order', 'create_event', 'update_event', 'refund_order', 'scan_ticket']);
  });
});

describe('Session Services error mapping (seed 003 statuses)', () => {
  const base = { operation: 'list_orders', hasToken: true };
  it('400: the tenant id is missing, with how to add it', () => {
    const e = sessionServicesError(400, { error: { message: 'Missing x-tenant-id header' } }, base);
    expect([e.kind, e.status]).toEqual(['bad_request', 400]);
    expect(e.hint).toMatch(/--tenant/);
  });
  it('401: invalid token, expired token, or no token at all', () => {
    expect(sessionServicesError(401, null, base).kind).toBe('invalid_token');
    expect(sessionServicesError(401, null, { ...base, tokenExpired: true }).kind).toBe('expired');
    expect(sessionServicesError(401, null, { ...base, hasToken: false }).kind).toBe('unauthenticated');
  });
  it('403: missing scope, naming it from the body or the tool', () => {
    const e = sessionServicesError(403, { error: { message: 'no', requiredScope: 'ORDER' } }, base);
    expect([e.kind, e.missingScopes]).toEqual(['missing_scope', ['ORDER']]);
    const assumed = sessionServicesError(403, null, { ...base, requiredScope: 'TEAM' });
    expect(assumed.missingScopes).toEqual(['TEAM']);
    expect(assumed.message).toMatch(/probably TEAM: Bridgekeeper's assumption/);
  });
  it('404, 429 and 5xx map to not_found, rate_limited and server_error', () => {
    expect(sessionServicesError(404, null, base).kind).toBe('not_found');
    expect(sessionServicesError(429, null, { ...base, retryAfterMs: 2000 })).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 2000,
    });
    expect(sessionServicesError(502, 'bad gateway', base).kind).toBe('server_error');
  });
});
