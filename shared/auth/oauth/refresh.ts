import { refreshAuthorization } from '@modelcontextprotocol/sdk/client/auth.js';
import {
  InvalidClientError,
  InvalidGrantError,
  OAuthError,
  UnauthorizedClientError,
} from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { type AuthorizationServerMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { Core } from '../../connections/core.js';
import { BridgekeeperError, UpstreamError } from '../../errors.js';
import { markNeedsSignIn, recordGrantFacts } from './connection-facts.js';
import { needsSignInError } from './errors.js';
import { deleteGrant, grantFromTokens, readClient, readGrant, type StoredGrant } from './grant-store.js';
import { withRefreshLock } from './refresh-lock.js';
import { assertRefreshTokenLive, saveRotatedGrant } from './rotated-grant.js';
import { safeFetch } from './safe-fetch.js';

/** Options for {@link ensureFreshGrant}. */
export interface FreshGrantOptions {
  /** Refresh when the access token expires within this many ms (default: 60 s, at most 10 % of its lifetime). */
  skewMs?: number;
  /** An access token the server just rejected (401): refresh unless the stored grant already holds a newer one. */
  rejectedAccessToken?: string;
  /** Called once per refresh request actually sent (tests, telemetry). */
  onRefresh?: () => void;
}

/** True when the grant's access token is (about to be) expired. */
export function isExpiring(grant: StoredGrant, now = Date.now(), skewMs?: number): boolean {
  if (grant.expiresAt === undefined) return false;
  const lifetime = Math.max(0, grant.expiresAt - grant.obtainedAt);
  const skew = skewMs ?? Math.min(60_000, lifetime * 0.1);
  return grant.expiresAt - skew <= now;
}

function isUsable(grant: StoredGrant, options: FreshGrantOptions): boolean {
  return !isExpiring(grant, Date.now(), options.skewMs) && grant.access_token !== options.rejectedAccessToken;
}

/**
 * Returns a usable grant for the connection, refreshing it first when it is expiring (or was just rejected).
 * Refreshes are serialised across processes by a per-connection file lock: whoever gets the lock first
 * refreshes, everyone after it re-reads the grant it stored, so a rotating refresh token is used exactly once.
 * A refresh refused with `invalid_grant` deletes the dead grant, marks the connection `needs_sign_in` and
 * throws `UpstreamError('needs_sign_in')`; it never retries in a loop.
 */
export async function ensureFreshGrant(
  core: Core,
  connectionId: string,
  options: FreshGrantOptions = {},
): Promise<StoredGrant> {
  const label = core.store.find(connectionId)?.label ?? connectionId;
  const first = await readGrant(core.secrets, connectionId);
  if (!first) throw needsSignInError(label, 'it has no OAuth sign-in stored in the keychain.');
  if (isUsable(first, options)) return first;
  return withRefreshLock(core.home, connectionId, async () => {
    const current = await readGrant(core.secrets, connectionId);
    if (!current) throw needsSignInError(label, 'it has no OAuth sign-in stored in the keychain.');
    if (isUsable(current, options)) return current;
    return refreshLocked(core, connectionId, label, current, options);
  });
}

/** The refresh itself; call only while holding the connection's refresh lock. */
async function refreshLocked(
  core: Core,
  connectionId: string,
  label: string,
  grant: StoredGrant,
  options: FreshGrantOptions,
): Promise<StoredGrant> {
  if (!grant.refresh_token) {
    await markNeedsSignIn(core, connectionId, 'The sign-in expired and the service gave no refresh token.');
    throw needsSignInError(label, 'the sign-in expired and the service did not allow renewing it.');
  }
  const client = await readClient(core.secrets, grant.clientAccount);
  if (!client) {
    await markNeedsSignIn(core, connectionId, 'The registered OAuth client is missing from the keychain.');
    throw needsSignInError(label, 'the OAuth client registration is missing from the keychain.');
  }
  await assertRefreshTokenLive(core, connectionId, label, grant.refresh_token);
  options.onRefresh?.();
  let tokens;
  try {
    tokens = await refreshAuthorization(grant.server.authorizationServerUrl, {
      metadata: grant.server.authorizationServerMetadata as AuthorizationServerMetadata,
      clientInformation: client,
      refreshToken: grant.refresh_token,
      ...(grant.server.resource ? { resource: grant.server.resource } : {}),
      fetchFn: safeFetch(),
    });
  } catch (error) {
    throw await refreshFailure(core, connectionId, label, error);
  }
  const next = grantFromTokens(tokens, { server: grant.server, clientAccount: grant.clientAccount, previous: grant });
  await saveRotatedGrant(core, connectionId, next, grant.refresh_token);
  await recordGrantFacts(core, connectionId, next).catch(() => undefined);
  return next;
}

/** Maps a failed refresh to a typed error; dead grants are wiped and the connection flagged. */
export async function refreshFailure(
  core: Core,
  connectionId: string,
  label: string,
  error: unknown,
): Promise<BridgekeeperError> {
  if (error instanceof BridgekeeperError) return error;
  if (
    error instanceof InvalidGrantError ||
    error instanceof InvalidClientError ||
    error instanceof UnauthorizedClientError
  ) {
    return forgetDeadGrant(core, connectionId, label);
  }
  const detail =
    error instanceof OAuthError
      ? `${error.errorCode}${error.message ? `: ${error.message}` : ''}`
      : error instanceof Error
        ? error.message
        : String(error);
  return new UpstreamError(
    'server_error',
    `Could not renew the sign-in for '${label}' (${detail}).`,
    'The service may be down or unreachable; try again in a minute.',
    { cause: error },
  );
}

/** Deletes a grant the server refused, marks the connection `needs_sign_in` and returns the error to throw. */
export async function forgetDeadGrant(core: Core, connectionId: string, label: string): Promise<UpstreamError> {
  await deleteGrant(core.secrets, connectionId).catch(() => undefined);
  await markNeedsSignIn(
    core,
    connectionId,
    'The service no longer accepts this sign-in (it was revoked or has expired). Sign in again.',
  );
  return needsSignInError(label, 'the service no longer accepts the stored sign-in (it was revoked or has expired).');
}
