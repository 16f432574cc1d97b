import { KeychainUnavailableError } from '../../shared/errors.js';
import type { SecretStore } from '../../shared/secrets/secret-store.js';

/**
 * A secret store that behaves like Windows Credential Manager on size: it refuses to write an entry over
 * `maxBytes` UTF-8 bytes (Windows refuses over 2,560; Bridgekeeper promises 2,048), and records the largest entry
 * it was asked to write. Wraps a real store (the test keychain).
 */
export class SizeLimitedSecretStore implements SecretStore {
  readonly #inner: SecretStore;
  readonly maxBytes: number;
  /** The accounts written, with the byte size of their last value. */
  readonly written = new Map<string, number>();
  refusals = 0;

  constructor(inner: SecretStore, maxBytes = 2_048) {
    this.#inner = inner;
    this.maxBytes = maxBytes;
  }

  get(account: string): Promise<string | null> {
    return this.#inner.get(account);
  }

  async set(account: string, secret: string): Promise<void> {
    const bytes = Buffer.byteLength(secret, 'utf8');
    if (bytes > this.maxBytes) {
      this.refusals++;
      // What keytar reports when CredWriteW fails with ERROR_BAD_LENGTH / ERROR_INVALID_PARAMETER.
      throw new Error(`The stub received bad data. (${bytes} bytes for '${account}')`);
    }
    await this.#inner.set(account, secret);
    this.written.set(account, bytes);
  }

  delete(account: string): Promise<boolean> {
    this.written.delete(account);
    return this.#inner.delete(account);
  }
}

/** A secret store whose writes fail while `failing` is true (a keychain that refuses or times out on write). */
export class FailingWritesSecretStore implements SecretStore {
  readonly #inner: SecretStore;
  failing = false;
  failedWrites = 0;

  constructor(inner: SecretStore) {
    this.#inner = inner;
  }

  get(account: string): Promise<string | null> {
    return this.#inner.get(account);
  }

  async set(account: string, secret: string): Promise<void> {
    if (this.failing) {
      this.failedWrites++;
      throw new KeychainUnavailableError('the keychain refused the request (write failed)');
    }
    await this.#inner.set(account, secret);
  }

  delete(account: string): Promise<boolean> {
    return this.#inner.delete(account);
  }
}
