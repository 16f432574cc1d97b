import { isDeepStrictEqual } from 'node:util';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Connection } from '../connections/model.js';
import { loadProvider } from '../providers/load-provider.js';
import type { Provider } from '../providers/types.js';
import type { CachedTools } from './tool-list-cache.js';
import { type ConnectionTool, type GatewayTool, toMcpTool, upstreamToolDefinition } from './gateway-tool.js';
import { toolVisibility } from './policy.js';
import { connectionPrefixes, namespacedToolName, shortHash } from './tool-names.js';
import { listedFailure, unavailableTool } from './unavailable-tool.js';
import type { UpstreamPool } from './upstream-pool.js';
import { usesUpstreamMcp } from './upstream-pool.js';

/** What the gateway currently offers: tools by public name (the reverse map) and the list it answers with. */
export interface Catalog {
  /** Tools on the list, by namespaced name. */
  tools: Map<string, GatewayTool>;
  /** Tools a policy hides (read-only, disabled): not listed, but a call by name gets the policy's refusal, not "unknown tool". */
  hidden: Map<string, GatewayTool>;
  list: Tool[];
}

/** What building a catalog needs from the gateway. */
export interface CatalogDeps {
  pool: UpstreamPool;
  listTimeoutMs: number;
  /** An upstream answered after `listTimeoutMs`: its tools are cached now and the list should be rebuilt. */
  onLateTools(connection: Connection): void;
  /** An upstream's tool list failed (network, 401 …). */
  onListFailure(connection: Connection, error: unknown): void;
  onProviderError(connection: Connection, error: unknown): void;
  /**
   * The last known tools of an upstream connection whose live list this process does not have yet (a tool-list
   * cache), or that its last listing failed: served at once while the live list is fetched in the background.
   */
  cachedTools?(connection: Connection): CachedTools | undefined;
  /**
   * Tools this process already knows for an upstream connection that need not be listed again (its session was
   * closed as idle and its configuration has not changed): used as they are, no session is opened for them.
   */
  knownTools?(connection: Connection): ConnectionTool[] | undefined;
  /** An upstream's live tool list arrived (for the cache). */
  onLiveTools?(connection: Connection, tools: Tool[]): void;
  /** The live list of a connection served from the cache differs from it (or failed): the list should be rebuilt. */
  onStaleCache?(connection: Connection): void;
}

const TIMED_OUT = Symbol('timed out');

/** The tools of one connection (API tools, or the upstream MCP server's tools), waiting at most `listTimeoutMs`. */
export async function connectionTools(
  connection: Connection,
  provider: Provider,
  deps: CatalogDeps,
): Promise<ConnectionTool[]> {
  if (!usesUpstreamMcp(connection, provider)) {
    return provider.tools(connection).map((definition) => ({ definition, source: 'api' as const }));
  }
  const known = deps.knownTools?.(connection);
  if (known) return known;
  const pending = deps.pool.tools(connection, provider);
  const cached = deps.cachedTools?.(connection);
  if (cached) {
    const stale = () => (deps.onStaleCache ?? deps.onLateTools)(connection);
    pending.then(
      (live) => {
        deps.onLiveTools?.(connection, live);
        if (cached.unreachable || !isDeepStrictEqual(live, cached.tools)) stale();
      },
      (error: unknown) => {
        deps.onListFailure(connection, error);
        // Failing again changes nothing for one known to fail, unless the failure is one the list must show.
        if (!cached.unreachable || listedFailure(error, connection)) stale();
      },
    );
    return cached.tools.map((tool) => upstreamConnectionTool(tool, provider));
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), deps.listTimeoutMs);
  });
  try {
    const result = await Promise.race([pending, timeout]);
    if (result === TIMED_OUT) {
      pending.then(
        (live) => {
          deps.onLiveTools?.(connection, live);
          deps.onLateTools(connection);
        },
        (error: unknown) => deps.onListFailure(connection, error),
      );
      return [];
    }
    deps.onLiveTools?.(connection, result);
    return result.map((tool) => upstreamConnectionTool(tool, provider));
  } catch (error) {
    deps.onListFailure(connection, error);
    const listed = listedFailure(error, connection);
    return listed ? [unavailableTool(connection, listed)] : [];
  } finally {
    clearTimeout(timer);
  }
}

function upstreamConnectionTool(tool: Tool, provider: Provider): ConnectionTool {
  return {
    definition: upstreamToolDefinition(tool, provider),
    source: 'mcp' as const,
    upstreamAnnotations: tool.annotations ?? {},
    upstream: tool,
  };
}

/** The tools one enabled connection offers, before names and policies are applied. */
export interface GatheredTools {
  connection: Connection;
  provider: Provider;
  tools: ConnectionTool[];
}

/** The tools of every enabled connection (upstream lists fetched in parallel); a provider that fails is left out. */
export async function gatherTools(connections: Connection[], deps: CatalogDeps): Promise<GatheredTools[]> {
  const gathered = await Promise.all(
    connections
      .filter((c) => c.enabled)
      .map(async (connection) => {
        try {
          const provider = await loadProvider(connection.provider);
          return { connection, provider, tools: await connectionTools(connection, provider, deps) };
        } catch (error) {
          deps.onProviderError(connection, error);
          return undefined;
        }
      }),
  );
  return gathered.filter((entry) => entry !== undefined);
}

/**
 * Names the gathered tools and applies each connection's policies (`connections` is every connection, for the
 * prefixes). Pure and local: re-assembling after a policy-relevant bookkeeping change (a learned scope gap) asks
 * no upstream anything.
 */
export function assembleCatalog(connections: Connection[], gathered: GatheredTools[]): Catalog {
  const prefixes = connectionPrefixes(connections);
  const tools = new Map<string, GatewayTool>();
  const hidden = new Map<string, GatewayTool>();
  const list: Tool[] = [];
  for (const entry of gathered) {
    const prefix = prefixes.get(entry.connection.id);
    if (prefix === undefined) continue;
    for (const tool of entry.tools) {
      const visible = toolVisibility(tool.definition, entry.connection).visible;
      const name = uniqueName(prefix, entry.connection.id, tool.definition.name, (n) => tools.has(n) || hidden.has(n));
      const gatewayTool: GatewayTool = { ...tool, name, connectionId: entry.connection.id };
      (visible ? tools : hidden).set(name, gatewayTool);
      if (visible) list.push(toMcpTool(gatewayTool, entry.connection, entry.provider));
    }
  }
  return { tools, hidden, list };
}

/** Builds the catalog for all enabled connections; upstream lists are fetched in parallel. */
export async function buildCatalog(connections: Connection[], deps: CatalogDeps): Promise<Catalog> {
  return assembleCatalog(connections, await gatherTools(connections, deps));
}

/**
 * The gateway name of one tool, unique among the names already `taken` (listed or hidden). Two upstream names can
 * turn into the same one (cleaned characters, shortened length): the later tool gets a short hash of its connection
 * and name appended, salted again in the (very unlikely) case that name is taken too.
 */
function uniqueName(prefix: string, connectionId: string, toolName: string, taken: (name: string) => boolean): string {
  let name = namespacedToolName(prefix, toolName);
  for (let salt = 0; taken(name); salt++) {
    name = namespacedToolName(
      prefix,
      `${toolName}_${shortHash(`${connectionId}:${toolName}${salt === 0 ? '' : `:${salt}`}`, 4)}`,
    );
  }
  return name;
}
