import { configurationKey } from '../connections/configuration.js';
import type { Connection } from '../connections/model.js';
import type { ConnectionStore } from '../connections/store.js';
import { describeError } from '../errors.js';
import { asSignInAdvice } from '../auth/oauth/scope-advice.js';
import type { ConnectionBookkeeping } from './connection-bookkeeping.js';
import type { GatewayLog } from './gateway-log.js';
import type { GatewayTool } from '../catalog/gateway-tool.js';
import {
  assembleCatalog,
  type Catalog,
  type CatalogDeps,
  type GatheredTools,
  gatherTools,
} from '../catalog/tool-catalog.js';
import { credentialStateFor } from './upstream-failure.js';
import { listedFailure } from '../catalog/unavailable-tool.js';
import { type ToolListCache, toolListFingerprint } from '../catalog/tool-list-cache.js';
import type { UpstreamPool } from '../catalog/upstream-pool.js';

/** What the catalog manager needs. */
export interface CatalogManagerDeps {
  store: ConnectionStore;
  pool: UpstreamPool;
  log: GatewayLog;
  bookkeeping: ConnectionBookkeeping;
  listTimeoutMs: number;
  /** Last known upstream tool lists: the first build serves them at once and reconciles in the background. */
  cache?: ToolListCache;
  /** What else decides an upstream's tools besides its connection (the capabilities its session advertises). */
  cacheContext?: () => string;
  /**
   * Whether this gateway serves a connection (the assistant that started it may see only some): tools of the others
   * are not gathered and their upstream sessions are not opened. Names stay as if all were served.
   */
  serves?: (connection: Connection) => boolean;
  /** The visible tool list changed (send `notifications/tools/list_changed`). */
  onChanged(): void;
}

