import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  type LoggingLevel,
  LoggingLevelSchema,
  LoggingMessageNotificationSchema,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { describeError } from '../../errors.js';
import type { UpstreamSession } from '../../upstream-mcp/upstream-client.js';
import type { GatewayLog } from '../gateway-log.js';
import { namespacedResourceUri } from './resource-uris.js';
import { maskValue } from './surface-shaping.js';
import type { SurfaceTarget } from './surface-targets.js';
import type { ListKind } from './upstream-lists.js';

/** What the relay needs. */
export interface NotificationDeps {
  server: Server;
  log: GatewayLog;
  knownSecrets: Set<string>;
  timeoutMs: number;
  /** The enabled upstream connection `connectionId` as of now (undefined: removed or disabled: its messages are dropped). */
  target(connectionId: string): Promise<SurfaceTarget | undefined>;
  /** An upstream said one of its lists changed: forget what is cached for that client. */
  onListChanged(client: Client, kinds: ListKind[]): void;
  /** A session connected and told its instructions (or none). */
  onInstructions?(connectionId: string, instructions: string | undefined): void;
}

const SEVERITY = new Map(LoggingLevelSchema.options.map((level, i) => [level, i]));

/**
 * Upstream → assistant notifications, per upstream session: `prompts/list_changed` and `resources/list_changed`
 * (forwarded), `resources/updated` (forwarded with the gateway URI), `notifications/message` (relayed with the
 * connection's prefix as logger name, masked like results). Keeps what must survive a new session: the assistant's
 * log level (sent to each new session that offers logging) and its subscriptions (renewed on each new session).
 */
export class UpstreamNotifications {
  readonly #deps: NotificationDeps;
  readonly #attached = new WeakSet<Client>();
  /** The latest session of each connection. */
  readonly #sessions = new Map<string, UpstreamSession>();
  /** Subscriptions by connection: upstream URI → the gateway URI the assistant subscribed with. */
  readonly #subscriptions = new Map<string, Map<string, string>>();
  #level: LoggingLevel | undefined;

  constructor(deps: NotificationDeps) {
    this.#deps = deps;
  }

  /** Starts relaying the notifications of `session` (once per session); renews level and subscriptions on it. */
  attach(connectionId: string, session: UpstreamSession): void {
    const { client } = session;
    if (this.#attached.has(client)) return;
    this.#attached.add(client);
    this.#sessions.set(connectionId, session);
    client.setNotificationHandler(PromptListChangedNotificationSchema, () => {
      this.#deps.onListChanged(client, ['prompts']);
      this.announceListChanged('prompts');
    });
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => {
      this.#deps.onListChanged(client, ['resources', 'templates']);
      this.announceListChanged('resources');
    });
    client.setNotificationHandler(
      ResourceUpdatedNotificationSchema,
      (n) => void this.#relayUpdated(connectionId, n.params),
    );
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void this.#relayLog(connectionId, n.params));
    this.#deps.onInstructions?.(connectionId, client.getInstructions());
    const capabilities = client.getServerCapabilities();
    if (this.#level && capabilities?.logging) void this.#setUpstreamLevel(connectionId, client, this.#level);
    const subscriptions = this.#subscriptions.get(connectionId);
    if (subscriptions && capabilities?.resources?.subscribe) {
      // Made on an earlier session (a new one is attached before anything is subscribed through it): the upstream
      // forgot them with that session.
      for (const uri of subscriptions.keys()) {
        client
          .subscribeResource({ uri }, { timeout: this.#deps.timeoutMs })
          .catch((error: unknown) =>
            this.#deps.log.warn(`cannot renew the subscription to ${uri}: ${describeError(error)}`),
          );
      }
    }
  }

  /** Tells the assistant a list changed (prompts, or resources and their templates). */
  announceListChanged(kind: ListKind): void {
    const send =
      kind === 'prompts' ? this.#deps.server.sendPromptListChanged() : this.#deps.server.sendResourceListChanged();
    void send.catch(() => undefined);
  }

  /** Remembers a subscription, to route its updates and renew it on a new session. */
  subscribed(connectionId: string, upstreamUri: string, gatewayUri: string): void {
    let forConnection = this.#subscriptions.get(connectionId);
    if (!forConnection) this.#subscriptions.set(connectionId, (forConnection = new Map()));
    forConnection.set(upstreamUri, gatewayUri);
  }

  unsubscribed(connectionId: string, upstreamUri: string): void {
    this.#subscriptions.get(connectionId)?.delete(upstreamUri);
  }

  /** True while the assistant holds a resource subscription on the connection (its session must stay open). */
  hasSubscriptions(connectionId: string): boolean {
    return (this.#subscriptions.get(connectionId)?.size ?? 0) > 0;
  }

  /** Lets go of the sessions of connections no longer enabled, and the subscriptions of removed ones (kept for a disabled one, renewed when it comes back). */
  retain(enabledIds: Set<string>, existingIds: Set<string>): void {
    for (const id of this.#sessions.keys()) if (!enabledIds.has(id)) this.#sessions.delete(id);
    for (const id of this.#subscriptions.keys()) if (!existingIds.has(id)) this.#subscriptions.delete(id);
  }

  /** `logging/setLevel`: kept for new sessions and sent to every live upstream that offers logging. */
  async setLevel(level: LoggingLevel): Promise<void> {
    this.#level = level;
    const live = [...this.#sessions].filter(([, s]) => s.client.transport && s.client.getServerCapabilities()?.logging);
    await Promise.all(
      live.map(async ([connectionId, s]) => {
        // A disabled or removed connection's session is about to be closed: it gets nothing.
        if (await this.#deps.target(connectionId)) await this.#setUpstreamLevel(connectionId, s.client, level);
      }),
    );
  }

  async #setUpstreamLevel(connectionId: string, client: Client, level: LoggingLevel): Promise<void> {
    try {
      await client.setLoggingLevel(level, { timeout: this.#deps.timeoutMs });
    } catch (error) {
      this.#deps.log.warn(`cannot set the log level of connection ${connectionId}: ${describeError(error)}`);
    }
  }

  async #relayUpdated(connectionId: string, params: { uri: string; [key: string]: unknown }): Promise<void> {
    const target = await this.#deps.target(connectionId);
    if (!target) return;
    const uri =
      this.#subscriptions.get(connectionId)?.get(params.uri) ?? namespacedResourceUri(target.prefix, params.uri);
    await this.#deps.server.sendResourceUpdated({ ...params, uri }).catch(() => undefined);
  }

  async #relayLog(
    connectionId: string,
    params: { level: LoggingLevel; logger?: string; data?: unknown; [key: string]: unknown },
  ): Promise<void> {
    // Upstreams that ignore setLevel are filtered here.
    if (this.#level && SEVERITY.get(params.level)! < SEVERITY.get(this.#level)!) return;
    const target = await this.#deps.target(connectionId);
    if (!target) return;
    const mask = { redactPii: target.connection.policies.redactPii, knownSecrets: this.#deps.knownSecrets };
    const logger = params.logger ? `${target.prefix}/${params.logger}` : target.prefix;
    await this.#deps.server
      .sendLoggingMessage({ ...params, logger, data: maskValue(params.data, mask) })
      .catch(() => undefined);
  }
}
