import type { Connection } from '../../connections/model.js';

/**
 * Scopes an I'mBoard connection holds: what whoami reported, else what the user declared; undefined when nobody
 * knows (a browser JWT). No implications: read and write are independent (boards:write does not imply boards:read).
 */
export function imboardEffectiveScopes(connection: Connection): Set<string> | undefined {
  const granted =
    connection.serverScopes ?? (connection.declaredScopes.length > 0 ? connection.declaredScopes : undefined);
  return granted ? new Set(granted) : undefined;
}
