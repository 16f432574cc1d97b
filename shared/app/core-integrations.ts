import type { Connection } from '../connections/model.js';
import type { Core } from '../core.js';
import { BridgekeeperError, SecretMissingError, UpstreamError } from '../errors.js';
import { getProvider } from '../providers/registry.js';
import type { Whoami } from '../providers/types.js';
import { secretAccount } from '../secrets/secret-store.js';
import { optionalModule } from './optional-module.js';

/**
 * Bridges to core modules owned by other work streams (whoami service, OAuth). Each prefers the real module and
 * falls back to a minimal, behaviour-compatible path when a build does not include it.
 */

type WhoamiService = { checkConnection(core: Core, ref: string): Promise<Whoami> };
type OAuthModule = {
  signIn(core: Core, ref: string, options: { openBrowser: (url: string) => Promise<void>; signal?: AbortSignal; timeoutMs?: number }): Promise<unknown>;
  revokeAndForget(core: Core, connection: Connection): Promise<unknown>;
};

/** Asks the service who the connection is now, and records the outcome in the connection's status. */
export async function checkLive(core: Core, ref: string): Promise<Whoami> {
  const service = await optionalModule<WhoamiService>('../providers/whoami-service.js');
  if (service) return service.checkConnection(core, ref);
  const connection = core.store.get(ref);
  const provider = getProvider(connection.provider);
  try {
    const secret = connection.authKind === 'token' ? await core.secrets.get(secretAccount(connection.id)) : null;
    if (connection.authKind === 'token' && !secret) throw new SecretMissingError(connection.label);
    const whoami = await provider.whoami({ connection, secret, http: core.http });
    await core.store.update(connection.id, () => ({ status: { state: 'ok', at: whoami.checkedAt } }));
    return whoami;
  } catch (error) {
    await core.store.update(connection.id, () => ({ status: statusFor(error) })).catch(() => undefined);
    throw error;
  }
}

function statusFor(error: unknown): Connection['status'] {
  const at = new Date().toISOString();
  if (error instanceof UpstreamError) {
    const map: Partial<Record<UpstreamError['kind'], Connection['status']['state']>> = {
      expired: 'expired', revoked: 'revoked', invalid_token: 'invalid', unauthenticated: 'invalid', needs_sign_in: 'needs_sign_in', account_suspended: 'suspended',
    };
    return { state: map[error.kind] ?? 'error', reason: error.message, at };
  }
  if (error instanceof BridgekeeperError && error.code === 'keychain_unavailable') return { state: 'keychain_locked', reason: error.message, at };
  return { state: 'error', reason: error instanceof Error ? error.message : String(error), at };
}

/** Runs the OAuth browser sign-in for a connection. */
export async function signInWithBrowser(core: Core, ref: string, options: { openBrowser: (url: string) => Promise<void>; timeoutMs: number }): Promise<void> {
  const oauth = await optionalModule<OAuthModule>('../auth/oauth/index.js');
  if (!oauth) throw new UpstreamError('needs_sign_in', 'Browser sign-in is not available in this build.', 'Update Bridgekeeper, or connect with an API token instead.');
  await oauth.signIn(core, ref, { openBrowser: options.openBrowser, timeoutMs: options.timeoutMs, signal: AbortSignal.timeout(options.timeoutMs + 5_000) });
}

/** Revokes an OAuth grant at the server (best effort) before the connection is wiped. True when revoked. */
export async function revokeOAuth(core: Core, connection: Connection): Promise<boolean> {
  const oauth = await optionalModule<OAuthModule>('../auth/oauth/index.js');
  if (!oauth) return false;
  try {
    await oauth.revokeAndForget(core, connection);
    return true;
  } catch {
    return false; // the local wipe still happens; the grant expires on its own
  }
}
