import { StoreError } from '../errors.js';
import { STORE_SCHEMA_VERSION } from './model.js';

type RawStore = Record<string, unknown>;

/**
 * Migrations from schema version N to N+1, indexed by N. Version 0 is the pre-release shape (a bare
 * `connections` array, with `scopes` instead of `declaredScopes` and no `schemaVersion`).
 */
const MIGRATIONS: Record<number, (store: RawStore) => RawStore> = {
  0: (store) => ({
    schemaVersion: 1,
    revision: 0,
    connections: (Array.isArray(store.connections) ? store.connections : []).map((raw) => {
      const c = { ...(raw as RawStore) };
      if (Array.isArray(c.scopes) && !Array.isArray(c.declaredScopes)) c.declaredScopes = c.scopes;
      delete c.scopes;
      return c;
    }),
  }),
};

/** The file's schema version; a file without one is version 0. */
export function schemaVersionOf(store: RawStore): number {
  return typeof store.schemaVersion === 'number' ? store.schemaVersion : 0;
}

/**
 * Brings a raw store object up to the current schema version. Refuses a file written by a newer Bridgekeeper
 * rather than rewriting it in a shape that version would not understand.
 */
export function migrateStore(store: RawStore): { store: RawStore; migrated: boolean } {
  let version = schemaVersionOf(store);
  if (version > STORE_SCHEMA_VERSION) {
    throw new StoreError(
      'store_too_new',
      `The connections file was written by a newer Bridgekeeper (schema ${version}; this one understands ${STORE_SCHEMA_VERSION}).`,
      'Update Bridgekeeper (all copies: app and CLI) to the newest version.',
    );
  }
  let current = store;
  const migrated = version < STORE_SCHEMA_VERSION;
  while (version < STORE_SCHEMA_VERSION) {
    const step = MIGRATIONS[version];
    if (!step)
      throw new StoreError('store_corrupt', `No migration from connections schema ${version}.`, 'Update Bridgekeeper.');
    current = step(current);
    version += 1;
  }
  return { store: current, migrated };
}
