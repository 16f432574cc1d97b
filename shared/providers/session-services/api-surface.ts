/**
 * Session Services API surface. Every fact here is marked DOCUMENTED (seed 003) or ASSUMED (Bridgekeeper's guess).
 *
 * DOCUMENTED: host api.session.services; `x-tenant-id: <tenant id>` on every call (400 without it); `GET /events` with the
 * tenant id alone (public) and with `Authorization: Bearer <token>` (authenticated); tokens issued by Session Services
 * OpenAuth (their format is NOT documented); the eleven permission scopes; 401 missing/invalid token, 403 token lacks
 * the required scope. What public endpoints let you do (list/fetch events, admissions, sections, quotes, venues,
 * tenant config, checkout orders from public storefronts) and what authenticated ones let you do (manage events,
 * process orders and refunds, scan tickets, teams, payouts) — but NOT their paths and NOT which scope each needs.
 *
 * Rule: only the DOCUMENTED call (`GET /events`) may decide that a connection is valid or not. ASSUMED endpoints are
 * enrichment (never fatal) or tools (forwarded; the service's own answer decides). See docs/WHOAMI-AND-PROVIDERS.md.
 */
import { z } from 'zod';

/** DOCUMENTED: the API host. */
export const SESSION_SERVICES_HOST = 'api.session.services';
export const SESSION_SERVICES_BASE_URL = `https://${SESSION_SERVICES_HOST}`;
/** DOCUMENTED: the tenant header, required on every call. */
export const TENANT_HEADER = 'x-tenant-id';
/** The tenant id's prefix, pattern and documented example (declared in token-facts.ts). */
export { TENANT_ID_EXAMPLE, TENANT_ID_PATTERN, TENANT_ID_PREFIX } from './token-facts.js';

/**
 * ASSUMED: an OpenAuth token has no whitespace and at least this many characters (the seed never says its format; a
 * JWT is recognised as such, anything else is accepted as an opaque token).
 */
export const MIN_TOKEN_LENGTH = 16;
/** ASSUMED: JWT claims that may name the token's tenant (only used for an "unverified" note). */
export const JWT_TENANT_CLAIMS = ['tid', 'tenantId', 'tenant_id'] as const;

/**
 * DOCUMENTED: `GET /events` with `x-tenant-id` (and optionally the Bearer token) — the one call used to validate a
 * connection. Sent with no query parameters so nothing undocumented can make it fail.
 */
export const VALIDATION_PATH = '/events';

/**
 * ASSUMED (enrichment only): an authenticated "who am I" endpoint. When it answers 200 with the shape below, its
 * permissions count as reported by the service (`server`); 401 from it means the token is invalid. Any other answer
 * (404, 405, 400, 403, 501, an odd body) is ignored and whoami says the token's scopes are not reported.
 */
export const WHOAMI_PATH = '/auth/me';
/** ASSUMED (enrichment only): public tenant configuration; gives the tenant's display name when it answers. */
export const TENANT_CONFIG_PATH = '/tenant/config';

/** One REST operation behind a tool. `scope: null` = public (tenant id only). */
export interface SessionServicesOperation {
  method: 'GET' | 'POST' | 'PATCH';
  /** Path template; `{name}` segments are filled from tool arguments. */
  path: string;
  /** The permission scope the endpoint needs. ASSUMED for every scoped operation: the seed maps no endpoint to a scope. */
  scope: string | null;
  /** Argument names sent as query string (GET) — the rest of the non-path arguments go in the JSON body. */
  query?: string[];
  /** ASSUMED: the success body is `{ data: [...] }` (list) or `{ data: {...} }` (item); a bare array/object is accepted. */
  returns: 'list' | 'item';
}

/**
 * The operations. Paths and methods are ASSUMED except `GET /events` (DOCUMENTED); `POST /events` is ASSUMED too
 * (the seed shows only GET on that path; creating events is a documented capability, its route is not).
 * Public-ness follows the documented public capability list; every scope is ASSUMED from the scope descriptions
 * (tools mark it `scopeBasis: 'assumed'`).
 */
