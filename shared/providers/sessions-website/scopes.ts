import type { Connection } from '../../connections/model.js';
import type { ScopeInfo } from '../types.js';

/** sessions.website partner API-key scopes (seed 002), in its own words. */
export const SESSIONS_WEBSITE_SCOPES: ScopeInfo[] = [
  {
    id: 'participants:read',
    access: 'read',
    description: 'Read participants — name, email, and marketing-consent state',
  },
  { id: 'registrations:read', access: 'read', description: 'Read activity registrations and their status' },
  { id: 'products:read', access: 'read', description: 'Read the products a business sells' },
  {
    id: 'purchases:read',
    access: 'read',
    description: 'Read product purchases — passes, memberships, gift cards, and physical goods',
  },
  {
    id: 'webhooks:read',
    access: 'read',
    description: "Read the business's webhook endpoints and their delivery history",
  },
  { id: 'webhooks:write', access: 'write', description: 'Create, update, and remove webhook endpoints' },
];

/** Human description of a scope, or undefined for one sessions.website does not document. */
export function describeScope(scope: string): string | undefined {
  return SESSIONS_WEBSITE_SCOPES.find((s) => s.id === scope)?.description;
}

/** Where a scope is granted, in sessions.website's words. */
export function grantHint(scope: string): string {
  return `In the sessions.website business admin → Settings → API keys, grant the key the '${scope}' scope (or create a new key with it and add that one). The business itself must also have '${scope}'.`;
}

/** The key's scopes that the business also grants (seed 002: effective access is the intersection). */
export function intersectScopes(keyScopes: readonly string[], businessGrants: readonly string[] | undefined): string[] {
  if (!businessGrants) return [...keyScopes];
  const granted = new Set(businessGrants);
  return keyScopes.filter((s) => granted.has(s));
}

/**
 * Effective scopes of a connection: what the server reported (already key ∩ business), else unknown (`undefined`:
 * the gateway forwards and learns from a refusal). Declared scopes only predict (the default `expectedScopes`): the
 * person may not know the business's own grants. No scope implies another.
 */
export function effectiveScopes(connection: Connection): Set<string> | undefined {
  if (connection.serverScopes) return new Set(connection.serverScopes);
  return undefined;
}
