import type { Validator } from './add-connection.js';
import type { Core } from '../connections/core.js';
import { getProvider } from '../providers/registry.js';

/** Validates a connection before saving by asking the service who the token is (whoami). */
export function liveValidator(core: Core): Validator {
  return (connection, secret) => getProvider(connection.provider).whoami({ connection, secret, http: core.http });
}
