/**
 * I'mBoard API surface. Every fact here is marked DOCUMENTED (seed 004) or ASSUMED (Bridgekeeper's guess).
 *
 * DOCUMENTED: base https://app.imboard.ai/api/v1; `Authorization: Bearer` with a personal or board token (prefixes in
 * token-facts.ts) / browser JWT;
 * `GET /api/v1/whoami` (no scope needed, any principal may introspect itself) and its three shapes; `GET /api/v1/me`
 * (its body is NOT documented); scopes in `resource:action` form, read and write independent; the board-token
 * read-only preset (boards, meetings, documents, reports, notifications, audit, functions `:read`); board tokens only
 * on board-scoped routes `/boards/:boardId/...`, other boards 404, account/portfolio routes 403; the error codes and
 * their statuses. NOT documented: the exact path of each route, success envelopes, error body shape, the MCP URL.
 *
 * Rule: only documented calls (`/whoami`) decide whether a connection is valid; ASSUMED facts are used for tools
 * (forwarded, the service's answer decides) or as enrichment. See docs/WHOAMI-AND-PROVIDERS.md.
 */
import { z } from 'zod';

/** DOCUMENTED: the host and the REST base. */
export const IMBOARD_HOST = 'app.imboard.ai';
export const IMBOARD_BASE_URL = `https://${IMBOARD_HOST}/api/v1`;
/** DOCUMENTED: whoami, no scope required; the only call that validates a connection. */
export const WHOAMI_PATH = '/whoami';
/** DOCUMENTED: the path (the seed's curl example); its response body is NOT documented, so it is returned as is. */
export const ME_PATH = '/me';
/**
 * ASSUMED (used only when a person opts into MCP mode): the I'mBoard MCP server (Streamable HTTP) lives at /api/mcp
 * and accepts the same Bearer tokens. Never used to validate or add a connection.
 */
export const IMBOARD_MCP_URL = `https://${IMBOARD_HOST}/api/mcp`;

/** The token shapes (declared with the prefixes in token-facts.ts). */
export { BAT_PATTERN, PAT_PATTERN } from './token-facts.js';

/** DOCUMENTED: where tokens are managed, in the service's own words. */
export const PAT_MANAGE = 'Account > API Access';
export const BAT_MANAGE = 'Board settings → Access tokens';

/** DOCUMENTED: the whoami shapes (seed 004). */
export const WhoamiBodySchema = z.discriminatedUnion('authType', [
  z.object({
    object: z.literal('whoami'),
    authType: z.literal('api_token'),
    userId: z.string(),
    email: z.string(),
    scopes: z.array(z.string()),
    tokenName: z.string().optional(),
    expiresAt: z.string().nullable().optional(),
  }),
  z.object({
    object: z.literal('whoami'),
    authType: z.literal('board_token'),
    boardId: z.string(),
    boardName: z.string(),
    scopes: z.array(z.string()),
    tokenName: z.string().optional(),
    expiresAt: z.string().nullable().optional(),
  }),
  z.object({ object: z.literal('whoami'), authType: z.literal('jwt'), userId: z.string(), email: z.string() }),
]);
export type WhoamiBody = z.infer<typeof WhoamiBodySchema>;

/** DOCUMENTED: the error codes. */
export const IMBOARD_ERROR_CODES = [
  'UNAUTHENTICATED',
  'INVALID_API_TOKEN',
  'ACCOUNT_SUSPENDED',
  'ACCOUNT_INACTIVE',
  'FORBIDDEN',
  'RESOURCE_NOT_FOUND',
  'BILLING_RESTRICTED',
  'RATE_LIMITED',
] as const;
export type ImboardErrorCode = (typeof IMBOARD_ERROR_CODES)[number];

/** ASSUMED: error bodies are `{ error: { code, message } }` or `{ code, message }`; anything else maps by status. */
export const ErrorBodySchema = z.union([
  z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) }),
  z.object({ code: z.string(), message: z.string().optional() }),
]);

/** ASSUMED: INVALID_API_TOKEN's message says which of "expired", "revoked" or "not found" applies (else "invalid"). */
export const EXPIRED_MESSAGE = /expired/i;
export const REVOKED_MESSAGE = /revoked/i;

