import { describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/connections/model.js';
import { provider, recognizeImboardToken } from '../../shared/providers/imboard/index.js';
import { imboardError, type ImboardErrorContext } from '../../shared/providers/imboard/errors.js';
import { scopeCheck } from '../../shared/providers/scope-check.js';
import { tokenConnection } from '../helpers/token-connection.js';

const now = new Date().toISOString();
const conn = (over: Partial<Connection> = {}): Connection =>
  tokenConnection({
    id: 'c_imbunit001',
    label: 'imb',
    provider: 'imboard',
    metadata: { maskedToken: 'imb_pat_…abcd' },
    ...over,
  });
const check = (name: string, c: Connection) =>
  scopeCheck(
    provider.tools(c).find((t) => t.name === name)!,
    {},
    { effective: provider.effectiveScopes(c), learnedMissing: c.learnedGaps.map((g) => g.scope) },
  );
const body = (code: string, message = 'x') => ({ error: { code, message } });
const pat: ImboardErrorContext = {
  operation: 'list_meetings',
  tokenKind: 'pat',
  requiredScope: 'meetings:read',
  boardRoute: true,
};
const bat: ImboardErrorContext = { ...pat, tokenKind: 'board_token' };

describe("I'mBoard token recognition", () => {
  it('recognises personal and board tokens by prefix and warns about JWTs and other services', () => {
    expect(recognizeImboardToken('imb_pat_0123456789abcdef')).toEqual({ matches: true, kind: 'pat' });
    expect(recognizeImboardToken('imb_bat_0123456789abcdef')).toEqual({ matches: true, kind: 'board_token' });
    expect(recognizeImboardToken('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln')).toMatchObject({
      matches: true,
      kind: 'jwt',
      warning: expect.stringMatching(/personal access token/),
    });
    expect(recognizeImboardToken('sk_live_0123456789abcdef')).toMatchObject({
      matches: false,
      warning: expect.stringMatching(/sessions\.website/),
    });
    expect(recognizeImboardToken('imb_xyz_0123456789')).toMatchObject({ matches: false });
  });
});

describe("I'mBoard scope checks (read and write independent)", () => {
  it('boards:write does not imply boards:read, but the route → scope mapping is assumed: forwarded (unknown), the 403 decides', () => {
    expect(check('get_board', conn({ serverScopes: ['boards:write'] }))).toMatchObject({
      status: 'unknown',
      expectedMissing: ['boards:read'],
    });
    expect(check('list_meetings', conn({ serverScopes: ['meetings:write'] }))).toMatchObject({
      status: 'unknown',
      expectedMissing: ['meetings:read'],
    });
    expect(check('create_meeting', conn({ serverScopes: ['documents:write', 'meetings:read'] }))).toMatchObject({
      status: 'unknown',
      expectedMissing: ['meetings:write'],
    });
  });
  it('a token whose reported scopes hold no :write scope is refused writes locally (documented: read-only cannot make changes)', () => {
    const readOnly = conn({ serverScopes: ['boards:read', 'meetings:read'] });
    expect(provider.tools(readOnly).find((t) => t.name === 'create_meeting')!.scopeBasis).toBe('documented');
    expect(check('create_meeting', readOnly)).toMatchObject({ status: 'missing', missing: ['meetings:write'] });
    expect(provider.tools(readOnly).find((t) => t.name === 'list_meetings')!.scopeBasis).toBe('assumed');
  });
  it('refuses write tools for a read-only token and allows them with the write scope', () => {
    expect(check('create_meeting', conn({ serverScopes: ['meetings:read'] }))).toMatchObject({
      status: 'missing',
      missing: ['meetings:write'],
    });
    expect(check('create_document', conn({ serverScopes: ['documents:write'] })).status).toBe('allowed');
    expect(check('list_documents', conn({ serverScopes: ['documents:read'] })).status).toBe('allowed');
  });
  it('a learned gap refuses the tool even when scopes are unknown (browser JWT)', () => {
    expect(check('create_meeting', conn({})).status).toBe('unknown');
    expect(
      check('create_meeting', conn({ learnedGaps: [{ scope: 'meetings:write', tool: 'create_meeting', at: now }] })),
    ).toMatchObject({ status: 'missing', learned: true });
  });
  it('a board-token connection offers only board tools, with boardId optional', () => {
    const tools = provider.tools(conn({ metadata: { maskedToken: 'imb_bat_…abcd' } }));
    expect(tools.map((t) => t.name)).not.toContain('list_boards');
    expect(tools.find((t) => t.name === 'list_meetings')!.inputSchema.required).toEqual([]);
    expect(provider.tools(conn()).find((t) => t.name === 'list_meetings')!.inputSchema.required).toEqual(['boardId']);
    expect(provider.tools(conn()).filter((t) => t.access === 'read').length).toBeGreaterThanOrEqual(5);
    expect(provider.tools(conn()).filter((t) => t.access === 'write').length).toBeGreaterThanOrEqual(3);
  });
});

describe("I'mBoard error codes (seed 004) map to typed errors with next steps", () => {
  it('UNAUTHENTICATED 401', () => {
    const e = imboardError(401, body('UNAUTHENTICATED'), pat);
    expect([e.kind, e.status]).toEqual(['unauthenticated', 401]);
    expect(e.hint).toMatch(/imb_pat_ or imb_bat_/);
  });
  it('INVALID_API_TOKEN 401: expired, revoked or unknown, each with where to make a new token', () => {
    expect(imboardError(401, body('INVALID_API_TOKEN', 'Token has expired'), pat)).toMatchObject({
      kind: 'expired',
      hint: expect.stringMatching(/Account > API Access/),
    });
    expect(imboardError(401, body('INVALID_API_TOKEN', 'Token has been revoked'), bat)).toMatchObject({
      kind: 'revoked',
      hint: expect.stringMatching(/Board settings → Access tokens/),
    });
    expect(imboardError(401, body('INVALID_API_TOKEN', 'Token not found'), pat).kind).toBe('invalid_token');
  });
  it('ACCOUNT_SUSPENDED and ACCOUNT_INACTIVE 403', () => {
    expect(imboardError(403, body('ACCOUNT_SUSPENDED'), pat)).toMatchObject({
      kind: 'account_suspended',
      hint: expect.stringMatching(/support/),
    });
    expect(imboardError(403, body('ACCOUNT_INACTIVE'), pat)).toMatchObject({
      kind: 'account_inactive',
      hint: expect.stringMatching(/Reactivate/),
    });
  });
  it("FORBIDDEN 403: a missing scope only when I'mBoard names one, else a role refusal for that board only", () => {
    const named = imboardError(403, body('FORBIDDEN', 'Token is missing the required scope meetings:read'), pat);
    expect(named).toMatchObject({ kind: 'missing_scope', missingScopes: ['meetings:read'] });
    const unnamed = imboardError(403, body('FORBIDDEN', 'Forbidden'), { ...pat, boardId: '665f0north002' });
    expect(unnamed).toMatchObject({
      kind: 'forbidden',
      missingScopes: undefined,
      message: expect.stringMatching(/role on this board.*665f0north002|665f0north002.*role on this board/),
    });
    expect(imboardError(403, body('FORBIDDEN'), { ...pat, granted: new Set(['meetings:read']) })).toMatchObject({
      kind: 'forbidden',
      message: expect.stringMatching(/role/),
    });
    expect(imboardError(403, body('FORBIDDEN'), { ...bat, boardRoute: false, operation: 'list_boards' })).toMatchObject(
      { kind: 'forbidden', message: expect.stringMatching(/board routes/) },
    );
    expect(
      imboardError(403, body('FORBIDDEN', 'Token is missing the required scope meetings:write'), {
        ...bat,
        requiredScope: 'meetings:write',
        write: true,
      }).hint,
    ).toMatch(/Read & write board access token/);
  });

  it("the seed's own FORBIDDEN wording names no scope, so nothing is learned", () => {
    const seedWords =
      'User role lacks permission for the action, the token is missing the required scope, or a board token was used on a non-board route or a write route';
    expect(imboardError(403, { code: 'FORBIDDEN', message: seedWords }, pat)).toMatchObject({
      kind: 'forbidden',
      missingScopes: undefined,
    });
  });
  it('BILLING_RESTRICTED 403, RESOURCE_NOT_FOUND 404 and RATE_LIMITED 429', () => {
    expect(imboardError(403, body('BILLING_RESTRICTED'), pat).kind).toBe('billing_restricted');
    expect(imboardError(404, body('RESOURCE_NOT_FOUND'), pat).kind).toBe('not_found');
    expect(imboardError(404, body('RESOURCE_NOT_FOUND'), bat).message).toMatch(/pinned/);
    expect(imboardError(429, body('RATE_LIMITED'), { ...pat, retryAfterMs: 3000 })).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 3000,
    });
  });
  it('falls back to the status when the body has no code', () => {
    expect(imboardError(401, 'nope', pat).kind).toBe('unauthenticated');
    expect(imboardError(500, null, pat).kind).toBe('server_error');
  });
});
