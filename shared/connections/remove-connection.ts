import type { Core } from './core.js';
import { allSecretAccounts } from '../secrets/secret-store.js';
import type { Connection } from './model.js';
import { sweepOrphanedSecrets } from './pending-secrets.js';

/**
 * Removes a connection and every keychain entry it owns. Secrets are wiped first: if the keychain cannot be
 * reached, nothing is removed (so no orphaned secret is left behind) and the typed error reaches the user.
 * `beforeWipe` lets callers revoke at the server first (OAuth). Also removes secrets orphaned by a killed add.
 */
export async function removeConnection(
  core: Core,
  ref: string,
  beforeWipe?: (connection: Connection) => Promise<void>,
): Promise<Connection> {
  await sweepOrphanedSecrets(core);
  const connection = core.store.get(ref);
  if (beforeWipe) await beforeWipe(connection);
  for (const account of allSecretAccounts(connection.id)) await core.secrets.delete(account);
  return core.store.remove(connection.id);
}
