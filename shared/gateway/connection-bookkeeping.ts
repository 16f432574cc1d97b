import type { Connection, ConnectionStatus } from '../connections/model.js';
import type { ConnectionStore } from '../connections/store.js';
import { redactSecrets } from '../secrets/redact.js';
import type { GatewayLog } from './gateway-log.js';

/** How often `lastUsedAt` is written per connection (writes take the store lock and wake every watcher). */
const LAST_USED_EVERY_MS = 60_000;

/**
 * What the gateway writes back to the shared store: learned scope gaps (so the next call and the app know),
 * credential problems (the connection shows "needs attention" in `connections list` and the app), recovery to
 * `ok`, and a throttled `lastUsedAt`. Store failures are logged, never thrown into a tool call.
 */
export class ConnectionBookkeeping {
  readonly #store: ConnectionStore;
  readonly #log: GatewayLog;
  readonly #lastWritten = new Map<string, number>();
  /** Told about every successful write (the gateway's in-memory view of its connections). */
  onUpdated: (connection: Connection) => void = () => undefined;

  constructor(store: ConnectionStore, log: GatewayLog) {
    this.#store = store;
    this.#log = log;
  }

  /** Records scopes a service refused for `tool`. */
  async learned(connection: Connection, tool: string, scopes: string[]): Promise<void> {
    const at = new Date().toISOString();
    await this.#update(connection, (c) => {
      const known = new Set(c.learnedGaps.map((g) => `${g.scope}\u0000${g.tool}`));
      const fresh = scopes.filter((scope) => !known.has(`${scope}\u0000${tool}`)).map((scope) => ({ scope, tool, at }));
      return fresh.length > 0 ? { learnedGaps: [...c.learnedGaps, ...fresh] } : {};
    });
    this.#log.info(`learned that '${connection.label}' lacks ${scopes.join(', ')} (from ${tool})`);
  }

  /** Marks the connection as needing attention. */
  async credentialProblem(connection: Connection, state: ConnectionStatus['state'], reason: string): Promise<void> {
    await this.#update(connection, () => ({
      status: { state, reason: redactSecrets(reason).slice(0, 300), at: new Date().toISOString() },
    }));
    this.#log.warn(`'${connection.label}' needs attention: ${state}`);
  }

  /** A call worked: clear a stale credential problem, and bump `lastUsedAt` (throttled). Fire-and-forget. */
  succeeded(connection: Connection): void {
    const now = Date.now();
    const recovering = connection.status.state !== 'ok' && connection.status.state !== 'unchecked';
    if (!recovering && now - (this.#lastWritten.get(connection.id) ?? 0) < LAST_USED_EVERY_MS) return;
    this.#lastWritten.set(connection.id, now);
    void this.#update(connection, () => ({
      lastUsedAt: new Date(now).toISOString(),
      ...(recovering ? { status: { state: 'ok' as const, at: new Date(now).toISOString() } } : {}),
    }));
  }

  async #update(connection: Connection, change: (current: Connection) => Partial<Connection>): Promise<void> {
    try {
      this.onUpdated(await this.#store.update(connection.id, change));
    } catch (error) {
      this.#log.warn(
        `could not update '${connection.label}' in the store: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
