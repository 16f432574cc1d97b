import { rememberSecret } from './known-secrets.js';
import type { SecretStore } from './secret-store.js';

/** In-memory `SecretStore` for unit tests and for processes that must never persist (e.g. token inspection). */
export class MemorySecretStore implements SecretStore {
  readonly #secrets = new Map<string, string>();

  async get(account: string): Promise<string | null> {
    return this.#secrets.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    rememberSecret(secret);
    this.#secrets.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return this.#secrets.delete(account);
  }
}
