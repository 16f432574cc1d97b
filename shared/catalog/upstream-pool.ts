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
}

/**
 * One MCP client session per upstream connection, opened lazily and reused across calls; the upstream tool list
 * is cached per session. A connection whose endpoint, credential or label changes gets a new session; a session that
 * failed (network, closed) is dropped so the next call reconnects.
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
    const entry: Entry = { key };
    this.#entries.set(connection.id, entry);
    return entry;
  }

  /** The open session for `connection`, connecting on first use. */
  session(connection: Connection, provider: Provider): Promise<UpstreamSession> {
    const entry = this.#entry(connection);
    if (!entry.session) {
      const prepare = (client: Client, account: string, capabilities: ClientCapabilities) => {
        // The upstream says its tool list changed: forget the cached list and let the gateway rebuild.
        client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
          entry.tools = undefined;
          this.#onToolsChanged(connection.id);
        });
        for (const preparer of this.#preparers) preparer(client, { connection, provider, account, capabilities });
      };
      entry.session = this.#connect(connection, provider, prepare).then((session) => {
        entry.open = session;
        return session;
      });
      entry.session.catch(() => {
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

  /** Forgets (and closes) the session of a connection. */
  async drop(connectionId: string): Promise<void> {
    const entry = this.#entries.get(connectionId);
    this.#entries.delete(connectionId);
    const session = await entry?.session?.catch(() => undefined);
    await session?.close();
  }

  /** The sessions connected right now (for passing the assistant's notifications on, e.g. `roots/list_changed`). */
  openSessions(): UpstreamSession[] {
    return [...this.#entries.values()].flatMap((e) => (e.open ? [e.open] : []));
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
