/**
 * Resource URIs of upstream MCP servers, namespaced per connection.
 *
 * `bridgekeeper://<connection-prefix>/<original URI, verbatim>`, e.g. `demo://resource/text/1` of the connection
 * `mcp_everything` becomes `bridgekeeper://mcp_everything/demo://resource/text/1`.
 *
 * Why this form:
 * - it is a valid URI whatever the original is (the original's characters are already URI characters, and `:` and
 *   empty segments are allowed in a path), so clients that parse URIs keep working;
 * - it never collides: the connection prefix (the one tool names use, unique per connection and free of `/`) is the
 *   authority; two accounts of one service serve the same original URIs, so keeping them unprefixed would collide;
 * - it reverses by cutting a literal prefix, without decoding, so a resource *template* namespaced the same way expands
 *   to exactly `bridgekeeper://<prefix>/` + the expansion of the original template (percent-encoding the original
 *   instead would break templates and make expansions ambiguous to decode);
 * - it is stateless: a URI the assistant kept from an earlier gateway process still routes, as long as the
 *   connection's label (and so its prefix) is unchanged.
 */
export const GATEWAY_URI_SCHEME = 'bridgekeeper';
const PREFIX = `${GATEWAY_URI_SCHEME}://`;

/** The gateway URI (or URI template) of `uri` served by the connection with `prefix`. */
export function namespacedResourceUri(prefix: string, uri: string): string {
  return `${PREFIX}${prefix}/${uri}`;
}

/** The connection prefix and the upstream's own URI of a gateway resource URI, or undefined if it is not one. */
export function parseNamespacedResourceUri(uri: string): { prefix: string; uri: string } | undefined {
  if (uri.slice(0, PREFIX.length).toLowerCase() !== PREFIX) return undefined;
  const rest = uri.slice(PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  // Hosts are case-insensitive: a client may have lowered it (our prefixes are lower-case anyway).
  return { prefix: rest.slice(0, slash).toLowerCase(), uri: rest.slice(slash + 1) };
}
