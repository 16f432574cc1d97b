import type { SessionboardWorld, SimOrg, SimToken } from './sessionboard-data.js';

/** A reply from the simulated API. */
export interface SimReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Who is calling, after the token check. */
export interface SimCaller {
  token: SimToken;
  org: SimOrg;
  scopes: Set<string>;
}

/** Seed 000 default read access (events, sessions, speakers, contacts, sponsors, exhibitors): not reports or dashboards. */
const DEFAULT_READS = ['read:events', 'read:sessions', 'read:contacts'];
/** Seed 001: legacy tokens get every read scope. */
const ALL_READS = [...DEFAULT_READS, 'read:reports', 'read:dashboards', 'read:insights'];

/** Sessionboard's error body. */
export function sbError(status: number, code: string, message: string, extra: Record<string, unknown> = {}): SimReply {
  return { status, body: { error: { code, message, ...extra } } };
}

/** The token's scopes as Sessionboard enforces them: legacy (empty) reads everything; default reads always. */
export function enforcedScopes(token: SimToken): Set<string> {
  if (token.scopes.length === 0) return new Set(ALL_READS);
  return new Set([...DEFAULT_READS, ...token.scopes]);
}

/**
 * Checks the `x-access-token` header on a regional server: tokens of the other region, unknown and revoked
 * tokens are all 401 (the region's servers do not know other regions' tokens).
 */
export function authenticate(
  world: SessionboardWorld,
  region: 'us' | 'eu',
  value: string | undefined,
): SimCaller | SimReply {
  if (!value) return sbError(401, 'invalid_token', 'Missing x-access-token header.');
  const token = world.tokens.find((t) => t.value === value);
  const org = token && world.orgs.find((o) => o.id === token.orgId);
  if (!token || !org || org.region !== region) return sbError(401, 'invalid_token', 'Invalid API token.');
  if (token.revoked) return sbError(401, 'token_revoked', 'This API token has been revoked.');
  return { token, org, scopes: enforcedScopes(token) };
}

/** 403 unless the caller holds `scope`. */
export function requireScope(caller: SimCaller, scope: string): SimReply | undefined {
  if (caller.scopes.has(scope)) return undefined;
  return sbError(403, 'missing_scope', `This token lacks the ${scope} scope.`, { required_scope: scope });
}

/** The seed's MCP prerequisites, in its order; the first missing one is the 403. */
export function mcpRefusal(caller: SimCaller): SimReply | undefined {
  if (!caller.org.aiFeatures)
    return sbError(403, 'ai_features_disabled', 'AI features are not enabled for this organization.');
  if (!caller.org.mcpAccess)
    return sbError(403, 'org_mcp_disabled', 'MCP access is not enabled for this organization.');
  if (!caller.token.mcpAccess) return sbError(403, 'token_mcp_disabled', 'MCP access is disabled on this API token.');
  const scope = requireScope(caller, 'read:insights');
  return scope;
}

/** The events a caller may reach: its org's, narrowed by the token's event restrictions. */
export function eventAccess(world: SessionboardWorld, caller: SimCaller, eventId: string): SimReply | undefined {
  const event = world.events.find((e) => e.id === eventId && e.orgId === caller.org.id);
  if (!event) return sbError(404, 'not_found', `Event ${eventId} not found.`);
  if (caller.token.eventRestrictions && !caller.token.eventRestrictions.includes(eventId)) {
    return sbError(403, 'event_restricted', `This token is restricted and cannot access event ${eventId}.`);
  }
  return undefined;
}
