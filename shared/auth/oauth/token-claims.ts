import { z } from 'zod';

const ClaimsSchema = z.object({ sub: z.string().optional(), aud: z.union([z.string(), z.array(z.string())]).optional() }).passthrough();
export type TokenClaims = z.infer<typeof ClaimsSchema>;

/**
 * The claims of a JWT access token, decoded WITHOUT verifying it: used only to compare the account a person
 * signed in as with the one the connection expects, never to grant anything. Opaque tokens give `undefined`.
 */
export function unverifiedClaims(token: string): TokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const parsed = ClaimsSchema.safeParse(JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The business/handle a token says it is bound to, under the claim names services use. */
export function businessClaim(claims: TokenClaims | undefined): string | undefined {
  for (const key of ['business', 'business_handle', 'handle']) {
    const value = claims?.[key];
    if (typeof value === 'string' && value) return value;
  }
  return undefined;
}
