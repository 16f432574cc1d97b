import { ConnectionStore } from './store.js';
import { UpstreamHttpClient, type HttpClient } from '../net/http-client.js';
import { bridgekeeperHome } from '../paths.js';
import { KeytarSecretStore } from '../secrets/keytar-secret-store.js';
import type { SecretStore } from '../secrets/secret-store.js';

/** The pieces every entry point (CLI, stdio gateway, Electron main) works with. */
export interface Core {
  home: string;
  store: ConnectionStore;
  secrets: SecretStore;
  http: HttpClient;
}

/** Builds the core from the environment; parts can be swapped for tests (e.g. an in-memory `SecretStore`). */
export function createCore(overrides: Partial<Core> = {}): Core {
  const home = overrides.home ?? bridgekeeperHome();
  return {
    home,
    store: overrides.store ?? new ConnectionStore({ home }),
    secrets: overrides.secrets ?? new KeytarSecretStore(),
    http: overrides.http ?? new UpstreamHttpClient(),
  };
}