export const OPERATIONS = {
  list_events: {
    method: 'GET',
    path: '/events',
    scope: null,
    query: ['status', 'from', 'to', 'limit'],
    returns: 'list',
  },
  get_event: { method: 'GET', path: '/events/{eventId}', scope: null, returns: 'item' },
  list_admissions: { method: 'GET', path: '/events/{eventId}/admissions', scope: null, returns: 'list' },
  list_sections: { method: 'GET', path: '/events/{eventId}/sections', scope: null, returns: 'list' },
  list_venues: { method: 'GET', path: '/venues', scope: null, returns: 'list' },
  get_tenant_config: { method: 'GET', path: TENANT_CONFIG_PATH, scope: null, returns: 'item' },
  quote_order: { method: 'POST', path: '/orders/quote', scope: null, returns: 'item' },
  create_checkout_order: { method: 'POST', path: '/orders/checkout', scope: null, returns: 'item' },
  create_event: { method: 'POST', path: '/events', scope: 'EVENT', returns: 'item' },
  update_event: { method: 'PATCH', path: '/events/{eventId}', scope: 'EVENT', returns: 'item' },
  list_event_tickets: {
    method: 'GET',
    path: '/events/{eventId}/tickets',
    scope: 'ORDER',
    query: ['limit'],
    returns: 'list',
  },
  list_orders: {
    method: 'GET',
    path: '/orders',
    scope: 'ORDER',
    query: ['eventId', 'status', 'limit'],
    returns: 'list',
  },
  get_order: { method: 'GET', path: '/orders/{orderId}', scope: 'ORDER', returns: 'item' },
  refund_order: { method: 'POST', path: '/orders/{orderId}/refund', scope: 'ORDER', returns: 'item' },
  scan_ticket: { method: 'POST', path: '/scans', scope: 'SCANNING', returns: 'item' },
  list_team_members: { method: 'GET', path: '/team/members', scope: 'TEAM', returns: 'list' },
  list_payouts: { method: 'GET', path: '/payouts', scope: 'FINANCE', query: ['status', 'limit'], returns: 'list' },
} as const satisfies Record<string, SessionServicesOperation>;
export type SessionServicesOperationName = keyof typeof OPERATIONS;

/** ASSUMED: resources are objects; lists come as `{ data: [...] }` or a bare array. */
const Resource = z.record(z.string(), z.unknown());
export const ListResponseSchema = z.union([
  z
    .object({ data: z.array(Resource) })
    .passthrough()
    .transform((b) => b.data),
  z.array(Resource),
]);
/** ASSUMED: items come as `{ data: {...} }` or a bare object. */
export const ItemResponseSchema = z.union([
  z
    .object({ data: Resource })
    .passthrough()
    .transform((b) => b.data),
  Resource.refine((b) => !('data' in b)),
]);

/** ASSUMED: the tenant config body (enrichment: when it does not match, the tenant simply has no display name). */
export const TenantConfigSchema = z.object({
  data: z.object({ name: z.string(), currency: z.string().optional(), timezone: z.string().optional() }).passthrough(),
});

/** ASSUMED: the `/auth/me` body. `permissions` uses the documented scope names. Anything else is ignored. */
export const WhoamiResponseSchema = z.object({
  data: z.object({
    sub: z.string(),
    tenantId: z.string().optional(),
    email: z.string().optional(),
    name: z.string().optional(),
    permissions: z.array(z.string()),
    expiresAt: z.string().nullable().optional(),
  }),
});

/**
 * ASSUMED: error bodies look like `{ error: { code?, message?, requiredScope? } }` or `{ message }`. Bodies are
 * not documented: anything else (text, HTML) still maps by status alone.
 */
export const ErrorBodySchema = z.union([
  z.object({
    error: z.object({
      code: z.string().optional(),
      message: z.string().optional(),
      requiredScope: z.string().optional(),
    }),
  }),
  z.object({ message: z.string() }),
]);

/** DOCUMENTED: where authenticated credentials come from, for hints. */
export const TOKEN_SOURCE =
  'Session Services OpenAuth (contact the Session Services team to request credentials for your integration)';
