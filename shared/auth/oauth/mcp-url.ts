import type { Connection } from '../../connections/model.js';
import { InputError } from '../../errors.js';
import { assertSafeUrl } from '../../net/url-safety.js';
import { getProvider } from '../../providers/registry.js';

/**
 * The MCP endpoint an OAuth connection signs in to: the provider's own MCP endpoint (sessions.website
 * `/@<handle>/api/mcp`, Sessionboard, I'mBoard) or, for a generic remote MCP server, `metadata.url`.
 * Refuses plain HTTP to anything but this computer.
 */
export function mcpUrlFor(connection: Connection): string {
  const fromProvider = getProvider(connection.provider).mcpEndpoint?.(connection);
  const fromMetadata = typeof connection.metadata.url === 'string' ? connection.metadata.url : undefined;
  const url = fromProvider ?? fromMetadata;
  if (!url) {
    throw new InputError(
      `The connection '${connection.label}' has no MCP server address to sign in to.`,
      'Add it with `bridgekeeper connections add remote-mcp --url https://…/mcp --no-token --offline`, or give the business --handle for sessions.website.',
    );
  }
  return assertSafeUrl(url).href;
}
