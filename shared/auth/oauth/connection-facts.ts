import type { Core } from '../../connections/core.js';
import type { Connection } from '../../connections/model.js';
import type { StoredGrant } from './grant-store.js';

/**
 * Records the non-secret facts of a fresh grant in the connection store, for lists and the whoami panel:
 * granted scopes (server provenance, they drive scope checks), expiry, issuer, resource, subject; status ok.
 */
export async function recordGrantFacts(core: Core, connectionId: string, grant: StoredGrant): Promise<Connection> {
  return core.store.update(connectionId, (current) => ({
    authKind: 'oauth',
    serverScopes: grant.scopes,
    // Scopes the service refused calls for and this grant now has are no longer gaps (a step-up sign-in).
    learnedGaps: current.learnedGaps.filter((gap) => !grant.scopes.includes(gap.scope)),
    metadata: {
      ...current.metadata,
      // The grant is for the service's MCP endpoint, so the gateway must serve this connection through it.
      mode: 'mcp',
      oauthIssuer: grant.server.issuer,
      oauthResource: grant.server.resource ?? null,
      oauthExpiresAt: grant.expiresAt !== undefined ? new Date(grant.expiresAt).toISOString() : null,
      oauthSubject: grant.subject ?? (current.metadata.oauthSubject as string | undefined) ?? null,
      expiresAt: grant.expiresAt !== undefined ? new Date(grant.expiresAt).toISOString() : null,
    },
    status: { state: 'ok', at: new Date().toISOString() },
  }));
}

/** Marks a connection as needing an interactive sign-in, with the reason a person will read. */
export async function markNeedsSignIn(core: Core, connectionId: string, reason: string): Promise<void> {
  await core.store
    .update(connectionId, () => ({ status: { state: 'needs_sign_in', reason, at: new Date().toISOString() } }))
    .catch(() => undefined);
}
