import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConnectionNotFoundError, DuplicateLabelError, StoreError } from '../errors.js';
import { homePaths } from '../paths.js';
import { ensurePrivateDir, withFileLock, withFileLockSync } from '../util/file-lock.js';
import { BOOKKEEPING_FIELDS } from './configuration.js';
import { type Connection, ConnectionSchema, type StoreFile, StoreFileSchema } from './model.js';
import { JsonFile } from './json-file.js';
import { foreignEntries, parseSnapshot, rawForWrite, type Snapshot } from './store-file.js';
import { watchStoreFile } from './watch.js';

/** Fields a caller supplies to create a connection; the store fills id, times and defaults. */
export type NewConnection = { id?: string } & Omit<
  Connection,
  'id' | 'createdAt' | 'updatedAt' | 'enabled' | 'metadata' | 'declaredScopes' | 'learnedGaps' | 'policies' | 'status'
> &
  Partial<Pick<Connection, 'enabled' | 'metadata' | 'declaredScopes' | 'policies' | 'status'>>;

/** A synchronous wait blocks the whole process, so it is short: store writes hold the lock for milliseconds. */
const SYNC_WAIT = { waitMs: 5_000 };

/** A new random connection id, e.g. `c_k3j9x0a1b2`. */
export function newConnectionId(): string {
  return `c_${crypto.randomBytes(8).toString('hex').slice(0, 10)}`;
}

/**
 * The shared connection store: one JSON file (`json-file.ts`: the same format as electron-store)
 * used by the app, the CLI and every stdio gateway at once.
 * - Reads are lock-free (writes are atomic renames, so a reader never sees half a file).
 * - Writes are read-modify-write under a cross-process lock, so concurrent writers never lose an update, and put
 *   only the fields they change on top of what is on disk (see `store-file.ts`: what a newer version wrote is kept).
 * - A damaged file is moved aside as `connections.json.corrupt-<time>` (always under the lock, re-checked once
 *   held) and reported in `notices`, never emptied in place.
 */
export class ConnectionStore {
  readonly path: string;
  readonly home: string;
  /** Things the user should be told (e.g. a damaged file was moved aside), each once. */
  readonly notices: string[] = [];
  readonly #file: JsonFile;

  constructor(options: { home?: string } = {}) {
    const paths = homePaths(options.home);
    this.home = paths.home;
    this.path = paths.store;
    ensurePrivateDir(this.home);
    this.#file = this.#openFile();
  }

