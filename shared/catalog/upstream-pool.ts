import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  type ClientCapabilities,
  type Tool,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { Connection } from '../connections/model.js';
import type { Provider } from '../providers/types.js';
import {
  connectUpstream,
  listUpstreamTools,
  toUpstreamError,
  type UpstreamSession,
} from '../upstream-mcp/upstream-client.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { resolveCredential } from './connection-credential.js';
import { upstreamCapabilities } from './client-capabilities.js';

/** True when the gateway serves `connection` by re-exposing an upstream MCP server rather than the provider's API tools. */
export function usesUpstreamMcp(connection: Connection, provider: Provider): boolean {
  return (
    provider.id === 'remote-mcp' || (connection.metadata.mode === 'mcp' && typeof provider.mcpEndpoint === 'function')
  );
}

interface Entry {
  key: string;
  session?: Promise<UpstreamSession>;
  /** The session once connected (for fan-out of client notifications). */
  open?: UpstreamSession;
  tools?: Promise<Tool[]>;
  /** Requests on the session still waiting for their answer (a busy session is never idle). */
  busy: number;
  /** When the session was last handed out or answered a request (ms since the epoch). */
  lastUsed: number;
  idleTimer?: NodeJS.Timeout;
}

/**
 * Sets up a new upstream client before it connects (handlers for server requests and notifications). `account` names
 * the connection in texts, e.g. `Remote MCP server 'Acme'`; `capabilities` is what the session advertises.
 */
export type SessionPreparer = (
  client: Client,
  session: { connection: Connection; provider: Provider; account: string; capabilities: ClientCapabilities },
) => void;

/** Options of the pool. */
export interface UpstreamPoolOptions {
  onSecret?: (secret: string) => void;
  oauthProvider?: (connection: Connection) => Promise<OAuthClientProvider>;
  onToolsChanged?: (connectionId: string) => void;
  /**
   * The assistant's client capabilities (known once it initialized): sessions advertise the roots, sampling and
   * elicitation it has, so capability-gated upstream tools appear exactly when it can serve them. A session is never
   * opened before they are known. Without this option sessions advertise none.
   */
  clientCapabilities?: () => ClientCapabilities | undefined;
  /** Run on every new upstream client before it connects (more can be added with `addPreparer`). */
  prepare?: SessionPreparer;
  /**
   * A session neither handed out nor answering a request for this long is closed (HTTP `DELETE` of the MCP session)
   * and opened again on the next need. Without it sessions stay open until dropped.
   */
  idleSessionMs?: number;
  /** True for a connection whose session must stay open even when idle (e.g. it carries resource subscriptions). */
  keepOpen?: (connectionId: string) => boolean;
  /** An idle session was closed. */
  onIdleClose?: (connection: Connection) => void;
}

/**
 * One MCP client session per upstream connection, opened lazily and reused across calls; the upstream tool list
 * is cached per session. A connection whose endpoint, credential or label changes gets a new session; a session that
 * failed (network, closed) is dropped so the next call reconnects; with `idleSessionMs`, a session left quiet that
 * long is closed (the upstream is told with a `DELETE`) and the next call opens a new one.
 */
export class UpstreamPool {
  readonly #entries = new Map<string, Entry>();
  readonly #secrets: SecretStore;
  readonly #timeoutMs: number;

  readonly #onSecret: (secret: string) => void;
  readonly #oauthProvider: ((connection: Connection) => Promise<OAuthClientProvider>) | undefined;
  readonly #onToolsChanged: (connectionId: string) => void;
  readonly #clientCapabilities: (() => ClientCapabilities | undefined) | undefined;
  readonly #preparers: SessionPreparer[] = [];
  readonly #idleSessionMs: number | undefined;
  readonly #keepOpen: (connectionId: string) => boolean;
  readonly #onIdleClose: (connection: Connection) => void;
  /** Connections whose session was closed as idle and not opened since. */
  readonly #idleClosed = new Set<string>();

