/**
 * Where Bridgekeeper keeps secrets (API tokens, OAuth grants). Implementations: the OS keychain via keytar
 * (`KeytarSecretStore`, the only code that touches keytar; every entry it writes stays within 2,048 bytes, longer
 * secrets are split by `ChunkedSecretStore`) and an in-memory one for unit tests.
 * Accounts are named by `secretAccount()` so every secret of a connection can be found and wiped.
 */
export interface SecretStore {
  /** The secret, or null when there is none. Throws `KeychainUnavailableError` when the keychain cannot be reached. */
  get(account: string): Promise<string | null>;
  /** Create or overwrite. */
  set(account: string, secret: string): Promise<void>;
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>;
}

/** Kinds of secret one connection may hold. */
export type SecretKind = 'token' | 'oauth-grant' | 'oauth-client';

/** The keychain account name for one secret of one connection, e.g. `c_ab12cd34:token`. */
export function secretAccount(connectionId: string, kind: SecretKind = 'token'): string {
  return `${connectionId}:${kind}`;
}

/** Every account a connection may use: what `connections remove` wipes. */
export function allSecretAccounts(connectionId: string): string[] {
  return (['token', 'oauth-grant', 'oauth-client'] as const).map((kind) => secretAccount(connectionId, kind));
}
