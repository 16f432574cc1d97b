import type { Core } from '../../connections/core.js';
import type { Connection } from '../../connections/model.js';
import { clientAccountFor, deleteGrant, readClient, readGrant, type StoredGrant } from './grant-store.js';
import { withRefreshLock } from './refresh-lock.js';
import { safeFetch } from './safe-fetch.js';

/** What {@link revokeAndForget} did. */
export interface RevokeResult {
  /** True when the server confirmed the revocation (RFC 7009). */
  revoked: boolean;
  /** Set when the server could not be told (no revocation endpoint, unreachable …); local secrets are wiped anyway. */
  warning?: string;
}

/**
 * Revokes a grant's tokens at the authorization server (RFC 7009), refresh token first (which ends the whole
 * grant on most servers), then the access token (best effort: servers often cannot revoke JWT access tokens, which
 * then simply expire). Public clients identify themselves with `client_id`.
 */
export async function revokeTokens(core: Core, grant: StoredGrant): Promise<RevokeResult> {
  const endpoint = grant.server.revocationEndpoint;
  if (!endpoint)
    return {
      revoked: false,
      warning:
        'The service offers no way to revoke sign-ins; remove Bridgekeeper in its settings if you want it gone there too.',
    };
  const client = await readClient(core.secrets, grant.clientAccount);
  const fetchFn = safeFetch(10_000);
  const tokens: Array<[string, string]> = [
    ...(grant.refresh_token ? ([[grant.refresh_token, 'refresh_token']] as Array<[string, string]>) : []),
    [grant.access_token, 'access_token'],
  ];
  try {
    let revoked = false;
    for (const [token, hint] of tokens) {
      const body = new URLSearchParams({ token, token_type_hint: hint });
      const headers: Record<string, string> = {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      };
      if (client?.client_secret)
        headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`).toString('base64')}`;
      else if (client) body.set('client_id', client.client_id);
      const response = await fetchFn(endpoint, { method: 'POST', headers, body });
      const text = await response.text().catch(() => '');
      // RFC 7009 §2.2.1: a server may not revoke some token types (e.g. self-contained JWT access tokens).
      const unsupported = response.status === 400 && /unsupported_token_type/.test(text);
      if (response.ok) revoked = true;
      else if (!revoked && !unsupported)
        return {
          revoked: false,
          warning: `The service answered HTTP ${response.status} to the revocation; the sign-in may still be listed there.`,
        };
    }
    return { revoked };
  } catch {
    return {
      revoked: false,
      warning: `Could not reach ${new URL(endpoint).host} to revoke the sign-in; it will expire on its own.`,
    };
  }
}

/**
 * Signs a connection out: revokes its grant at the server when the server offers RFC 7009 revocation, then
 * deletes the grant from the keychain (and the per-server client when no other connection uses it). Usable
 * as `removeConnection(core, ref, revokeAndForget.bind(null, core))`'s `beforeWipe`. Never throws for a
 * server that cannot be reached: local secrets are wiped regardless and `warning` says what happened.
 */
export async function revokeAndForget(core: Core, connection: Connection): Promise<RevokeResult> {
  return withRefreshLock(core.home, connection.id, async () => {
    const grant = await readGrant(core.secrets, connection.id);
    const result = grant ? await revokeTokens(core, grant) : { revoked: false };
    await deleteGrant(core.secrets, connection.id);
    const asUrl = grant?.server.authorizationServerUrl;
    if (asUrl) {
      const others = core.store
        .list()
        .filter(
          (c) => c.id !== connection.id && c.authKind === 'oauth' && c.metadata.oauthIssuer === grant.server.issuer,
        );
      if (others.length === 0) await core.secrets.delete(clientAccountFor(asUrl));
    }
    return result;
  });
}
