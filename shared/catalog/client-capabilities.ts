import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';

/**
 * The capabilities an upstream session advertises: exactly the server-facing ones the assistant's client advertised
 * to the gateway (roots, sampling, elicitation with its form/url modes), since the gateway relays those requests to
 * it. Tasks and experimental capabilities are not mirrored: the gateway does not relay client-side tasks.
 */
export function upstreamCapabilities(client: ClientCapabilities): ClientCapabilities {
  const capabilities: ClientCapabilities = {};
  if (client.roots) capabilities.roots = { ...(client.roots.listChanged ? { listChanged: true } : {}) };
  if (client.sampling) capabilities.sampling = structuredClone(client.sampling);
  if (client.elicitation) capabilities.elicitation = structuredClone(client.elicitation);
  return capabilities;
}