  /** Opens the file, moving it aside (under the lock) when it is not JSON. */
  #openFile(): JsonFile {
    const file = new JsonFile(this.path);
    const open = () => {
      file.read();
      return file;
    };
    try {
      return open();
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      return withFileLockSync(
        this.path,
        () => {
          try {
            return open(); // another process repaired it meanwhile
          } catch (again) {
            if (!(again instanceof SyntaxError)) throw again;
            this.#moveAside('it is not valid JSON');
            return open();
          }
        },
        SYNC_WAIT,
      );
    }
  }

  /** Moves a damaged file aside (keeping it for recovery) and records a notice for the user. Call only under the lock. */
  #moveAside(why: string): void {
    if (!fs.existsSync(this.path)) return;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const aside = `${this.path}.corrupt-${stamp}`;
    fs.renameSync(this.path, aside);
    this.#notice(
      `Your connections file was damaged (${why}) and has been moved to ${aside}. Bridgekeeper started a fresh, empty one; ` +
        'your secrets are still in the keychain, and the old file can be inspected or restored by hand.',
    );
  }

  #notice(text: string): void {
    if (!this.notices.includes(text)) this.notices.push(text);
  }

  /** Parses, migrates and validates what is on disk; throws a `SyntaxError`/`StoreError` on damage. */
  #snapshot(): Snapshot {
    const snapshot = parseSnapshot(this.#file.read());
    const foreign = foreignEntries(snapshot);
    if (foreign.length > 0) {
      this.#notice(
        `${foreign.length} connection(s) in ${this.path} (${foreign.map((f) => `'${f.label}'`).join(', ')}) cannot be read by this ` +
          'version of Bridgekeeper (a newer one wrote them?) and are not shown; they are kept unchanged. Update Bridgekeeper to use them here.',
      );
    }
    return snapshot;
  }

  /** The current file contents. A damaged file is recovered under the lock (another process may be fixing it). */
  read(): StoreFile {
    return this.#readSnapshot().view;
  }

  #readSnapshot(): Snapshot {
    try {
      return this.#snapshot();
    } catch (error) {
      if (isTooNew(error)) throw error;
      return withFileLockSync(this.path, () => this.#recover(), SYNC_WAIT);
    }
  }

  /** Under the lock: the file if it is (now) readable, else moves it aside and starts empty. */
  #recover(): Snapshot {
    try {
      return this.#snapshot();
    } catch (error) {
      if (isTooNew(error)) throw error;
      this.#moveAside(
        error instanceof SyntaxError ? 'it is not valid JSON' : error instanceof Error ? error.message : String(error),
      );
      return parseSnapshot({});
    }
  }

  /** All connections, freshest from disk. */
  list(): Connection[] {
    return this.read().connections;
  }

  /** Finds a connection by id or (case-insensitive) label. */
  find(ref: string): Connection | undefined {
    const wanted = ref.trim().toLowerCase();
    const all = this.list();
    return all.find((c) => c.id === ref) ?? all.find((c) => c.label.toLowerCase() === wanted);
  }

  /** True when the file holds an entry with this id, including one this version cannot read. */
  hasEntry(id: string): boolean {
    return this.#readSnapshot().entries.some((e) => (e.kind === 'known' ? e.connection.id : e.id) === id);
  }

  /** Like `find` but throws `ConnectionNotFoundError`. */
  get(ref: string): Connection {
    const found = this.find(ref);
    if (!found) throw new ConnectionNotFoundError(ref);
    return found;
  }

  /**
   * Locked read-modify-write. `fn` may mutate the file object and returns a result; the file is validated,
   * its revision bumped and written atomically (mode 0600) before the lock is released. Only what `fn` changed
   * is written over what is on disk; entries and keys this version does not know are kept.
   */
  async mutate<T>(fn: (file: StoreFile) => T): Promise<T> {
    return this.#mutate(fn);
  }

  /** `mutate`, also telling `fn` the (lower-case) labels of entries this version cannot read: they stay taken. */
  async #mutate<T>(fn: (file: StoreFile, foreignLabels: Set<string>) => T): Promise<T> {
    return withFileLock(this.path, () => {
      const snapshot = this.#recover();
      const file = structuredClone(snapshot.view);
      const result = fn(file, new Set(foreignEntries(snapshot).map((f) => f.label.toLowerCase())));
      const next = StoreFileSchema.parse({ ...file, revision: snapshot.view.revision + 1 });
      this.#file.write(rawForWrite(snapshot, next));
      return result;
    });
  }

  /** Adds a connection; labels are unique (case-insensitive). */
  async add(input: NewConnection): Promise<Connection> {
    return this.#mutate((file, foreignLabels) => {
      const wanted = input.label.trim().toLowerCase();
      if (foreignLabels.has(wanted) || file.connections.some((c) => c.label.toLowerCase() === wanted))
        throw new DuplicateLabelError(input.label);
      const now = new Date().toISOString();
      if (input.id && file.connections.some((c) => c.id === input.id))
        throw new Error(`Connection id ${input.id} already exists.`);
      const connection = ConnectionSchema.parse({
        ...input,
        label: input.label.trim(),
        id: input.id ?? newConnectionId(),
        createdAt: now,
        updatedAt: now,
      });
      file.connections.push(connection);
      return connection;
    });
  }

  /**
   * Updates one connection by id with a function returning the changed fields. Only those fields are written;
   * `updatedAt` moves only when configuration changed (not for status, last use or learned gaps).
   */
  async update(id: string, change: (current: Connection) => Partial<Connection>): Promise<Connection> {
    return this.#mutate((file, foreignLabels) => {
      const index = file.connections.findIndex((c) => c.id === id);
      const current = file.connections[index];
      if (!current) throw new ConnectionNotFoundError(id);
      const patch = change(current);
      const label = patch.label?.toLowerCase();
      if (
        label &&
        (foreignLabels.has(label) || file.connections.some((c) => c.id !== id && c.label.toLowerCase() === label))
      ) {
        throw new DuplicateLabelError(patch.label!);
      }
      const configChanged = Object.keys(patch).some((key) => !BOOKKEEPING_FIELDS.has(key));
      const updatedAt = configChanged ? new Date().toISOString() : current.updatedAt;
      const updated = ConnectionSchema.parse({ ...current, ...patch, id, createdAt: current.createdAt, updatedAt });
      file.connections[index] = updated;
      return updated;
    });
  }

  /** Removes a connection by id or label and returns it. Secrets are wiped by the caller (see `removeConnection`). */
  async remove(ref: string): Promise<Connection> {
    return this.mutate((file) => {
      const wanted = ref.trim().toLowerCase();
      const index = file.connections.findIndex((c) => c.id === ref || c.label.toLowerCase() === wanted);
      const [removed] = index >= 0 ? file.connections.splice(index, 1) : [];
      if (!removed) throw new ConnectionNotFoundError(ref);
      return removed;
    });
  }

  /**
   * Calls `listener` with the fresh connection list whenever another process (or this one) changes the store.
   * Returns an unsubscribe function.
   */
  watch(listener: (connections: Connection[]) => void): () => void {
    const versionOf = (file: StoreFile) => `${file.revision}:${file.connections.length}`;
    const first = this.#safeRead();
    let lastVersion = first ? versionOf(first) : undefined;
    return watchStoreFile(path.dirname(this.path), path.basename(this.path), () => {
      const file = this.#safeRead();
      if (!file || versionOf(file) === lastVersion) return;
      lastVersion = versionOf(file);
      try {
        listener(file.connections);
      } catch {
        // A listener failing must not stop the watcher.
      }
    });
  }

  /** The file, or undefined while it cannot be read (the next change event tries again). */
  #safeRead(): StoreFile | undefined {
    try {
      return this.read();
    } catch {
      return undefined;
    }
  }
}

function isTooNew(error: unknown): boolean {
  return error instanceof StoreError && error.code === 'store_too_new';
}
