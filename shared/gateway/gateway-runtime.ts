import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { type CallToolResult, ErrorCode, McpError, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { AuditLog } from '../audit/audit-log.js';
import { sweepOrphanedSecrets } from '../connections/pending-secrets.js';
import type { Connection } from '../connections/model.js';
import { type Core, createCore } from '../connections/core.js';
import { UpstreamHttpClient } from '../net/http-client.js';
import { homePaths } from '../paths.js';
import { CachingSecretStore } from './caching-secret-store.js';
import { callGatewayTool } from './call-tool.js';
import { CatalogManager } from './catalog-manager.js';
import { ConnectionBookkeeping } from './connection-bookkeeping.js';
import { upstreamCapabilities } from '../catalog/client-capabilities.js';
import { resolveCredential } from '../catalog/connection-credential.js';
import { ToolListCache } from '../catalog/tool-list-cache.js';
import { describeError } from '../errors.js';
import type { GatewayConfig } from './gateway-config.js';
import { elicitationStepUpRoute } from './step-up-route.js';
import { createGatewayLog, type GatewayLog } from './gateway-log.js';
import { forwardRootsListChanged } from './relay/roots-changed.js';
import { relayServerRequests } from './relay/server-requests.js';
import type { CallContext } from './relay/upstream-call.js';
import { GatewaySurface } from './surface/gateway-surface.js';
import { ObservedUpstreamPool } from './surface/observed-pool.js';
import type { ToolMode } from '../connections/assistant-settings.js';
import { AssistantTools } from './compact/assistant-tools.js';
import { answerFingerprint, saveAnswer } from './first-answer.js';
import { AssistantView } from './compact/assistant-view.js';
import { isCompactToolName } from './compact/compact-tools.js';

/** Everything behind the gateway's handlers, loaded after `initialize` has been answered. */
export interface GatewayRuntime {
  listTools(): Promise<Tool[]>;
  /** The list a previous gateway answered, which this one already gave as its first answer (`first-answer.ts`). */
  adoptShownList(tools: Tool[]): void;
  callTool(name: string, args: unknown, signal: AbortSignal, context?: CallContext): Promise<CallToolResult>;
  /** Prompts, resources, completions, subscriptions and logging of the upstream MCP servers. */
  surface: GatewaySurface;
  close(): Promise<void>;
}

/** Builds the runtime: store, cached keychain, upstream pool, catalog (+ store watch), audit log. */
export function createGatewayRuntime(
  server: Server,
  options: {
    core?: Core;
    config: GatewayConfig;
    log?: GatewayLog;
    watch: boolean;
    /** The assistant that started this gateway: only its chosen connections are served (see `compact/`). */
    assistant?: string;
    toolMode?: ToolMode;
    /** Bridgekeeper's version (part of what a recorded tool-list answer must match). */
    version?: string;
  },
): GatewayRuntime {
  const { config } = options;
  const core = options.core ?? createCore({ http: new UpstreamHttpClient({ timeoutMs: config.callTimeoutMs }) });
  const log = options.log ?? createGatewayLog(homePaths(core.home).logs);
  for (const notice of core.store.notices) log.warn(notice);
  const knownSecrets = new Set<string>();
  const remember = (s: string) => {
    knownSecrets.add(s);
    log.addSecret(s);
  };
  const secrets = new CachingSecretStore(core.secrets);
  // OAuth grants are read fresh from the keychain (another process may have refreshed them), never cached. The OAuth
  // code (ours and the SDK's) is loaded by the first OAuth connection only.
  const pool = new ObservedUpstreamPool(secrets, config.callTimeoutMs, {
    onSecret: remember,
    oauthProvider: async (connection) =>
      (await import('../auth/oauth/gateway-provider.js')).createOAuthProvider(core, connection),
    onToolsChanged: () => void catalog.rebuild(),
    // Quiet sessions are closed (DELETE) and reopened on demand; one carrying resource subscriptions stays open.
    ...(config.idleSessionMs ? { idleSessionMs: config.idleSessionMs } : {}),
    keepOpen: (connectionId: string): boolean => surface.notifications.hasSubscriptions(connectionId),
    onIdleClose: (connection: Connection): void =>
      log.info(`closed the idle session of '${connection.label}' (reopened when needed)`),
    // Upstream sessions mirror the assistant's client capabilities and relay its server requests (sampling,
    // elicitation, roots) to it.
    clientCapabilities: () => server.getClientCapabilities(),
    prepare: (client, session) =>
      relayServerRequests(client, {
        server,
        account: session.account,
        connection: { id: session.connection.id, label: session.connection.label },
        clientCapabilities: server.getClientCapabilities() ?? {},
      }),
  });
  forwardRootsListChanged(server, () => pool.openSessions());
  const bookkeeping = new ConnectionBookkeeping(core.store, log);
  const audit = new AuditLog(homePaths(core.home).audit, { knownSecrets: () => knownSecrets });
  const catalog = new CatalogManager({
    store: core.store,
    pool,
    log,
    bookkeeping,
    listTimeoutMs: config.listTimeoutMs,
    cache: new ToolListCache(core.home, (error) =>
      log.warn(`cannot cache the tool lists of the upstream servers: ${describeError(error)}`),
    ),
    cacheContext: () => JSON.stringify(upstreamCapabilities(server.getClientCapabilities() ?? {})),
    serves: (c) => view.allows(c.id),
    onChanged: () => void tools.announce(),
  });
  const view = new AssistantView({
    home: core.home,
    log,
    ...(options.assistant ? { assistant: options.assistant } : {}),
    ...(options.toolMode ? { toolMode: options.toolMode } : {}),
  });
  // What this assistant is shown is recorded, so its next gateway answers its first tools/list at once.
  const recordShown = (list: Tool[]) =>
    saveAnswer(
      core.home,
      options.assistant,
      options.toolMode,
      answerFingerprint({
        version: options.version ?? '',
        assistant: options.assistant,
        toolMode: options.toolMode,
        settings: view.settings,
        capabilities: server.getClientCapabilities() ?? {},
        connections: catalog.assembledFrom(),
      }),
      list,
      (error) => log.warn(`cannot record the tool list for the next start: ${describeError(error)}`),
    );
  const tools = new AssistantTools(
    view,
    catalog,
    () => void server.sendToolListChanged().catch(() => undefined),
    recordShown,
  );
  bookkeeping.onUpdated = (c) => catalog.remember(c);
  const credential = async (connection: Connection): Promise<string | null> => {
    if (connection.authKind === 'oauth')
      return (await (await import('../auth/oauth/refresh.js')).ensureFreshGrant(core, connection.id)).access_token;
    return resolveCredential(secrets, connection);
  };
  const surface = new GatewaySurface({
    server,
    store: core.store,
    pool,
    log,
    audit,
    bookkeeping,
    config,
    knownSecrets,
    home: core.home,
    watch: options.watch,
    visible: (id) => view.allows(id),
  });
  pool.onSession = (connection, session) => surface.observe(connection, session);
  const stepUp = async (
    connection: Connection,
    required: readonly string[],
    toolName: string,
    signal: AbortSignal,
  ): Promise<void> => {
    // The client shows the page (URL elicitation) where it can; else the system browser; else "sign in again".
    const route = elicitationStepUpRoute(server, connection, required, toolName);
    try {
      await (
        await import('../auth/oauth/step-up.js')
      ).stepUpSignIn(core, connection, required, {
        toolName,
        signal,
        ...(route ? { openBrowser: route.openBrowser } : {}),
      });
      // The next call sees the new grant's scopes at once (the store watch may not have fired yet).
      catalog.remember(core.store.get(connection.id));
    } finally {
      await route?.done();
    }
  };
  const rebuildCatalog = () => void catalog.rebuild();
  const deps = {
    server,
    secrets,
    http: core.http,
    pool,
    audit,
    bookkeeping,
    config,
    knownSecrets,
    credential,
    stepUp,
    rebuildCatalog,
  };
  catalog.start();
  void tools.baseline();
  const unwatchView = options.watch
    ? view.watch(() => {
        // Connections this assistant now sees were not gathered: rebuild (it announces the changed list).
        void catalog.rebuild().then(() => tools.announce());
        surface.notifications.announceListChanged('prompts');
        surface.notifications.announceListChanged('resources');
      })
    : () => undefined;
  // Keychain entries of `connections add` runs killed before they saved their connection (see pending-secrets.ts).
  void sweepOrphanedSecrets(core).then(
    (ids) =>
      ids.length > 0 && log.info(`removed ${ids.length} orphaned keychain entr${ids.length === 1 ? 'y' : 'ies'}`),
  );
  if (options.watch) catalog.watch();
  log.info(`gateway ready (${catalog.connectionCount()} enabled connection(s))`);
  return {
    surface,
    listTools: () => tools.list(),
    adoptShownList: (shown) => tools.adopt(shown),
    callTool: async (name, args, signal, context) => {
      if (isCompactToolName(name))
        return tools.callCompact(name, args, (tool, toolArgs) =>
          callGatewayTool(deps, tool, toolArgs, signal, catalog, context),
        );
      const tool = await catalog.lookup(name);
      // MCP: an unknown tool is a protocol error (-32602 Invalid params), not a tool result. A tool of a connection
      // this assistant does not see is unknown to it.
      if (!tool || !view.allows(tool.connectionId))
        throw new McpError(
          ErrorCode.InvalidParams,
          `Unknown tool: '${name}'. Ask for the tool list again: connections may have been added, removed or renamed.`,
        );
      return callGatewayTool(deps, tool, args, signal, catalog, context);
    },
    close: async () => {
      unwatchView();
      catalog.stop();
      surface.close();
      await pool.closeAll();
    },
  };
}
