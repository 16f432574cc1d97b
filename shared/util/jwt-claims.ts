import { z } from 'zod';

/**
 * The JWT claims Bridgekeeper reads. They are decoded WITHOUT verifying the signature: good enough to tell a
 * person what a token says about itself (expiry, scopes, subject), never good enough to trust.
 */
export const JwtClaimsSchema = z
  .object({
    sub: z.string().optional(),
    iss: z.string().optional(),
    aud: z.union([z.string(), z.array(z.string())]).optional(),
    exp: z.number().optional(),
    iat: z.number().optional(),
    nbf: z.number().optional(),
    scope: z.union([z.string(), z.array(z.string())]).optional(),
    scp: z.union([z.string(), z.array(z.string())]).optional(),
    email: z.string().optional(),
    name: z.string().optional(),
  })
  .passthrough();
export type JwtClaims = z.infer<typeof JwtClaimsSchema>;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** True when the token has the shape of a JWT: three base64url parts, the first decoding to a JSON header. */
export function looksLikeJwt(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[0] || !parts[1] || !BASE64URL.test(parts[0]) || !BASE64URL.test(parts[1]))
    return false;
  if (parts[2] && !BASE64URL.test(parts[2])) return false;
  return decodePart(parts[0]) !== undefined;
}

/** Decodes the payload of a JWT without verifying it. `undefined` when it is not a decodable JWT. */
export function decodeJwtClaimsUnverified(token: string): JwtClaims | undefined {
  if (!looksLikeJwt(token)) return undefined;
  const payload = decodePart(token.split('.')[1]!);
  const parsed = JwtClaimsSchema.safeParse(payload);
  return parsed.success ? parsed.data : undefined;
}

/** The header of a JWT (its `alg`), decoded without verifying it. `undefined` when it is not a decodable JWT. */
export function decodeJwtHeaderUnverified(token: string): { alg?: string } | undefined {
  if (!looksLikeJwt(token)) return undefined;
  const header = decodePart(token.split('.')[0]!) as { alg?: unknown } | undefined;
  if (!header) return undefined;
  return typeof header.alg === 'string' ? { alg: header.alg } : {};
}

/** The scopes a JWT claims, from `scope` (space-separated or array) and `scp` (string or array). */
export function jwtScopes(claims: JwtClaims): string[] {
  const out = new Set<string>();
  for (const value of [claims.scope, claims.scp]) {
    if (value === undefined) continue;
    const list = Array.isArray(value) ? value : value.split(/[\s,]+/);
    for (const s of list) if (s.trim()) out.add(s.trim());
  }
  return [...out];
}

/** The `exp` claim as an ISO time, or undefined when absent. */
export function jwtExpiry(claims: JwtClaims): string | undefined {
  return typeof claims.exp === 'number' && Number.isFinite(claims.exp)
    ? new Date(claims.exp * 1000).toISOString()
    : undefined;
}

/** The audience claim as a list. */
export function jwtAudience(claims: JwtClaims): string[] {
  if (claims.aud === undefined) return [];
  return Array.isArray(claims.aud) ? claims.aud : [claims.aud];
}

function decodePart(part: string): unknown {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
