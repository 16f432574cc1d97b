import { PROVIDER_IDS, type ProviderId } from '../connections/model.js';
import { InputError } from '../errors.js';
import type { Provider } from './types.js';

/**
 * Each provider's code, imported on first use. The gateway runs all day: it loads only the providers its
 * connections use (a setup with one Sessionboard token never loads the other four). The CLI and the app use
 * `registry.ts`, which has them all at hand; both hand out the same provider objects.
 */
const MODULES: Record<ProviderId, () => Promise<{ provider: Provider }>> = {
  sessionboard: () => import('./sessionboard/index.js'),
  'sessions-website': () => import('./sessions-website/index.js'),
  'session-services': () => import('./session-services/index.js'),
  imboard: () => import('./imboard/index.js'),
  'remote-mcp': () => import('./remote-mcp/index.js'),
};

const loaded = new Map<string, Provider>();

/** The provider for an id, loading its code on first use; an `InputError` listing valid ids for anything else. */
export async function loadProvider(id: string): Promise<Provider> {
  const load = (MODULES as Record<string, (() => Promise<{ provider: Provider }>) | undefined>)[id];
  if (!load) throw new InputError(`Unknown service '${id}'.`, `Use one of: ${PROVIDER_IDS.join(', ')}.`);
  const { provider } = await load();
  loaded.set(id, provider);
  return provider;
}

/** The provider for an id if `loadProvider` already loaded it (synchronous code paths), else undefined. */
export function loadedProvider(id: string): Provider | undefined {
  return loaded.get(id);
}
