/**
 * Sessionboard Public API surface: every fact Bridgekeeper relies on, each marked DOCUMENTED (seed 000 "Generating
 * API Tokens", seed 001 "Authentication") or ASSUMED (the seeds are silent; Bridgekeeper guessed). Every flow
 * (add, whoami, tool matrix, calls) works on the DOCUMENTED facts alone; an ASSUMED fact is only ever an
 * enrichment, and a wrong guess must never make a flow fail or a call be refused locally.
 *
 * DOCUMENTED: the `x-access-token` header; hosts `public-api.sessionboard.com` (US) and
 * `public-api-eu.sessionboard.com` (EU); `GET /v1/events` (the one documented call); MCP at
 * `mcp(.|-eu.)sessionboard.com/mcp`; the scope vocabulary; the default read access (events, sessions, speakers,
 * contacts, sponsors, exhibitors: NOT reports or dashboards); legacy tokens (empty scopes) read everything and write
 * nothing; Hide PII masking (`j***@a***.com`, `***-***-4567`); event restrictions; MCP needs AI features, org MCP
 * access, the token's MCP Access toggle and read:insights, else 403; 429 with backoff; individual session retrieval
 * and session search are cached for 3 minutes.
 *
 * ASSUMED (see docs/WHOAMI-AND-PROVIDERS.md "Sessionboard" for what happens when each is wrong):
 * - `GET /v1/token` reports the token and its organization (`TokenInfoSchema`): optional enrichment only.
 * - Error bodies `{ error: { code, message, required_scope? } }` with `ERROR_CODES`: read when present; plain
 *   401/403/404/429 are mapped by status alone.
 * - Lists answer `{ data: [...] }` or a bare array; records `{ data: {...} }` or the bare object; ids in `id` or `_id`.
 * - Paging with `page` / `limit` query parameters, and "more" signalled by `hasMore`, `next`, `meta` or `pagination`.
 * - Every path in `READ_PATHS` except `events()`, and every `managePath`.
 * - Tool → scope mappings marked `assumed` in `TOOL_SCOPE_BASIS` (exhibitor/sponsor reads under read:events, metadata
 *   reads under read:sessions) and the write scopes of Sessionboard's MCP `manage_*` tools (`MCP_WRITE_TOOL_SCOPES`).
 */
import { z } from 'zod';

/** DOCUMENTED: US and EU origins of the REST API. */
export const API_HOSTS = {
  us: 'https://public-api.sessionboard.com',
  eu: 'https://public-api-eu.sessionboard.com',
} as const;
/** DOCUMENTED: US and EU MCP endpoints. */
export const MCP_ENDPOINTS = {
  us: 'https://mcp.sessionboard.com/mcp',
  eu: 'https://mcp-eu.sessionboard.com/mcp',
} as const;
/** DOCUMENTED: header that carries the token. */
export const TOKEN_HEADER = 'x-access-token';
/** DOCUMENTED: the one call the seeds show (`curl -X GET …/v1/events -H "x-access-token: …"`): the live check. */
export const EVENTS_PATH = '/v1/events';
/** DOCUMENTED: how long session retrieval and session search may show an old value (seed 000 "Rate limits and caching"). */
export const SESSION_CACHE_MINUTES = 3;

/** ASSUMED: identity endpoint (optional enrichment; absent on the real service as far as the seeds say). */
export const WHOAMI_PATH = '/v1/token';

/** ASSUMED: response of `GET /v1/token`. Anything else there is ignored. */
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

/** ASSUMED: structured error body. Plain bodies (`{ message }`, text, nothing) are handled by status. */
export const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string().optional(), required_scope: z.string().optional() }),
});

/** ASSUMED: error codes Sessionboard sends (status in comments). Never required: status alone is enough. */
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

/** ASSUMED: paging query parameters (`page` 1-based, `limit` per page). A service that ignores them still works. */
export const PAGING_PARAMS = { page: 'page', limit: 'limit' } as const;
/** Page size Bridgekeeper asks for when the assistant does not say. */
export const DEFAULT_PAGE_SIZE = 50;

/** ASSUMED: REST paths for the read tools (only `events()` is documented). */
export const READ_PATHS = {
  events: () => EVENTS_PATH,
  event: (eventId: string) => `/v1/events/${enc(eventId)}`,
  sessions: (eventId: string) => `/v1/events/${enc(eventId)}/sessions`,
  session: (sessionId: string) => `/v1/sessions/${enc(sessionId)}`,
  contacts: (eventId: string) => `/v1/events/${enc(eventId)}/contacts`,
  speakers: (eventId: string) => `/v1/events/${enc(eventId)}/speakers`,
  speakerSessions: (speakerId: string) => `/v1/speakers/${enc(speakerId)}/sessions`,
  exhibitors: (eventId: string) => `/v1/events/${enc(eventId)}/exhibitors`,
  sponsors: (eventId: string) => `/v1/events/${enc(eventId)}/sponsors`,
  reports: (eventId: string) => `/v1/events/${enc(eventId)}/reports`,
  dashboards: (eventId: string) => `/v1/events/${enc(eventId)}/dashboards`,
  metadata: (eventId: string, kind: MetadataKind) => `/v1/events/${enc(eventId)}/metadata/${kind}`,
  sbql: () => '/v1/insights/sbql',
} as const;

/** Record collections managed by the `manage_*` tools (metadata kinds live under `/metadata/<kind>`). */
export const MANAGED_COLLECTIONS = ['sessions', 'contacts', 'exhibitors', 'sponsors'] as const;
/** DOCUMENTED: the kinds write:metadata / write:fields manage (seed 000 names rooms … statuses and custom fields). */
export const METADATA_KINDS = [
  'rooms',
  'tracks',
  'tags',
  'formats',
  'levels',
  'languages',
  'statuses',
  'custom_fields',
] as const;
export type MetadataKind = (typeof METADATA_KINDS)[number];
export type ManagedCollection = (typeof MANAGED_COLLECTIONS)[number] | `metadata/${MetadataKind}`;

/** ASSUMED: REST mapping of a `manage_*` action. */
export function managePath(
  action: 'create' | 'update' | 'delete' | 'restore',
  collection: ManagedCollection,
  ids: { eventId?: string; id?: string },
): { method: 'POST' | 'PATCH' | 'DELETE'; path: string } {
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
 * Whether each REST tool's scope comes from the seeds. DOCUMENTED (seed 001 table): events → read:events, sessions →
 * read:sessions, speakers/contacts → read:contacts, saved reports → read:reports, dashboards → read:dashboards, SbQL →
 * read:insights, and each `write:*` for its records. ASSUMED: which read scope covers exhibitors, sponsors and session
 * metadata (the seeds only say they are in the default read access, so every token holds them anyway).
 */
export const TOOL_SCOPE_BASIS: Record<string, 'documented' | 'assumed'> = {
  list_exhibitors: 'assumed',
  list_sponsors: 'assumed',
  list_session_metadata: 'assumed',
};

/**
 * ASSUMED: write scopes of Sessionboard's MCP tools (the seeds say it exposes 27 tools but not their names or
 * scopes). DOCUMENTED: every MCP tool needs read:insights. `manage_metadata` picks write:fields for custom fields.
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
