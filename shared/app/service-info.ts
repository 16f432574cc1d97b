import type { ConnectionField, ServiceId, ServiceInfo } from '../contract.js';
import { allProviders } from '../providers/registry.js';
import type { Provider } from '../providers/types.js';

/** Extra facts each service needs besides the credential (region, business handle, tenant id, server URL). */
const FIELDS: Record<ServiceId, ConnectionField[]> = {
  sessionboard: ['region'],
  'sessions-website': ['handle'],
  'session-services': ['tenantId'],
  imboard: [],
  'remote-mcp': ['url'],
};

/** The wizard's view of one provider; help texts are the provider's own `credentialHelp` (from the seed docs). */
export function serviceInfo(provider: Provider): ServiceInfo {
  return {
    id: provider.id,
    displayName: provider.displayName,
    authKinds: provider.authKinds,
    regions: provider.regions ?? [],
    fields: FIELDS[provider.id],
    tokenOptional: provider.id === 'session-services',
    credentialHelp: provider.credentialHelp,
    scopes: provider.scopes.map((s) => ({ id: s.id, description: s.description, access: s.access })),
  };
}

/** Every service, in display order. */
export function listServices(): ServiceInfo[] {
  return allProviders().map(serviceInfo);
}

/** Fields the wizard requires for a service. */
export function fieldsFor(service: ServiceId): ConnectionField[] {
  return FIELDS[service];
}
