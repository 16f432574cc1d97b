import { z } from 'zod';
import type { Connection } from '../connections/model.js';
import { SecretMissingError } from '../errors.js';
import { secretAccount, type SecretStore } from '../secrets/secret-store.js';

const OAuthGrantSchema = z.object({ access_token: z.string().min(1) }).passthrough();

/** The keychain account holding the credential a connection sends, or undefined when it sends none. */
export function credentialAccount(connection: Connection): string | undefined {
  if (connection.authKind === 'token') return secretAccount(connection.id, 'token');
  if (connection.authKind === 'oauth') return secretAccount(connection.id, 'oauth-grant');
  return undefined;
}

/**
 * The secret to send for `connection`: the pasted token, the access token of a stored OAuth grant (JSON with
 * `access_token`), or null for tenant-only / no-credential connections. Throws `SecretMissingError` when the
 * keychain has no entry although the connection needs one.
 */
export async function resolveCredential(secrets: SecretStore, connection: Connection): Promise<string | null> {
  const account = credentialAccount(connection);
  if (!account)
    return connection.authKind === 'tenant' ? await secrets.get(secretAccount(connection.id, 'token')) : null;
  const raw = await secrets.get(account);
  if (!raw) throw new SecretMissingError(connection.label);
  if (connection.authKind !== 'oauth') return raw;
  try {
    const grant = OAuthGrantSchema.safeParse(JSON.parse(raw));
    return grant.success ? grant.data.access_token : raw;
  } catch {
    return raw;
  }
}
