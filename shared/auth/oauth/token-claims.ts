import { decodeJwtClaimsUnverified, type JwtClaims } from '../../util/jwt-claims.js';

export type TokenClaims = JwtClaims;

/**
 * The claims of a JWT access token, decoded WITHOUT verifying it (the one decoder, `util/jwt-claims.ts`): used only
 * to compare the account a person signed in as with the one the connection expects, never to grant anything.
 * Opaque tokens give `undefined`.
 */
export function unverifiedClaims(token: string): TokenClaims | undefined {
  return decodeJwtClaimsUnverified(token);
}

/** The business/handle a token says it is bound to, under the claim names services use. */
export function businessClaim(claims: TokenClaims | undefined): string | undefined {
  for (const key of ['business', 'business_handle', 'handle']) {
    const value = claims?.[key];
    if (typeof value === 'string' && value) return value;
  }
  return undefined;
}
