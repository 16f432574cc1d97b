import { revokeAndForget, type RevokeResult } from '../auth/oauth/revoke.js';
import type { Core } from '../connections/core.js';
import type { Connection } from '../connections/model.js';
import { removeConnection } from '../connections/remove-connection.js';

/** What disconnecting did: the removed connection, and for OAuth whether the service revoked the sign-in. */
export interface DisconnectResult extends RevokeResult {
  connection: Connection;
}

/**
 * Disconnects an account, for the CLI's `connections remove` and the app's Disconnect: an OAuth sign-in is
 * revoked at the service first (a failure there becomes a `warning`, never a reason to keep local secrets),
 * then every keychain entry is wiped and the connection removed from the store.
 */
export async function disconnectConnection(core: Core, ref: string): Promise<DisconnectResult> {
  let outcome: RevokeResult = { revoked: false };
  const connection = await removeConnection(core, ref, async (current) => {
    if (current.authKind !== 'oauth') return;
    try {
      outcome = await revokeAndForget(core, current);
    } catch (error) {
      outcome = {
        revoked: false,
        warning: `The service could not be told to revoke the sign-in (${error instanceof Error ? error.message : String(error)}); it will expire on its own.`,
      };
    }
  });
  return { connection, ...outcome };
}
