import type { Connection } from '../../connections/model.js';
import { listedExpectedScopes } from '../granted-scopes.js';
import type { ScopeInfo } from '../types.js';

/** Sessionboard's scope vocabulary (seed 001), in its own words. */
export const SESSIONBOARD_SCOPES: ScopeInfo[] = [
  { id: 'read:events', access: 'read', description: 'Read event data' },
  { id: 'read:sessions', access: 'read', description: 'Read session data' },
  { id: 'read:contacts', access: 'read', description: 'Read speaker and contact data' },
  { id: 'read:reports', access: 'read', description: 'Read saved reports' },
  { id: 'read:dashboards', access: 'read', description: 'Read dashboards' },
  { id: 'read:insights', access: 'read', description: 'Read AI-powered insights and SbQL queries; required for MCP' },
  { id: 'write:sessions', access: 'write', description: 'Create, update, delete and restore sessions' },
  { id: 'write:contacts', access: 'write', description: 'Create, update, delete and restore contacts' },
  { id: 'write:exhibitors', access: 'write', description: 'Create, update, delete and restore exhibitors' },
  { id: 'write:sponsors', access: 'write', description: 'Create, update, delete and restore sponsors' },
  { id: 'write:fields', access: 'write', description: 'Create, update and delete custom fields' },
  {
    id: 'write:metadata',
    access: 'write',
    description: 'Create, update and delete session metadata (rooms, tracks, tags …)',
  },
  {
    id: 'write:events',
    access: 'write',
    description: 'Manage agenda drafts, scheduling rules, personas, dashboards, widgets and saved reports',
  },
];

/**
 * Read scopes every token holds (seed 000: "Default (read access): read-only access to events, sessions, speakers,
 * contacts, sponsors, and exhibitors. Granted automatically to every token"). Saved reports (read:reports) and
 * dashboards (read:dashboards) are NOT in the default: a token needs them granted (or be a legacy token).
 */
export const DEFAULT_READ_SCOPES = ['read:events', 'read:sessions', 'read:contacts'] as const;
/** What a legacy token (empty scopes array) reads: every read scope (seed 001). */
export const LEGACY_SCOPES = SESSIONBOARD_SCOPES.filter((s) => s.access === 'read').map((s) => s.id);

/** Human description of a scope, or undefined for one Sessionboard does not document. */
export function describeScope(scope: string): string | undefined {
  return SESSIONBOARD_SCOPES.find((s) => s.id === scope)?.description;
}

/** Where a scope is granted, in Sessionboard's words. */
export function grantHint(scope: string): string {
  const mcp = scope === 'read:insights' ? " (for AI assistants also switch on the token's MCP Access toggle)" : '';
  return `Ask a Sessionboard organization admin to add '${scope}' in Organization Settings → API Tokens → edit the token's scopes${mcp}.`;
}

/**
 * A token's listed scopes plus what Sessionboard implies: an empty list is a legacy token (every read scope, no
 * write); any other token also holds the default read scopes.
 */
export function expandScopes(listed: readonly string[]): Set<string> {
  if (listed.length === 0) return new Set(LEGACY_SCOPES);
  return new Set([...DEFAULT_READ_SCOPES, ...listed]);
}

/** True when every name is in Sessionboard's documented scope vocabulary. */
export function allKnownScopes(scopes: readonly string[]): boolean {
  return scopes.every((scope) => SESSIONBOARD_SCOPES.some((s) => s.id === scope));
}

/**
 * Effective scopes of a connection: from what the server reported (an empty list means legacy), else unknown
 * (`undefined`, so the gateway forwards and learns from a 403). Scopes the person declared are not Sessionboard's
 * word: they only predict (see `expectedScopes`), never refuse. OAuth sign-ins
 * count exactly the scopes the grant named (no legacy or default implications), and only when every name is one
 * Sessionboard documents: a grant with names we do not know (e.g. `mcp`, `sessionboard.read`) may mean anything, so
 * it is unknown and never blocks a tool.
 */
export function effectiveScopes(connection: Connection): Set<string> | undefined {
  if (connection.authKind === 'oauth') {
    const granted = connection.serverScopes ?? [];
    return granted.length > 0 && allKnownScopes(granted) ? new Set(granted) : undefined;
  }
  if (connection.serverScopes) return expandScopes(connection.serverScopes);
  if (connection.metadata.legacyToken === true) return expandScopes([]);
  return undefined;
}

/**
 * What the scopes the person declared (or unverified claims) predict, with Sessionboard's default read scopes: shown
 * as "expected", never used to refuse. None for an OAuth sign-in (its grant is the only word on it).
 */
export function expectedScopes(connection: Connection): Set<string> | undefined {
  if (connection.authKind === 'oauth') return undefined;
  const listed = listedExpectedScopes(connection);
  return listed.length > 0 ? expandScopes(listed) : undefined;
}
