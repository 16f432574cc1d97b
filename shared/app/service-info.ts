import { type ConnectionField, ConnectionFieldSchema, type ServiceInfo } from '../contract.js';
import { allProviders } from '../providers/registry.js';
import type { Provider } from '../providers/types.js';

/** The wizard's view of one provider; help texts are the provider's own `credentialHelp` (from the seed docs). */
export function serviceInfo(provider: Provider): ServiceInfo {
  return {
    id: provider.id,
    displayName: provider.displayName,
    authKinds: provider.authKinds,
    regions: provider.regions ?? [],
    // The wizard's own fields; a remote MCP server's header name has its own field beside the token.
    fields: provider.connectionFields.filter((f): f is ConnectionField => ConnectionFieldSchema.safeParse(f).success),
    tokenOptional: provider.id === 'session-services',
    credentialHelp: provider.credentialHelp,
    scopes: provider.scopes.map((s) => ({ id: s.id, description: s.description, access: s.access })),
  };
}

/** Every service, in display order. */
export function listServices(): ServiceInfo[] {
  return allProviders().map(serviceInfo);
}
