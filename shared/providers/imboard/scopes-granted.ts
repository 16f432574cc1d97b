import type { Connection } from '../../connections/model.js';

/**
 * Scopes an I'mBoard connection holds: what whoami reported; undefined when nobody knows (a browser JWT). Declared
 * scopes only predict (the default `expectedScopes`), never refuse. No implications: read and write are independent
 * (boards:write does not imply boards:read).
 */
export function imboardEffectiveScopes(connection: Connection): Set<string> | undefined {
  return connection.serverScopes ? new Set(connection.serverScopes) : undefined;
}
