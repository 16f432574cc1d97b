/**
 * Sessionboard Public API surface — every ASSUMPTION about Sessionboard lives in this file.
 *
 * Documented facts (seeds 000, 001): the `x-access-token` header; hosts `public-api.sessionboard.com` (US) and
 * `public-api-eu.sessionboard.com` (EU); `GET /v1/events`; MCP at `mcp(.|-eu.)sessionboard.com/mcp`; the scope
 * vocabulary; legacy tokens (empty scopes) read everything and write nothing; Hide PII masking; event
 * restrictions; 403 when AI features / org MCP / token MCP / read:insights are missing; 429 with backoff.
 *
 * Assumed here (the seeds are silent):
 * - Identity: `GET /v1/token` returns the calling token and its organization (shape: `TokenInfoSchema`).
 * - Lists answer `{ data: [...] }`, single records `{ data: {...} }`.
 * - Errors answer `{ error: { code, message, required_scope? } }` with the codes in `ERROR_CODES`.
 * - Paths below for sessions, contacts, exhibitors, sponsors, metadata, reports, dashboards and SbQL.
 * - Exhibitor and sponsor reads need `read:events` (the seed's "default read access" covers them).
 * - Every token implicitly holds the default read scopes (seed 000: "granted automatically to every token");
 *   a legacy token additionally reads insights (seed 001: "all read scopes implicitly").
 */
import { z } from 'zod';

/** US and EU origins of the REST API. */
export const API_HOSTS = { us: 'https://public-api.sessionboard.com', eu: 'https://public-api-eu.sessionboard.com' } as const;
/** US and EU MCP endpoints. */
export const MCP_ENDPOINTS = { us: 'https://mcp.sessionboard.com/mcp', eu: 'https://mcp-eu.sessionboard.com/mcp' } as const;
/** Header that carries the token. */
export const TOKEN_HEADER = 'x-access-token';

/** ASSUMPTION: identity endpoint. */
export const WHOAMI_PATH = '/v1/token';

/** ASSUMPTION: response of `GET /v1/token`. */
export const TokenInfoSchema = z.object({
  token: z.object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(z.string()),
    mcpAccess: z.boolean(),
    hidePii: z.boolean(),
    eventRestrictions: z.array(z.object({ id: z.string(), name: z.string() })).nullable(),
    createdAt: z.string().optional(),
    expiresAt: z.string().nullable().optional(),
  }),
  organization: z.object({
    id: z.string(),
    name: z.string(),
    region: z.enum(['us', 'eu']),
    aiFeatures: z.boolean(),
    mcpAccess: z.boolean(),
  }),
});
export type TokenInfo = z.infer<typeof TokenInfoSchema>;

/** ASSUMPTION: error body. */
export const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string().optional(), required_scope: z.string().optional() }),
});

/** ASSUMPTION: error codes Sessionboard sends (status in comments). */
export const ERROR_CODES = {
  invalidToken: 'invalid_token', // 401: unknown or malformed token
  revoked: 'token_revoked', // 401: revoked in Organization Settings → API Tokens
  aiDisabled: 'ai_features_disabled', // 403: org AI features off
  orgMcpDisabled: 'org_mcp_disabled', // 403: org MCP access flag off
  tokenMcpDisabled: 'token_mcp_disabled', // 403: token's MCP Access toggle off
  missingScope: 'missing_scope', // 403 + required_scope
  eventRestricted: 'event_restricted', // 403: token limited to other events
  notFound: 'not_found', // 404
  invalidRequest: 'invalid_request', // 400/422
  rateLimited: 'rate_limited', // 429 + Retry-After
} as const;

/** List / record envelopes. */
export const ListSchema = z.object({ data: z.array(z.record(z.string(), z.unknown())) });
export const RecordSchema = z.object({ data: z.record(z.string(), z.unknown()) });

/** ASSUMPTION: REST paths for the read tools. */
export const READ_PATHS = {
  events: () => '/v1/events',
  sessions: (eventId: string) => `/v1/events/${enc(eventId)}/sessions`,
  session: (sessionId: string) => `/v1/sessions/${enc(sessionId)}`,
  contacts: (eventId: string) => `/v1/events/${enc(eventId)}/contacts`,
  exhibitors: (eventId: string) => `/v1/events/${enc(eventId)}/exhibitors`,
  sponsors: (eventId: string) => `/v1/events/${enc(eventId)}/sponsors`,
  reports: (eventId: string) => `/v1/events/${enc(eventId)}/reports`,
  dashboards: (eventId: string) => `/v1/events/${enc(eventId)}/dashboards`,
  sbql: () => '/v1/insights/sbql',
} as const;

/** Record collections managed by the `manage_*` tools (metadata kinds live under `/metadata/<kind>`). */
export const MANAGED_COLLECTIONS = ['sessions', 'contacts', 'exhibitors', 'sponsors'] as const;
export const METADATA_KINDS = ['rooms', 'tracks', 'tags', 'formats', 'levels', 'languages', 'statuses', 'custom_fields'] as const;
export type ManagedCollection = (typeof MANAGED_COLLECTIONS)[number] | `metadata/${(typeof METADATA_KINDS)[number]}`;

/** ASSUMPTION: REST mapping of a `manage_*` action. */
export function managePath(action: 'create' | 'update' | 'delete' | 'restore', collection: ManagedCollection, ids: { eventId?: string; id?: string }): { method: 'POST' | 'PATCH' | 'DELETE'; path: string } {
  const item = () => `/v1/${collection}/${enc(ids.id ?? '')}`;
  switch (action) {
    case 'create':
      return { method: 'POST', path: `/v1/events/${enc(ids.eventId ?? '')}/${collection}` };
    case 'update':
      return { method: 'PATCH', path: item() };
    case 'delete':
      return { method: 'DELETE', path: item() };
    case 'restore':
      return { method: 'POST', path: `${item()}/restore` };
  }
}

function enc(value: string): string {
  return encodeURIComponent(value);
}

/**
 * ASSUMPTION: write scopes of Sessionboard's MCP tools (the docs name 27 tools but not their scopes). Every MCP
 * tool needs read:insights; `manage_<x>` tools also need the write scope named here, and `manage_metadata` picks
 * write:fields for custom fields.
 */
export const MCP_WRITE_TOOL_SCOPES: Record<string, string> = {
  manage_sessions: 'write:sessions',
  manage_contacts: 'write:contacts',
  manage_speakers: 'write:contacts',
  manage_exhibitors: 'write:exhibitors',
  manage_sponsors: 'write:sponsors',
  manage_metadata: 'write:metadata',
  manage_rooms: 'write:metadata',
  manage_tracks: 'write:metadata',
  manage_custom_fields: 'write:fields',
  manage_fields: 'write:fields',
  manage_events: 'write:events',
  manage_reports: 'write:events',
  manage_dashboards: 'write:events',
  manage_agenda_drafts: 'write:events',
};