/**
 * ASSUMED: a FORBIDDEN whose message names a `resource:action` scope is a missing scope. DOCUMENTED: FORBIDDEN also
 * means a role refusal (or a board token off its routes), so without a named scope nothing is learned.
 */
export const SCOPE_IN_MESSAGE = /\b([a-z]+:(?:read|write))\b/;

/** One REST route. `board: true` = board-scoped (`/boards/{boardId}/…`), the only routes a board token may use. */
export interface ImboardRoute {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  /** The scope the route needs; null = none (whoami, /me). */
  scope: string | null;
  board: boolean;
  returns: 'list' | 'item';
}

/**
 * The routes behind Bridgekeeper's tools. Paths are ASSUMED (beyond the documented `/me` and the `/boards/:boardId/...`
 * pattern). Scope names are DOCUMENTED (`resource:action`; the seed names every scope used here) but which scope each
 * route needs is ASSUMED (the seed points to a tool reference it does not include): the resource the route reads or
 * writes, `:read` for GET and `:write` otherwise. Tools therefore carry `scopeBasis: 'assumed'` (never refused on it),
 * except writes by a token whose reported scopes hold no `:write` at all (DOCUMENTED: read-only cannot make changes).
 */
export const ROUTES = {
  get_me: { method: 'GET', path: ME_PATH, scope: null, board: false, returns: 'item' },
  list_boards: { method: 'GET', path: '/boards', scope: 'boards:read', board: false, returns: 'list' },
  get_board: { method: 'GET', path: '/boards/{boardId}', scope: 'boards:read', board: true, returns: 'item' },
  list_meetings: {
    method: 'GET',
    path: '/boards/{boardId}/meetings',
    scope: 'meetings:read',
    board: true,
    returns: 'list',
  },
  get_meeting: {
    method: 'GET',
    path: '/boards/{boardId}/meetings/{meetingId}',
    scope: 'meetings:read',
    board: true,
    returns: 'item',
  },
  list_documents: {
    method: 'GET',
    path: '/boards/{boardId}/documents',
    scope: 'documents:read',
    board: true,
    returns: 'list',
  },
  get_document: {
    method: 'GET',
    path: '/boards/{boardId}/documents/{documentId}',
    scope: 'documents:read',
    board: true,
    returns: 'item',
  },
  list_reports: {
    method: 'GET',
    path: '/boards/{boardId}/reports',
    scope: 'reports:read',
    board: true,
    returns: 'list',
  },
  list_notifications: {
    method: 'GET',
    path: '/boards/{boardId}/notifications',
    scope: 'notifications:read',
    board: true,
    returns: 'list',
  },
  list_audit_events: {
    method: 'GET',
    path: '/boards/{boardId}/audit',
    scope: 'audit:read',
    board: true,
    returns: 'list',
  },
  list_functions: {
    method: 'GET',
    path: '/boards/{boardId}/functions',
    scope: 'functions:read',
    board: true,
    returns: 'list',
  },
  get_portfolio: { method: 'GET', path: '/portfolio', scope: 'portfolio:read', board: false, returns: 'item' },
  create_meeting: {
    method: 'POST',
    path: '/boards/{boardId}/meetings',
    scope: 'meetings:write',
    board: true,
    returns: 'item',
  },
  update_meeting: {
    method: 'PATCH',
    path: '/boards/{boardId}/meetings/{meetingId}',
    scope: 'meetings:write',
    board: true,
    returns: 'item',
  },
  create_document: {
    method: 'POST',
    path: '/boards/{boardId}/documents',
    scope: 'documents:write',
    board: true,
    returns: 'item',
  },
} as const satisfies Record<string, ImboardRoute>;
export type ImboardToolName = keyof typeof ROUTES;

/** ASSUMED: resources are objects; lists come as `{ data: [...] }` or a bare array. */
const Resource = z.record(z.string(), z.unknown());
export const ListBodySchema = z.union([
  z
    .object({ data: z.array(Resource) })
    .passthrough()
    .transform((b) => b.data),
  z.array(Resource),
]);
/** ASSUMED: items come as `{ data: {...} }` or a bare object. */
export const ItemBodySchema = z.union([
  z
    .object({ data: Resource })
    .passthrough()
    .transform((b) => b.data),
  Resource.refine((b) => !('data' in b)),
]);
