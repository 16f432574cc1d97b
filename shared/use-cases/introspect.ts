import { z } from 'zod';
import { TokenInspectionSchema } from '../contract/views.js';
import { maskSecret } from '../secrets/mask.js';
import { SESSION_SERVICES_SCOPE_IDS } from '../providers/session-services/scopes.js';
import {
  decodeJwtClaimsUnverified,
  decodeJwtHeaderUnverified,
  jwtAudience,
  jwtExpiry,
  jwtScopes,
  type JwtClaims,
} from '../util/jwt-claims.js';
import { recognizePrefix, TOKEN_KIND_IDS } from './introspect-prefixes.js';
import { IMBOARD_PAT_PREFIX } from '../providers/imboard/token-facts.js';

/** What the "Inspect a token" screen and `bridgekeeper inspect` show: the contract's view, with `kind` narrowed. Never holds the raw token. */
export const TokenIntrospectionSchema = TokenInspectionSchema.extend({ kind: z.enum(TOKEN_KIND_IDS) });
export type TokenIntrospection = z.infer<typeof TokenIntrospectionSchema>;

/**
 * Tells what a token is from the token alone, offline: the prefixes providers declare (`providers/token-facts.ts`),
 * JWT claims (decoded WITHOUT verification and labelled so), expiry, a guessed service and notes.
 * The result carries only a masked form of the token.
 */
export function introspectToken(raw: string, now: Date = new Date()): TokenIntrospection {
  const notes: string[] = [];
  let token = raw.trim();
  if (/^bearer\s+/i.test(token)) {
    token = token.replace(/^bearer\s+/i, '');
    notes.push('The "Bearer " prefix was removed: paste only the token itself when adding a connection.');
  }
  if (/\s/.test(token)) notes.push('The token contains spaces or line breaks, so it was probably copied incompletely.');
  const base = { maskedToken: maskSecret(token), length: token.length };
  const prefixed = recognizePrefix(token);
  if (prefixed) return TokenIntrospectionSchema.parse({ ...base, ...prefixed, notes: [...notes, ...prefixed.notes] });

  const claims = decodeJwtClaimsUnverified(token);
  if (claims) return TokenIntrospectionSchema.parse({ ...base, ...describeJwt(token, claims, now, notes) });

  if (token.split('.').length === 3)
    notes.push('It has three dot-separated parts like a JWT, but they do not decode: it may be truncated.');
  notes.push(
    'No known prefix and not a JWT, so Bridgekeeper cannot tell which service issued it. Sessionboard API tokens have no documented format.',
  );
  return TokenIntrospectionSchema.parse({
    ...base,
    kind: 'unknown',
    kindLabel: 'Unrecognised token',
    isSecret: true,
    notes,
  });
}

function describeJwt(
  token: string,
  claims: JwtClaims,
  now: Date,
  notes: string[],
): Omit<TokenIntrospection, 'maskedToken' | 'length'> {
  const scopes = jwtScopes(claims);
  const audience = jwtAudience(claims);
  const expiresAt = jwtExpiry(claims);
  const expired = expiresAt ? Date.parse(expiresAt) <= now.getTime() : undefined;
  const header = decodeJwtHeaderUnverified(token);
  const guess = guessJwtService(claims, scopes, audience);
  notes.push(
    'These JWT claims are UNVERIFIED: they were decoded without checking the signature, so they show what the token says about itself, not what the service will accept.',
  );
  if (expired) notes.push('The token has expired: sign in again or ask for a new token.');
  if (!expiresAt) notes.push('The token has no exp claim, so its expiry is unknown.');
  if (guess?.service === 'imboard')
    notes.push(
      `I'mBoard browser session JWTs expire with the session; prefer a personal access token (${IMBOARD_PAT_PREFIX}) for assistants.`,
    );
  if (guess?.service === 'session-services')
    notes.push('Session Services tokens are sent with your tenant id (x-tenant-id), which you also need to connect.');
  return {
    kind: 'jwt',
    kindLabel: 'JSON Web Token (JWT)',
    ...(guess ? { guessedService: guess.service, guessedServiceName: guess.name } : {}),
    isSecret: true,
    jwt: {
      verified: false,
      ...(header?.alg ? { algorithm: header.alg } : {}),
      ...(claims.sub ? { subject: claims.sub } : {}),
      ...(claims.iss ? { issuer: claims.iss } : {}),
      audience,
      scopes,
      ...(claims.iat !== undefined ? { issuedAt: new Date(claims.iat * 1000).toISOString() } : {}),
      ...(claims.nbf !== undefined ? { notBefore: new Date(claims.nbf * 1000).toISOString() } : {}),
      ...(claims.email ? { email: claims.email } : {}),
    },
    ...(expiresAt ? { expiresAt, expired } : {}),
    notes,
  };
}

function guessJwtService(
  claims: JwtClaims,
  scopes: string[],
  audience: string[],
): { service: string; name: string } | undefined {
  const text = [claims.iss ?? '', ...audience].join(' ').toLowerCase();
  if (/session\.services|openauth/.test(text)) return { service: 'session-services', name: 'Session Services' };
  if (/imboard/.test(text)) return { service: 'imboard', name: "I'mBoard" };
  if (/sessions\.website/.test(text)) return { service: 'sessions-website', name: 'sessions.website' };
  if (/sessionboard/.test(text)) return { service: 'sessionboard', name: 'Sessionboard' };
  const known = new Set<string>(SESSION_SERVICES_SCOPE_IDS);
  if (scopes.length > 0 && scopes.every((s) => known.has(s)))
    return { service: 'session-services', name: 'Session Services' };
  return undefined;
}
