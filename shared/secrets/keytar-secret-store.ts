import { createRequire } from 'node:module';
import { KeychainUnavailableError } from '../errors.js';
import { ChunkedSecretStore } from './chunked-secret-store.js';
import { rememberSecret } from './known-secrets.js';
import type { SecretStore } from './secret-store.js';
import { findSessionBus } from './session-bus.js';

type Keytar = {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
};

/** The keychain service name every Bridgekeeper entry lives under. Tests may override it via env. */
export const KEYCHAIN_SERVICE = 'bridgekeeper';

let keytarModule: Keytar | undefined;

function loadKeytar(): Keytar {
  if (keytarModule) return keytarModule;
  findSessionBus();
  try {
    // keytar is a native CommonJS addon; load it lazily so commands that never touch secrets work without it.
    const require = createRequire(import.meta.url);
    keytarModule = require('keytar') as Keytar;
    return keytarModule;
  } catch (error) {
    throw new KeychainUnavailableError('the keychain library (keytar) could not be loaded on this system', {
      cause: error,
    });
  }
}

/** Turns whatever keytar/libsecret threw into a message a person can act on. */
export function keychainErrorDetail(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|Failed to connect to socket|Could not connect/i.test(text)) {
    return 'no D-Bus session is running, so no Secret Service can be reached';
  }
  if (/org\.freedesktop\.secrets|not provided by any \.service files|ServiceUnknown/i.test(text)) {
    return 'no Secret Service (e.g. gnome-keyring or KWallet) is installed or running';
  }
  if (/locked|unlock/i.test(text)) return 'the keyring is locked';
  if (/cancel|dismiss|denied|not allowed|-128|User interaction/i.test(text)) return 'access to the keychain was denied';
  return `the keychain refused the request (${text.split('\n')[0]})`;
}

/** Options of the keychain stores: the keychain service name and how long one keychain request may take. */
export interface KeytarOptions {
  service?: string;
  timeoutMs?: number;
}

/**
 * The OS keychain through keytar, one keychain entry per account, as is: no size limit of its own. Use
 * {@link KeytarSecretStore}, which keeps every entry within the limit all keychains accept; this is its lower layer.
 * Never falls back to a file: any keychain failure is a `KeychainUnavailableError`.
 */
export class KeytarEntries implements SecretStore {
  readonly #service: string;
  readonly #timeoutMs: number;

  constructor(options: KeytarOptions = {}) {
    this.#service = options.service ?? process.env.BRIDGEKEEPER_KEYCHAIN_SERVICE ?? KEYCHAIN_SERVICE;
    this.#timeoutMs = options.timeoutMs ?? 20_000;
  }

  get(account: string): Promise<string | null> {
    return this.#call((k) => k.getPassword(this.#service, account));
  }

  set(account: string, secret: string): Promise<void> {
    return this.#call((k) => k.setPassword(this.#service, account, secret));
  }

  delete(account: string): Promise<boolean> {
    return this.#call((k) => k.deletePassword(this.#service, account));
  }

  async #call<T>(operation: (keytar: Keytar) => Promise<T>): Promise<T> {
    const keytar = loadKeytar();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new KeychainUnavailableError(
              'the keychain did not answer in time (it may be locked and waiting for a password prompt)',
            ),
          ),
        this.#timeoutMs,
      );
      timer.unref();
    });
    try {
      return await Promise.race([operation(keytar), timeout]);
    } catch (error) {
      if (error instanceof KeychainUnavailableError) throw error;
      throw new KeychainUnavailableError(keychainErrorDetail(error), { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * `SecretStore` backed by the OS keychain: entries under the service `bridgekeeper`, each within 2,048 bytes (a
 * longer secret, such as an OAuth grant, is stored in parts with an integrity digest: see `ChunkedSecretStore`).
 * Every secret read or written is remembered for redaction.
 */
export class KeytarSecretStore extends ChunkedSecretStore {
  constructor(options: KeytarOptions = {}) {
    super(new KeytarEntries(options));
  }

  override async get(account: string): Promise<string | null> {
    const secret = await super.get(account);
    rememberSecret(secret);
    return secret;
  }

  override set(account: string, secret: string): Promise<void> {
    rememberSecret(secret);
    return super.set(account, secret);
  }
}