  /**
   * `oauthProvider` builds the keychain-backed OAuth provider for `authKind: 'oauth'` connections (the SDK then
   * sends and refreshes the access token itself); without it, the stored grant's access token is sent as is.
   */
  constructor(secrets: SecretStore, timeoutMs: number, options: UpstreamPoolOptions = {}) {
    this.#secrets = secrets;
    this.#timeoutMs = timeoutMs;
    this.#onSecret = options.onSecret ?? (() => undefined);
    this.#oauthProvider = options.oauthProvider;
    this.#onToolsChanged = options.onToolsChanged ?? (() => undefined);
    this.#clientCapabilities = options.clientCapabilities;
    if (options.prepare) this.#preparers.push(options.prepare);
    this.#idleSessionMs = options.idleSessionMs;
    this.#keepOpen = options.keepOpen ?? (() => false);
    this.#onIdleClose = options.onIdleClose ?? (() => undefined);
  }

  /** Adds a set-up step for every upstream client opened from now on (sessions already open are not changed). */
  addPreparer(preparer: SessionPreparer): void {
    this.#preparers.push(preparer);
  }

  #entry(connection: Connection): Entry {
    // The label is part of it: the session's error messages name the account.
    const key = JSON.stringify([
      connection.provider,
      connection.authKind,
      connection.metadata.url,
      connection.metadata.headerName,
      connection.metadata.mode,
      connection.region,
      connection.baseUrl,
      connection.metadata.handle,
      connection.label,
    ]);
    const existing = this.#entries.get(connection.id);
    if (existing && existing.key === key) return existing;
    if (existing) void this.drop(connection.id);
    const entry: Entry = { key, busy: 0, lastUsed: Date.now() };
    this.#idleClosed.delete(connection.id);
    this.#entries.set(connection.id, entry);
    return entry;
  }

  /** The open session for `connection`, connecting on first use (or again after it was closed as idle). */
  session(connection: Connection, provider: Provider): Promise<UpstreamSession> {
    const entry = this.#entry(connection);
    this.#touch(connection, entry);
    if (!entry.session) {
      const prepare = (client: Client, account: string, capabilities: ClientCapabilities) => {
        this.#countRequests(connection, entry, client);
        // The upstream says its tool list changed: forget the cached list and let the gateway rebuild.
        client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
          entry.tools = undefined;
          this.#onToolsChanged(connection.id);
        });
        for (const preparer of this.#preparers) preparer(client, { connection, provider, account, capabilities });
      };
      // Connecting (keychain read, OAuth refresh, initialize) is use too: a slow start is never closed as idle.
      entry.busy++;
      const connected = () => {
        entry.busy--;
        this.#touch(connection, entry);
      };
      entry.session = this.#connect(connection, provider, prepare).then((session) => {
        entry.open = session;
        return session;
      });
      entry.session.then(connected, () => {
        connected();
        if (this.#entries.get(connection.id) === entry) this.#entries.delete(connection.id);
      });
    }
    return entry.session;
  }

  async #connect(
    connection: Connection,
    provider: Provider,
    prepare: (client: Client, account: string, capabilities: ClientCapabilities) => void,
  ): Promise<UpstreamSession> {
    const endpoint = provider.mcpEndpoint?.(connection);
    const serviceName = `${provider.displayName} '${connection.label}'`;
    if (!endpoint) throw toUpstreamError(new Error('no MCP endpoint is configured'), serviceName, this.#timeoutMs);
    let capabilities: ClientCapabilities = {};
    if (this.#clientCapabilities) {
      const client = this.#clientCapabilities();
      // Opening it now would hide the tools that need roots, sampling or elicitation for the session's whole life.
      if (!client)
        throw new Error(
          `Bridgekeeper cannot open ${serviceName} before the MCP client has initialized: its capabilities are not known yet.`,
        );
      capabilities = upstreamCapabilities(client);
    }
    const base = {
      endpoint,
      timeoutMs: this.#timeoutMs,
      serviceName,
      capabilities,
      prepare: (client: Client) => prepare(client, serviceName, capabilities),
      ...(provider.mapMcpHttpError ? { mapError: provider.mapMcpHttpError.bind(provider) } : {}),
    };
    if (connection.authKind === 'oauth' && this.#oauthProvider) {
      return connectUpstream({
        ...base,
        credentials: {},
        authProvider: this.#reportingTokens(await this.#oauthProvider(connection)),
      });
    }
    const secret = await resolveCredential(this.#secrets, connection);
    if (secret) this.#onSecret(secret);
    return connectUpstream({ ...base, credentials: provider.authHeaders(connection, secret) });
  }

  /** `provider`, with every token it hands the SDK also reported as a known secret (redacted from results, logs, audit). */
  #reportingTokens(provider: OAuthClientProvider): OAuthClientProvider {
    const tokens = provider.tokens.bind(provider);
    provider.tokens = async () => {
      const current = await tokens();
      if (current?.access_token) this.#onSecret(current.access_token);
      if (current?.refresh_token) this.#onSecret(current.refresh_token);
      return current;
    };
    return provider;
  }

  /** The upstream's tools (cached until the session is dropped). */
  tools(connection: Connection, provider: Provider): Promise<Tool[]> {
    const entry = this.#entry(connection);
    if (!entry.tools) {
      entry.tools = this.session(connection, provider).then((s) => listUpstreamTools(s, this.#timeoutMs));
      entry.tools.catch(() => {
        if (entry.tools) entry.tools = undefined;
        void this.drop(connection.id);
      });
    }
    return entry.tools;
  }

  /** Counts the requests in flight on `client` (every SDK request goes through `request`), each answer a use. */
  #countRequests(connection: Connection, entry: Entry, client: Client): void {
    if (this.#idleSessionMs === undefined) return;
    const request = client.request.bind(client);
    client.request = ((...args: Parameters<typeof request>) => {
      entry.busy++;
      const answer = request(...args);
      const settled = () => {
        entry.busy--;
        this.#touch(connection, entry);
      };
      answer.then(settled, settled);
      return answer;
    }) as typeof client.request;
  }

  /** Marks the session of `entry` as used now and makes sure its idle check is scheduled. */
  #touch(connection: Connection, entry: Entry): void {
    entry.lastUsed = Date.now();
    if (this.#idleSessionMs !== undefined && !entry.idleTimer)
      this.#scheduleIdleCheck(connection, entry, this.#idleSessionMs);
  }

  #scheduleIdleCheck(connection: Connection, entry: Entry, delayMs: number): void {
    const idleMs = this.#idleSessionMs!;
    entry.idleTimer = setTimeout(() => {
      entry.idleTimer = undefined;
      if (this.#entries.get(connection.id) !== entry || !entry.session) return;
      if (entry.busy > 0) return; // the answer touches it again
      const quietFor = Date.now() - entry.lastUsed;
      if (quietFor < idleMs) return this.#scheduleIdleCheck(connection, entry, idleMs - quietFor);
      if (this.#keepOpen(connection.id)) return this.#scheduleIdleCheck(connection, entry, idleMs);
      this.#onIdleClose(connection);
      void this.drop(connection.id);
      this.#idleClosed.add(connection.id);
    }, delayMs);
    entry.idleTimer.unref();
  }

  /** Forgets (and closes) the session of a connection. */
  async drop(connectionId: string): Promise<void> {
    const entry = this.#entries.get(connectionId);
    this.#entries.delete(connectionId);
    clearTimeout(entry?.idleTimer);
    const session = await entry?.session?.catch(() => undefined);
    await session?.close();
  }

  /** The sessions connected right now (for passing the assistant's notifications on, e.g. `roots/list_changed`). */
  openSessions(): UpstreamSession[] {
    return [...this.#entries.values()].flatMap((e) => (e.open ? [e.open] : []));
  }

  /** True when the session of `connectionId` was closed as idle and nothing has needed it since. */
  idleClosed(connectionId: string): boolean {
    return this.#idleClosed.has(connectionId);
  }

  /** Connection ids with a session or cached list. */
  ids(): string[] {
    return [...this.#entries.keys()];
  }

  /** Closes everything (shutdown). */
  async closeAll(): Promise<void> {
    await Promise.all(this.ids().map((id) => this.drop(id)));
  }
}
