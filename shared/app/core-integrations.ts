import { revokeAndForget, signIn } from '../auth/oauth/index.js';
import type { Connection } from '../connections/model.js';
import type { Core } from '../core.js';
import { checkConnection } from '../providers/whoami-service.js';
import type { Whoami } from '../providers/types.js';

/**
 * The app's bridges to the core services it shares with the CLI and the gateway: live whoami (which records
 * the status in the shared store), OAuth browser sign-in and revocation.
 */

/** Asks the service who the connection is now, and records the outcome in the connection's status. */
export function checkLive(core: Core, ref: string): Promise<Whoami> {
  return checkConnection(core, ref);
}

/** Runs the OAuth browser sign-in for a connection (discovery, registration, PKCE, loopback callback). */
export async function signInWithBrowser(core: Core, ref: string, options: { openBrowser: (url: string) => Promise<void>; timeoutMs: number; signal: AbortSignal }): Promise<void> {
  await signIn(core, ref, { openBrowser: options.openBrowser, timeoutMs: options.timeoutMs, signal: options.signal });
}

/** Revokes an OAuth grant at the server before the connection is wiped; the local wipe happens either way. */
export async function revokeOAuth(core: Core, connection: Connection): Promise<{ revoked: boolean; warning?: string }> {
  try {
    const result = await revokeAndForget(core, connection);
    return { revoked: result.revoked, ...(result.warning ? { warning: result.warning } : {}) };
  } catch (error) {
    return { revoked: false, warning: `The service could not be told to revoke the sign-in (${error instanceof Error ? error.message : String(error)}); it will expire on its own.` };
  }
}
