import type { Connection } from '../connections/model.js';
import type { ConnectionStore } from '../connections/store.js';
import { describeError } from '../errors.js';
import type { ConnectionBookkeeping } from './connection-bookkeeping.js';
import type { GatewayLog } from './gateway-log.js';
import type { GatewayTool } from '../catalog/gateway-tool.js';
import { buildCatalog, type Catalog } from '../catalog/tool-catalog.js';
import { credentialStateFor } from './upstream-failure.js';
import type { UpstreamPool } from '../catalog/upstream-pool.js';

/** What the catalog manager needs. */
export interface CatalogManagerDeps {
  store: ConnectionStore;
  pool: UpstreamPool;
  log: GatewayLog;
  bookkeeping: ConnectionBookkeeping;
  listTimeoutMs: number;
  /** The visible tool list changed (send `notifications/tools/list_changed`). */
  onChanged(): void;
}

/**
 * Keeps the gateway's catalog current: built on first need, rebuilt (one at a time, coalescing bursts) when the
 * store changes or a slow upstream's tools arrive, announcing a change only when the visible list really differs.
 */
export class CatalogManager {
  readonly #deps: CatalogManagerDeps;
  #current: Promise<Catalog> | undefined;
  #signature: string | undefined;
  #rebuilding = false;
  #again = false;
  #unwatch: (() => void) | undefined;
  #stopped = false;
  #lastMissRebuild = 0;
  /** The connections as of the last build, patched by this process's own writes (learned gaps, status). */
  readonly #connections = new Map<string, Connection>();

  constructor(deps: CatalogManagerDeps) {
    this.#deps = deps;
  }

  /** Starts building the first catalog (after initialize). */
  start(): void {
    void this.current();
  }

  /** The latest catalog (builds one if none yet). */
  current(): Promise<Catalog> {
    if (!this.#current) {
      this.#current = this.#build();
      // Only the first build sets the baseline: a rebuild that finished first already holds the newer signature.
      void this.#current.then((c) => (this.#signature ??= JSON.stringify(c.list)));
    }
    return this.#current;
  }

  /**
   * Finds a tool by its public name, listed or hidden by a policy (the call path then refuses a hidden one with the
   * policy's reason). A miss triggers one fresh build (the store may have changed a moment ago).
   */
  async lookup(name: string): Promise<GatewayTool | undefined> {
    const find = (c: Catalog) => c.tools.get(name) ?? c.hidden.get(name);
    const found = find(await this.current());
    if (found) return found;
    // At most one extra rebuild per second for unknown names (a confused client must not hammer the upstreams).
    if (Date.now() - this.#lastMissRebuild < 1_000) return undefined;
    this.#lastMissRebuild = Date.now();
    await this.rebuild();
    return find(await this.current());
  }

  /** The latest known state of a connection (no disk read: the store watch keeps it fresh). */
  connection(id: string): Connection | undefined {
    return this.#connections.get(id);
  }

  /** Records a connection this process just wrote to the store, so the next call sees it without waiting for the watch. */
  remember(connection: Connection): void {
    if (this.#connections.has(connection.id)) this.#connections.set(connection.id, connection);
  }

  /** Enabled connections in the store right now. */
  connectionCount(): number {
    try {
      return this.#deps.store.list().filter((c) => c.enabled).length;
    } catch {
      return 0;
    }
  }

  /** Watches the store (changes from any process). */
  watch(): void {
    this.#unwatch ??= this.#deps.store.watch(() => void this.rebuild());
  }

  stop(): void {
    this.#stopped = true;
    this.#unwatch?.();
    this.#unwatch = undefined;
  }

  /** Rebuilds now (or right after the running rebuild) and announces a changed list. */
  async rebuild(): Promise<void> {
    if (this.#rebuilding) {
      this.#again = true;
      return;
    }
    this.#rebuilding = true;
    try {
      do {
        this.#again = false;
        const next = await this.#build();
        this.#current = Promise.resolve(next);
        const signature = JSON.stringify(next.list);
        if (signature !== this.#signature) {
          this.#signature = signature;
          if (!this.#stopped) this.#deps.onChanged();
        }
      } while (this.#again && !this.#stopped);
    } finally {
      this.#rebuilding = false;
    }
  }

  #build(): Promise<Catalog> {
    const { log, pool, bookkeeping, listTimeoutMs } = this.#deps;
    let connections: Connection[];
    try {
      connections = this.#deps.store.list();
    } catch (error) {
      log.warn(`cannot read the connection store: ${describeError(error)}`);
      connections = [];
    }
    this.#connections.clear();
    for (const c of connections) this.#connections.set(c.id, c);
    // A removed or disabled connection keeps no upstream session (socket, client, cached tool list) open.
    const enabled = new Set(connections.filter((c) => c.enabled).map((c) => c.id));
    for (const id of pool.ids()) if (!enabled.has(id)) void pool.drop(id);
    return buildCatalog(connections, {
      pool,
      listTimeoutMs,
      onLateTools: (c) => {
        log.info(`tools of '${c.label}' arrived late; updating the tool list`);
        void this.rebuild();
      },
      onListFailure: (c, error) => {
        log.warn(`tools of '${c.label}' are unavailable: ${describeError(error)}`);
        const state = credentialStateFor(error);
        if (state && c.status.state !== state)
          void bookkeeping.credentialProblem(c, state, error instanceof Error ? error.message : String(error));
      },
      onProviderError: (c, error) => log.warn(`'${c.label}' cannot be served: ${describeError(error)}`),
    });
  }
}
