import { signIn } from '../use-cases/sign-in.js';
import type { Core } from '../connections/core.js';
import { checkConnection } from '../use-cases/whoami-service.js';
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
export async function signInWithBrowser(
  core: Core,
  ref: string,
  options: { openBrowser: (url: string) => Promise<void>; timeoutMs: number; signal: AbortSignal },
): Promise<void> {
  await signIn(core, ref, { openBrowser: options.openBrowser, timeoutMs: options.timeoutMs, signal: options.signal });
}
