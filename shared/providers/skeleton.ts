import { UpstreamError } from '../errors.js';
import type { ProviderId } from '../connections/model.js';
import type { Provider } from './types.js';

/** Temporary minimal provider used only while a provider folder is being written. */
export function skeletonProvider(id: ProviderId, displayName: string): Provider {
  const unavailable = () => {
    throw new UpstreamError('bad_request', `${displayName} is not supported yet.`, 'Update Bridgekeeper.');
  };
  return {
    id,
    displayName,
    authKinds: ['token'],
    credentialHelp: { whereToGet: '', tips: [], placeholder: '' },
    scopes: [],
    grantHint: () => '',
    recognizeToken: () => ({ matches: true }),
    effectiveScopes: () => undefined,
    apiBaseUrl: () => 'https://invalid.example',
    authHeaders: () => ({}),
    whoami: async () => unavailable(),
    tools: () => [],
    callTool: async () => unavailable(),
  };
}
