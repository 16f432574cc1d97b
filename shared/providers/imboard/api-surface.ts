/**
 * I'mBoard API surface: EVERY fact about the service that the seed does not state lives here, marked ASSUMPTION.
 * Documented (seed 004): base https://app.imboard.ai/api/v1, `Authorization: Bearer` with imb_pat_ / imb_bat_ /
 * browser JWT, `GET /api/v1/whoami` and its three shapes, resource:action scopes, board-scoped routes
 * `/boards/:boardId/...`, and the error codes with their statuses.
 */
import { z } from 'zod';

export const IMBOARD_HOST = 'app.imboard.ai';
export const IMBOARD_BASE_URL = `https://${IMBOARD_HOST}/api/v1`;
export const WHOAMI_PATH = '/whoami';
/** ASSUMPTION: the I'mBoard MCP server (Streamable HTTP) lives at /api/mcp and accepts the same Bearer tokens. */
export const IMBOARD_MCP_URL = `https://${IMBOARD_HOST}/api/mcp`;

/** Where tokens are managed, in the service's own words. */
export const PAT_MANAGE = 'Account > API Access';
export const BAT_MANAGE = 'Board settings → Access tokens';

/** The documented whoami shapes (seed 004). */
export const WhoamiBodySchema = z.discriminatedUnion('authType', [
  z.object({ object: z.literal('whoami'), authType: z.literal('api_token'), userId: z.string(), email: z.string(), scopes: z.array(z.string()), tokenName: z.string().optional(), expiresAt: z.string().nullable().optional() }),
  z.object({ object: z.literal('whoami'), authType: z.literal('board_token'), boardId: z.string(), boardName: z.string(), scopes: z.array(z.string()), tokenName: z.string().optional(), expiresAt: z.string().nullable().optional() }),
  z.object({ object: z.literal('whoami'), authType: z.literal('jwt'), userId: z.string(), email: z.string() }),
]);
export type WhoamiBody = z.infer<typeof WhoamiBodySchema>;

/** The documented error codes. */
export const IMBOARD_ERROR_CODES = ['UNAUTHENTICATED', 'INVALID_API_TOKEN', 'ACCOUNT_SUSPENDED', 'ACCOUNT_INACTIVE', 'FORBIDDEN', 'RESOURCE_NOT_FOUND', 'BILLING_RESTRICTED', 'RATE_LIMITED'] as const;
export type ImboardErrorCode = (typeof IMBOARD_ERROR_CODES)[number];

/** ASSUMPTION: error bodies are `{ error: { code, message } }`; a bare `{ code, message }` is accepted too. */
export const ErrorBodySchema = z.union([
  z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) }),
  z.object({ code: z.string(), message: z.string().optional() }),
]);

/** ASSUMPTION: INVALID_API_TOKEN's message says which of "expired", "revoked" or "not found" applies. */
export const EXPIRED_MESSAGE = /expired/i;
export const REVOKED_MESSAGE = /revoked/i;

/** One REST route. `board: true` = board-scoped (`/boards/{boardId}/…`), the only routes a board token may use. */
export interface ImboardRoute {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  scope: string;
  board: boolean;
  returns: 'list' | 'item';
}

/** ASSUMPTION: the routes behind Bridgekeeper's tools (scopes follow the documented resource:action pattern). */
export const ROUTES = {
  list_boards: { method: 'GET', path: '/boards', scope: 'boards:read', board: false, returns: 'list' },
  get_board: { method: 'GET', path: '/boards/{boardId}', scope: 'boards:read', board: true, returns: 'item' },
  list_meetings: { method: 'GET', path: '/boards/{boardId}/meetings', scope: 'meetings:read', board: true, returns: 'list' },
  get_meeting: { method: 'GET', path: '/boards/{boardId}/meetings/{meetingId}', scope: 'meetings:read', board: true, returns: 'item' },
  list_documents: { method: 'GET', path: '/boards/{boardId}/documents', scope: 'documents:read', board: true, returns: 'list' },
  list_reports: { method: 'GET', path: '/boards/{boardId}/reports', scope: 'reports:read', board: true, returns: 'list' },
  list_notifications: { method: 'GET', path: '/boards/{boardId}/notifications', scope: 'notifications:read', board: true, returns: 'list' },
  list_audit_events: { method: 'GET', path: '/boards/{boardId}/audit', scope: 'audit:read', board: true, returns: 'list' },
  get_portfolio: { method: 'GET', path: '/portfolio', scope: 'portfolio:read', board: false, returns: 'item' },
  create_meeting: { method: 'POST', path: '/boards/{boardId}/meetings', scope: 'meetings:write', board: true, returns: 'item' },
  update_meeting: { method: 'PATCH', path: '/boards/{boardId}/meetings/{meetingId}', scope: 'meetings:write', board: true, returns: 'item' },
  create_document: { method: 'POST', path: '/boards/{boardId}/documents', scope: 'documents:write', board: true, returns: 'item' },
} as const satisfies Record<string, ImboardRoute>;
export type ImboardToolName = keyof typeof ROUTES;

/** ASSUMPTION: success bodies are `{ data: [...] }` (lists) or `{ data: {...} }` (items); resources carry an `id`. */
export const ListBodySchema = z.object({ data: z.array(z.object({ id: z.string() }).passthrough()) }).passthrough();
export const ItemBodySchema = z.object({ data: z.record(z.string(), z.unknown()) }).passthrough();
