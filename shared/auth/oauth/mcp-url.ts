import type { Connection } from '../../connections/model.js';
import { InputError } from '../../errors.js';
import { assertSafeUrl } from '../../net/url-safety.js';

/**
 * The MCP endpoint an OAuth connection signs in to: `providerEndpoint`, the one its provider declares (sessions.website
 * `/@<handle>/api/mcp`, Sessionboard, I'mBoard), handed in by the caller (OAuth does not look providers up), or, for
 * a generic remote MCP server, `metadata.url`. Refuses plain HTTP to anything but this computer.
 */
export function mcpUrlFor(connection: Connection, providerEndpoint?: string): string {
  const fromProvider = providerEndpoint;
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
