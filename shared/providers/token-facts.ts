import { IMBOARD_TOKEN_FAMILY, IMBOARD_TOKEN_PREFIXES } from './imboard/token-facts.js';
import { SESSION_SERVICES_TOKEN_PREFIXES } from './session-services/token-facts.js';
import { SESSIONS_WEBSITE_TOKEN_PREFIXES } from './sessions-website/token-facts.js';

/**
 * The token prefixes every provider declares in its own `token-facts.ts` (Sessionboard has none: its tokens are
 * opaque), gathered for the code that must know all of them: masking, redaction, offline introspection and the
 * "this looks like another service's token" warnings. This file and the `token-facts.ts` files it gathers are in
 * the leaf layer (.dependency-cruiser.cjs): they import nothing else, so `shared/secrets/` may use them.
 */
export interface TokenPrefixFact {
  /** The provider id. */
  readonly service: string;
  readonly prefix: string;
  /** `a` or `an`, for "This looks like an I'mBoard personal access token". */
  readonly article: 'a' | 'an';
  /** What a person calls it. */
  readonly label: string;
  /** A credential (masked and redacted wherever it appears), or an identifier (a tenant id). */
  readonly secret: boolean;
  /** What `bridgekeeper inspect` says of a token with this prefix (absent: it is not told apart). */
  readonly introspection?: { readonly kind: string; readonly notes: readonly string[] };
}

/** Every declared token prefix. */
export const TOKEN_PREFIXES: readonly TokenPrefixFact[] = [
  ...IMBOARD_TOKEN_PREFIXES,
  ...SESSIONS_WEBSITE_TOKEN_PREFIXES,
  ...SESSION_SERVICES_TOKEN_PREFIXES,
];

/** Prefixes shared by every token of a service (I'mBoard's), checked after the exact ones. */
export const TOKEN_FAMILIES: readonly TokenPrefixFact[] = [IMBOARD_TOKEN_FAMILY];

/** The declared prefix `token` starts with, if any. */
export function tokenPrefixOf(token: string): TokenPrefixFact | undefined {
  return TOKEN_PREFIXES.find((fact) => token.startsWith(fact.prefix));
}

/** The prefix of another provider than `service` that `token` starts with: it is that service's credential. */
export function foreignTokenPrefix(token: string, service: string): TokenPrefixFact | undefined {
  return TOKEN_PREFIXES.find((fact) => fact.service !== service && token.startsWith(fact.prefix));
}

/** The service family of another provider than `service` that `token` belongs to ("an I'mBoard token"), if any. */
export function foreignTokenFamily(token: string, service: string): TokenPrefixFact | undefined {
  return TOKEN_FAMILIES.find((fact) => fact.service !== service && token.startsWith(fact.prefix));
}

/** "an I'mBoard personal access token (<its prefix>…)". */
export function describeTokenPrefix(fact: TokenPrefixFact): string {
  return `${fact.article} ${fact.label} (${fact.prefix}…)`;
}
