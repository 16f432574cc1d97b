import type { Connection } from '../../connections/model.js';
import type { UpstreamSession } from '../../upstream-mcp/upstream-client.js';
import { UpstreamPool } from '../../catalog/upstream-pool.js';

/**
 * The upstream pool, telling `onSession` once about every session it hands out (tool calls and catalog builds included),
 * so the gateway relays the notifications of sessions it did not open for prompts or resources (log messages, resource
 * updates after a reconnect) without the pool knowing about them.
 */
export class ObservedUpstreamPool extends UpstreamPool {
  onSession: ((connection: Connection, session: Promise<UpstreamSession>) => void) | undefined;
  /** Sessions already told about: the pool hands the same one out for every call on it. */
  readonly #told = new WeakSet<Promise<UpstreamSession>>();

  override session(...args: Parameters<UpstreamPool['session']>): ReturnType<UpstreamPool['session']> {
    const session = super.session(...args);
    if (this.onSession && !this.#told.has(session)) {
      this.#told.add(session);
      this.onSession(args[0], session);
    }
    return session;
  }
}
