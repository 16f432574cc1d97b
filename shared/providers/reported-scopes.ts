import type { Whoami } from './types.js';

/**
 * The scope list the service itself reported for a token, or undefined when it reported none (so the scope
 * checks say "unknown" rather than "missing"). An empty list is returned only when the service positively
 * reported it (`scopesReported`), or when the provider flags a token whose scopes are implied (legacy token,
 * tenant-only connection).
 */
export function reportedServerScopes(whoami: Whoami): string[] | undefined {
  const serverScopes = whoami.scopes.filter((s) => s.provenance === 'server').map((s) => s.scope);
  const reported = whoami.scopesReported ?? (serverScopes.length > 0 || whoami.flags.legacyToken === true || whoami.flags.tenantOnly === true);
  return reported ? serverScopes : undefined;
}
