import { PROVIDER_IDS, type ProviderId } from '../connections/model.js';
import { InputError } from '../errors.js';
import { provider as imboard } from './imboard/index.js';
import { provider as remoteMcp } from './remote-mcp/index.js';
import { provider as sessionServices } from './session-services/index.js';
import { provider as sessionboard } from './sessionboard/index.js';
import { provider as sessionsWebsite } from './sessions-website/index.js';
import type { Provider } from './types.js';

const PROVIDERS: Record<ProviderId, Provider> = {
  sessionboard,
  'sessions-website': sessionsWebsite,
  'session-services': sessionServices,
  imboard,
  'remote-mcp': remoteMcp,
};

/** Every provider, in display order. */
export function allProviders(): Provider[] {
  return PROVIDER_IDS.map((id) => PROVIDERS[id]);
}

/** The provider for an id; throws an `InputError` listing valid ids for anything else. */
export function getProvider(id: string): Provider {
  const provider = (PROVIDERS as Record<string, Provider | undefined>)[id];
  if (!provider) {
    throw new InputError(`Unknown service '${id}'.`, `Use one of: ${PROVIDER_IDS.join(', ')}.`);
  }
  return provider;
}
