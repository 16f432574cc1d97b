import type { Connection } from '../../connections/model.js';
import { loadProvider } from '../../providers/load-provider.js';
import type { Provider } from '../../providers/types.js';
import { connectionPrefixes } from '../../catalog/tool-names.js';
import { usesUpstreamMcp } from '../../catalog/upstream-pool.js';

/** One upstream MCP connection whose prompts, resources and logs the gateway carries. */
export interface SurfaceTarget {
  connection: Connection;
  provider: Provider;
  /** The connection's namespace: tool and prompt names start with `<prefix>__`, resource URIs with `bridgekeeper://<prefix>/`. */
  prefix: string;
}

/** The upstream MCP connections among `connections` (enabled ones in `targets`, disabled ones by prefix, for clear refusals). */
export interface SurfaceTargets {
  targets: SurfaceTarget[];
  /** Disabled MCP connections by prefix: they expose nothing, but a request naming one is told why. */
  disabled: Map<string, Connection>;
}

/**
 * Resolves which connections are upstream MCP servers (remote MCP, or a provider in MCP mode). Prefixes are computed
 * over every connection, exactly as the tool catalog does, so a connection's tools, prompts and resources share one.
 */
export async function surfaceTargets(
  connections: Connection[],
  onProviderError: (connection: Connection, error: unknown) => void,
): Promise<SurfaceTargets> {
  const prefixes = connectionPrefixes(connections);
  const targets: SurfaceTarget[] = [];
  const disabled = new Map<string, Connection>();
  await Promise.all(
    connections.map(async (connection) => {
      let provider: Provider;
      try {
        provider = await loadProvider(connection.provider);
      } catch (error) {
        onProviderError(connection, error);
        return;
      }
      if (!usesUpstreamMcp(connection, provider)) return;
      const prefix = prefixes.get(connection.id)!;
      if (connection.enabled) targets.push({ connection, provider, prefix });
      else disabled.set(prefix, connection);
    }),
  );
  // Stable order (the store's), whatever order the providers loaded in.
  const order = new Map(connections.map((c, i) => [c.id, i]));
  targets.sort((a, b) => order.get(a.connection.id)! - order.get(b.connection.id)!);
  return { targets, disabled };
}

/** "Acts on <service> account '<label>' (<principal>)", plus what the connection's policies change, for descriptions. */
export function accountNote(target: SurfaceTarget): string {
  const { connection, provider } = target;
  const who =
    typeof connection.metadata.principalName === 'string' && connection.metadata.principalName
      ? ` (${connection.metadata.principalName})`
      : '';
  const masked = connection.policies.redactPii ? '; emails and phone numbers in its contents are masked' : '';
  return `Acts on ${provider.displayName} account '${connection.label}'${who}${masked}.`;
}

/** `<title or name> — <label>`: the display title of an upstream item, naming the account. */
export function labelledTitle(item: { name: string; title?: string | undefined }, target: SurfaceTarget): string {
  return `${item.title ?? item.name} — ${target.connection.label}`;
}

/** The description of an upstream item, starting with which account it acts on. */
export function labelledDescription(description: string | undefined, target: SurfaceTarget): string {
  return `${accountNote(target)} ${description ?? ''}`.trim();
}
