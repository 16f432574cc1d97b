/**
 * Session Services API surface: EVERY fact about the service that the seed documentation does not state lives
 * here, marked ASSUMPTION. Documented (seed 003): host api.session.services, `x-tenant-id: tnt_…` on every call
 * (400 without it), `Authorization: Bearer <JWT from Session Services OpenAuth>` for authenticated endpoints,
 * 401 missing/invalid token, 403 missing permission scope, and the scope vocabulary.
 */
import { z } from 'zod';

export const SESSION_SERVICES_HOST = 'api.session.services';
export const SESSION_SERVICES_BASE_URL = `https://${SESSION_SERVICES_HOST}`;
export const TENANT_HEADER = 'x-tenant-id';
/** Documented example: tnt_ followed by a lowercase ULID. ASSUMPTION: 6+ lowercase letters/digits. */
export const TENANT_ID_PATTERN = /^tnt_[a-z0-9]{6,}$/i;

/**
 * ASSUMPTION: an authenticated "who am I" endpoint. Bridgekeeper calls it to validate a token live and read its
 * permissions; when the service answers 404 (the endpoint does not exist) we fall back to the JWT's own
 * (unverified) claims.
 */
export const WHOAMI_PATH = '/auth/me';
/** ASSUMPTION: public tenant configuration, used to confirm a tenant id exists and learn its display name. */
export const TENANT_CONFIG_PATH = '/tenant/config';

/** One REST operation. `scope: null` = public (tenant id only). ASSUMPTION: paths and methods below. */
export interface SessionServicesOperation {
  method: 'GET' | 'POST' | 'PATCH';
  /** Path template; `{name}` segments are filled from tool arguments. */
  path: string;
  scope: string | null;
  /** Argument names sent as query string (GET) — the rest of the non-path arguments go in the JSON body. */
  query?: string[];
  /** ASSUMPTION: the success body is `{ data: [...] }` (list) or `{ data: {...} }` (item). */
  returns: 'list' | 'item';
}

export const OPERATIONS = {
  list_events: { method: 'GET', path: '/events', scope: null, query: ['status', 'from', 'to', 'limit'], returns: 'list' },
  get_event: { method: 'GET', path: '/events/{eventId}', scope: null, returns: 'item' },
  list_admissions: { method: 'GET', path: '/events/{eventId}/admissions', scope: null, returns: 'list' },
  list_sections: { method: 'GET', path: '/events/{eventId}/sections', scope: null, returns: 'list' },
  list_venues: { method: 'GET', path: '/venues', scope: null, returns: 'list' },
  get_tenant_config: { method: 'GET', path: TENANT_CONFIG_PATH, scope: null, returns: 'item' },
  quote_order: { method: 'POST', path: '/orders/quote', scope: null, returns: 'item' },
  create_event: { method: 'POST', path: '/events', scope: 'EVENT', returns: 'item' },
  update_event: { method: 'PATCH', path: '/events/{eventId}', scope: 'EVENT', returns: 'item' },
  list_orders: { method: 'GET', path: '/orders', scope: 'ORDER', query: ['eventId', 'status', 'limit'], returns: 'list' },
  refund_order: { method: 'POST', path: '/orders/{orderId}/refund', scope: 'ORDER', returns: 'item' },
  scan_ticket: { method: 'POST', path: '/scans', scope: 'SCANNING', returns: 'item' },
  list_team_members: { method: 'GET', path: '/team/members', scope: 'TEAM', returns: 'list' },
  list_payouts: { method: 'GET', path: '/payouts', scope: 'FINANCE', query: ['status', 'limit'], returns: 'list' },
} as const satisfies Record<string, SessionServicesOperation>;
export type SessionServicesOperationName = keyof typeof OPERATIONS;

/** ASSUMPTION: every success body is `{ data: … }`; resources carry at least a string `id`. */
const Resource = z.object({ id: z.string() }).passthrough();
export const ListResponseSchema = z.object({ data: z.array(Resource) }).passthrough();
export const ItemResponseSchema = z.object({ data: z.record(z.string(), z.unknown()) }).passthrough();

/** ASSUMPTION: the tenant config body. */
export const TenantConfigSchema = z.object({
  data: z.object({ tenantId: z.string(), name: z.string(), currency: z.string().optional(), timezone: z.string().optional() }).passthrough(),
});

/** ASSUMPTION: the `/auth/me` body. `permissions` uses the documented scope names. */
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

/** ASSUMPTION: error bodies look like `{ error: { code?, message } }` (we also accept `{ message }`). */
export const ErrorBodySchema = z.union([
  z.object({ error: z.object({ code: z.string().optional(), message: z.string().optional(), requiredScope: z.string().optional() }) }),
  z.object({ message: z.string() }),
]);

/** Where authenticated credentials come from, for hints. */
export const TOKEN_SOURCE = 'Session Services OpenAuth (contact the Session Services team to request credentials for your integration)';
