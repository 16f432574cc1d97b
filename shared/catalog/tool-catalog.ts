import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Connection } from '../connections/model.js';
import { loadProvider } from '../providers/load-provider.js';
import type { Provider } from '../providers/types.js';
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
  const pending = deps.pool.tools(connection, provider);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), deps.listTimeoutMs);
  });
  try {
    const result = await Promise.race([pending, timeout]);
    if (result === TIMED_OUT) {
      pending.then(
        () => deps.onLateTools(connection),
        (error: unknown) => deps.onListFailure(connection, error),
      );
      return [];
    }
    return result.map((tool) => ({
      definition: upstreamToolDefinition(tool, provider),
      source: 'mcp' as const,
      upstreamAnnotations: tool.annotations ?? {},
      upstream: tool,
    }));
  } catch (error) {
    deps.onListFailure(connection, error);
    const listed = listedFailure(error);
    return listed ? [unavailableTool(connection, listed)] : [];
  } finally {
    clearTimeout(timer);
  }
}

/** Builds the catalog for all enabled connections; upstream lists are fetched in parallel. */
export async function buildCatalog(connections: Connection[], deps: CatalogDeps): Promise<Catalog> {
  const prefixes = connectionPrefixes(connections);
  const perConnection = await Promise.all(
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
  const tools = new Map<string, GatewayTool>();
  const hidden = new Map<string, GatewayTool>();
  const list: Tool[] = [];
  for (const entry of perConnection) {
    if (!entry) continue;
    for (const tool of entry.tools) {
      const visible = toolVisibility(tool.definition, entry.connection).visible;
      const name = uniqueName(
        prefixes.get(entry.connection.id)!,
        entry.connection.id,
        tool.definition.name,
        (n) => tools.has(n) || hidden.has(n),
      );
      const gatewayTool: GatewayTool = { ...tool, name, connectionId: entry.connection.id };
      (visible ? tools : hidden).set(name, gatewayTool);
      if (visible) list.push(toMcpTool(gatewayTool, entry.connection, entry.provider));
    }
  }
  return { tools, hidden, list };
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
