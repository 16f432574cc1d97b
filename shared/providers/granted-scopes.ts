import type { Connection } from '../connections/model.js';
import type { GrantedScopes } from './scope-check.js';
import type { Provider } from './types.js';

/**
 * Everything the scope check may use for `connection`: the scopes its service vouches for (`effective`), the scopes
 * it refused before (`learnedMissing`) and, only when the service said nothing, the scopes the person declared or an
 * unverified token claims (`expected`, for predictions; never for refusals). A provider whose scope rules throw on a
 * malformed connection counts as "unknown".
 */
export function grantedScopesOf(
  provider: Pick<Provider, 'effectiveScopes' | 'expectedScopes'> | undefined,
  connection: Connection,
): GrantedScopes {
  const learnedMissing = connection.learnedGaps.map((g) => g.scope);
  const effective = attempt(() => provider?.effectiveScopes(connection));
  if (effective) return { effective, learnedMissing };
  const expectedFrom =
    connection.declaredScopes.length > 0 ? 'declared' : connection.expectedScopes?.length ? 'expected' : undefined;
  if (!expectedFrom) return { effective, learnedMissing };
  const expected = attempt(() =>
    provider?.expectedScopes ? provider.expectedScopes(connection) : new Set(listedExpectedScopes(connection)),
  );
  return expected ? { effective, learnedMissing, expected, expectedFrom } : { effective, learnedMissing };
}

/**
 * Scopes claimed for a connection by someone other than its service: those the person declared plus those read
 * from unverified token claims (deduplicated, declared first). Providers expand them with their own implications.
 */
export function listedExpectedScopes(connection: Connection): string[] {
  return [...new Set([...connection.declaredScopes, ...(connection.expectedScopes ?? [])])];
}

function attempt(scopes: () => Set<string> | undefined): Set<string> | undefined {
  try {
    return scopes();
  } catch {
    return undefined;
  }
}
