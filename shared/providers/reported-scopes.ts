import type { Whoami } from './types.js';

/**
 * The scope list the service itself reported for a token, or undefined when it reported none (so the scope
 * checks say "unknown" rather than "missing"). An empty list is returned only when the service positively
 * reported it (`scopesReported`), or when the provider flags a token whose scopes are implied (legacy token,
 * tenant-only connection).
 */
export function reportedServerScopes(whoami: Whoami): string[] | undefined {
  const serverScopes = whoami.scopes.filter((s) => s.provenance === 'server').map((s) => s.scope);
  const reported =
    whoami.scopesReported ??
    (serverScopes.length > 0 || whoami.flags.legacyToken === true || whoami.flags.tenantOnly === true);
  return reported ? serverScopes : undefined;
}

/**
 * Scopes the whoami expects but the service did not itself report (provenance `expected`: unverified JWT claims,
 * documented defaults never confirmed), or undefined when there are none. Stored for display; never used to refuse.
 */
export function reportedExpectedScopes(whoami: Whoami): string[] | undefined {
  const expected = whoami.scopes.filter((s) => s.provenance === 'expected').map((s) => s.scope);
  return expected.length > 0 ? expected : undefined;
}