/**
 * Keeps the gateway's catalog current: built on first need, rebuilt (one at a time, coalescing bursts) when a
 * connection's configuration changes (in any process) or a slow upstream's tools arrive, announcing a change only
 * when the visible list really differs. Routine bookkeeping written by any process (status, last use, learned scope
 * gaps) only updates the in-memory view of the connections: no rebuild, no upstream asked; a learned gap re-applies
 * the policies to the tools already known.
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
  /** The connections as of the last build or store change, patched by this process's own writes (learned gaps, status). */
  readonly #connections = new Map<string, Connection>();
  /** Every connection in the store, in store order (tool prefixes depend on all of them). */
  #all: Connection[] = [];
  /** The configuration of each connection the latest build was made for. */
  #configuration = new Map<string, string>();
  /** The tools of the latest build, before policies. */
  #gathered: GatheredTools[] | undefined;
  /** Connections whose live tool list this process has (or tried): the cache no longer stands in for them. */
  readonly #live = new Set<string>();
  /** Builds started; only the latest one's tools are kept (a slower earlier build must not overwrite them). */
  #builds = 0;
  /** The connections the latest catalog was assembled from (what its list depends on). */
  #assembledFrom: Connection[] = [];

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
    const known = this.#connections.get(connection.id);
    if (!known) return;
    this.#connections.set(connection.id, connection);
    this.#all = this.#all.map((c) => (c.id === connection.id ? connection : c));
    // A scope gap learned here hides the tools the token certainly cannot use, as one learned elsewhere does.
    if (!sameGaps(known, connection)) this.#reassemble();
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
    this.#unwatch ??= this.#deps.store.watch((connections) => this.#storeChanged(connections));
  }

  /** A store change: a rebuild when any configuration changed, else a cheap update of the in-memory view. */
  #storeChanged(connections: Connection[]): void {
    const changed = this.#configurationChanges(connections);
    if (changed.length > 0) {
      this.#deps.log.info(`configuration changed (${changed.join(', ')}); rebuilding the tool list`);
      void this.rebuild(connections);
      return;
    }
    let gapsChanged = false;
    for (const connection of connections) {
      const known = this.#connections.get(connection.id);
      if (known && known.status.state !== connection.status.state)
        this.#deps.log.info(
          `'${connection.label}' is now '${connection.status.state}' (recorded by another process); tool list kept`,
        );
      if (known && !sameGaps(known, connection)) gapsChanged = true;
    }
    this.#view(connections);
    if (gapsChanged) this.#reassemble();
  }

  /** Labels of connections added, removed or configured differently since the latest build. */
  #configurationChanges(connections: Connection[]): string[] {
    const changed = connections
      .filter((c) => this.#configuration.get(c.id) !== configurationKey(c))
      .map((c) => `'${c.label}'`);
    const present = new Set(connections.map((c) => c.id));
    for (const id of this.#configuration.keys())
      if (!present.has(id)) changed.push(`'${this.#connections.get(id)?.label ?? id}' removed`);
    return changed;
  }

  #view(connections: Connection[]): void {
    this.#all = connections;
    this.#connections.clear();
    for (const c of connections) this.#connections.set(c.id, c);
  }

  /** The gathered tools with each connection's latest bookkeeping (same configuration: newer status, learned gaps). */
  #fresh(gathered: GatheredTools[]): GatheredTools[] {
    return gathered.map((entry) => {
      const latest = this.#connections.get(entry.connection.id);
      return latest && configurationKey(latest) === configurationKey(entry.connection)
        ? { ...entry, connection: latest }
        : entry;
    });
  }

  /** Applies the policies again to the tools already known (no store read, no upstream), announcing a change. */
  #reassemble(): void {
    if (!this.#gathered) return;
    this.#publish(this.#assemble(this.#gathered));
  }

  #assemble(gathered: GatheredTools[]): Catalog {
    this.#assembledFrom = this.#all;
    return assembleCatalog(this.#all, this.#fresh(gathered));
  }

  /** The connections the current catalog was assembled from (its list depends on their configuration and gaps). */
  assembledFrom(): Connection[] {
    return this.#assembledFrom;
  }

  #publish(next: Catalog): void {
    this.#current = Promise.resolve(next);
    const signature = JSON.stringify(next.list);
    if (signature !== this.#signature) {
      this.#signature = signature;
      if (!this.#stopped) this.#deps.onChanged();
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#unwatch?.();
    this.#unwatch = undefined;
  }

  /**
   * Rebuilds now (or right after the running rebuild) and announces a changed list. `connections`, when given, is
   * what the store holds right now (saves reading it again).
   */
  async rebuild(connections?: Connection[]): Promise<void> {
    if (this.#rebuilding) {
      this.#again = true;
      return;
    }
    this.#rebuilding = true;
    try {
      let given = connections;
      do {
        this.#again = false;
        const next = await this.#build(given);
        given = undefined;
        this.#publish(next);
      } while (this.#again && !this.#stopped);
    } finally {
      this.#rebuilding = false;
    }
  }

  async #build(given?: Connection[]): Promise<Catalog> {
    const { log, pool } = this.#deps;
    let connections: Connection[];
    try {
      connections = given ?? this.#deps.store.list();
    } catch (error) {
      log.warn(`cannot read the connection store: ${describeError(error)}`);
      connections = [];
    }
    this.#view(connections);
    const before = { configuration: this.#configuration, gathered: this.#gathered ?? [] };
    this.#configuration = new Map(connections.map((c) => [c.id, configurationKey(c)]));
    // A removed or disabled connection keeps no upstream session (socket, client, cached tool list) open.
    // So does one this gateway's assistant does not see.
    const enabled = new Set(connections.filter((c) => c.enabled).map((c) => c.id));
    const served = connections.filter((c) => c.enabled && (this.#deps.serves?.(c) ?? true));
    const servedIds = new Set(served.map((c) => c.id));
    for (const id of pool.ids()) if (!servedIds.has(id)) void pool.drop(id);
    // The cache file is shared by every assistant's gateway: keep the lists of every enabled connection.
    this.#deps.cache?.retain(enabled);
    const build = ++this.#builds;
    const gathered = await gatherTools(served, this.#catalogDeps(before));
    if (build === this.#builds) this.#gathered = gathered;
    // Bookkeeping that arrived while the upstreams were asked (a learned gap) is applied too.
    return this.#assemble(gathered);
  }

  /** What building needs; `before` is the previous build (its tools stand for upstreams closed as idle since). */
  #catalogDeps(before: { configuration: Map<string, string>; gathered: GatheredTools[] }): CatalogDeps {
    const { log, pool, bookkeeping, listTimeoutMs, cache } = this.#deps;
    const fingerprint = (c: Connection) => toolListFingerprint(c, this.#deps.cacheContext?.() ?? '');
    return {
      pool,
      listTimeoutMs,
      // A configuration change elsewhere must not reopen every session closed as idle just to list it again.
      knownTools: (c) => {
        if (!pool.idleClosed(c.id) || before.configuration.get(c.id) !== configurationKey(c)) return undefined;
        const tools = before.gathered.find((g) => g.connection.id === c.id)?.tools;
        return tools && tools.length > 0 ? tools : undefined;
      },
      ...(cache
        ? {
            cachedTools: (c) => (this.#live.has(c.id) ? undefined : cache.get(c.id, fingerprint(c))),
            onLiveTools: (c, tools) => {
              this.#live.add(c.id);
              cache.save(c.id, fingerprint(c), tools);
            },
            onStaleCache: (c) => {
              log.info(`the live tools of '${c.label}' differ from the cached ones; updating the tool list`);
              void this.rebuild();
            },
          }
        : {}),
      onLateTools: (c) => {
        log.info(`tools of '${c.label}' arrived late; updating the tool list`);
        void this.rebuild();
      },
      onListFailure: (c, error) => {
        this.#live.add(c.id);
        // Remembered for the next gateway's first answer (not a list cut short by this gateway stopping, nor one the
        // list must show with its reason, which is listed live).
        if (cache && !this.#stopped && !listedFailure(error, c)) cache.saveUnreachable(c.id, fingerprint(c));
        log.warn(`tools of '${c.label}' are unavailable: ${describeError(asSignInAdvice(error, c, 'its tool list'))}`);
        const state = credentialStateFor(error);
        if (state && c.status.state !== state)
          void bookkeeping.credentialProblem(c, state, error instanceof Error ? error.message : String(error));
      },
      onProviderError: (c, error) => log.warn(`'${c.label}' cannot be served: ${describeError(error)}`),
    };
  }
}

function sameGaps(a: Connection, b: Connection): boolean {
  return JSON.stringify(a.learnedGaps) === JSON.stringify(b.learnedGaps);
}
