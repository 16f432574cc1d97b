import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CallToolRequestSchema, type CallToolResult, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { AuditLog } from '../audit/audit-log.js';
import { createOAuthProvider } from '../auth/oauth/gateway-provider.js';
import { ensureFreshGrant } from '../auth/oauth/refresh.js';
import type { Connection } from '../connections/model.js';
import { type Core, createCore } from '../core.js';
import { FetchHttpClient } from '../net/http-client.js';
import { homePaths } from '../paths.js';
import { CachingSecretStore } from './caching-secret-store.js';
import { callGatewayTool } from './call-tool.js';
import { ConnectionBookkeeping } from './connection-bookkeeping.js';
import { resolveCredential } from './connection-credential.js';
import { type GatewayConfig, gatewayConfigFromEnv } from './gateway-config.js';
import { createGatewayLog, type GatewayLog } from './gateway-log.js';
import { errorResult } from './result-shaping.js';
import { CatalogManager } from './catalog-manager.js';
import { UpstreamPool } from './upstream-pool.js';

/** How to start a gateway. Everything is optional: the CLI passes nothing and gets the real keychain, store and stdio. */
export interface GatewayOptions {
  core?: Core;
  config?: GatewayConfig;
  log?: GatewayLog;
  /** Watch the store and announce tool-list changes (default true). */
  watch?: boolean;
  /** Reported to clients as the server version. */
  version?: string;
}

/** A running gateway. */
export interface Gateway {
  server: Server;
  /** Stops watching, closes upstream sessions and the transport. */
  close(): Promise<void>;
}

const INSTRUCTIONS =
  'Bridgekeeper exposes the tools of the accounts you connected. Tool names are <service>_<account>__<tool>; each description says which account it acts on. ' +
  'Failed or refused calls return text that says what to do next.';

/**
 * Builds the gateway's MCP server (low-level SDK `Server`) and connects it to `transport`. No network happens before
 * `initialize` is answered: upstream tool lists are fetched, in parallel, once the client has initialised.
 */
export async function startGateway(transport: Transport, options: GatewayOptions = {}): Promise<Gateway> {
  const config = options.config ?? gatewayConfigFromEnv();
  const core = options.core ?? createCore({ http: new FetchHttpClient({ timeoutMs: config.callTimeoutMs }) });
  const log = options.log ?? createGatewayLog(homePaths(core.home).logs);
  for (const notice of core.store.notices) log.warn(notice);
  const knownSecrets = new Set<string>();
  const secrets = new CachingSecretStore(core.secrets);
  const pool = new UpstreamPool(secrets, config.callTimeoutMs, {
    onSecret: (s) => {
      knownSecrets.add(s);
      log.addSecret(s);
    },
    // OAuth grants are read fresh from the keychain (another process may have refreshed them), never cached.
    oauthProvider: (connection) => createOAuthProvider(core, connection),
  });
  const bookkeeping = new ConnectionBookkeeping(core.store, log);
  const audit = new AuditLog(homePaths(core.home).audit, { knownSecrets: () => knownSecrets });
  const server = new Server(
    { name: 'bridgekeeper', title: 'Bridgekeeper', version: options.version ?? '0.1.0' },
    { capabilities: { tools: { listChanged: true } }, instructions: INSTRUCTIONS },
  );
  const catalog = new CatalogManager({
    store: core.store,
    pool,
    log,
    bookkeeping,
    listTimeoutMs: config.listTimeoutMs,
    onChanged: () => {
      void server.sendToolListChanged().catch(() => undefined);
    },
  });
  const credential = async (connection: Connection): Promise<string | null> => {
    // OAuth grants are re-read (and refreshed under the cross-process lock) on every call; tokens come from the cache.
    if (connection.authKind === 'oauth') return (await ensureFreshGrant(core, connection.id)).access_token;
    return resolveCredential(secrets, connection);
  };
  const deps = { server, store: core.store, secrets, http: core.http, pool, audit, bookkeeping, config, knownSecrets, credential };

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: (await catalog.current()).list }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = await catalog.lookup(request.params.name);
    if (!tool) {
      return errorResult(`There is no tool named '${request.params.name}' (any more). Ask for the tool list again: connections may have been added, removed or renamed.`);
    }
    return callGatewayTool(deps, tool, request.params.arguments ?? {}, extra.signal);
  });
  server.oninitialized = () => {
    catalog.start();
    if (options.watch !== false) catalog.watch();
  };
  server.onerror = (error) => log.warn(`protocol: ${error.message}`);

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    catalog.stop();
    await pool.closeAll();
    await server.close().catch(() => undefined);
  };
  server.onclose = () => void close();
  await server.connect(transport);
  log.info(`gateway started (${core.store.list().filter((c: Connection) => c.enabled).length} enabled connection(s))`);
  return { server, close };
}
