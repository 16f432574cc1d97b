import type { SecretStore } from '../secrets/secret-store.js';

/**
 * Wraps a `SecretStore` so each keychain entry is read at most once per process (the gateway answers many calls
 * and a keychain round-trip can prompt or be slow). Concurrent first reads share one keychain request.
 * `forget(account)` drops an entry, e.g. after the service said the credential is no longer valid.
 */
export class CachingSecretStore implements SecretStore {
  readonly #inner: SecretStore;
  readonly #cache = new Map<string, Promise<string | null>>();

  constructor(inner: SecretStore) {
    this.#inner = inner;
  }

  get(account: string): Promise<string | null> {
    let pending = this.#cache.get(account);
    if (!pending) {
      pending = this.#inner.get(account);
      this.#cache.set(account, pending);
      // A failed read (locked keychain) is not cached: the next call asks again.
      pending.catch(() => this.#cache.delete(account));
    }
    return pending;
  }

  async set(account: string, secret: string): Promise<void> {
    await this.#inner.set(account, secret);
    this.#cache.set(account, Promise.resolve(secret));
  }

  async delete(account: string): Promise<boolean> {
    this.#cache.delete(account);
    return this.#inner.delete(account);
  }

  /** Forgets a cached entry so the next `get` reads the keychain again. */
  forget(account: string): void {
    this.#cache.delete(account);
  }

  /** Every secret currently cached (for redacting them out of anything leaving the process). */
  async knownSecrets(): Promise<string[]> {
    const values = await Promise.allSettled([...this.#cache.values()]);
    return values.flatMap((v) => (v.status === 'fulfilled' && v.value ? [v.value] : []));
  }
}
