import { z } from 'zod';
import { getProvider } from '../providers/registry.js';
import { TOKEN_PREFIXES } from '../providers/token-facts.js';

/** Kinds of token `introspectToken` can tell apart. */
export const TOKEN_KIND_IDS = [
  'imboard_pat',
  'imboard_bat',
  'sessions_website_key',
  'session_services_tenant',
  'jwt',
  'unknown',
] as const;
export type TokenKindId = (typeof TOKEN_KIND_IDS)[number];

/** What a known prefix alone says about a token. */
export interface PrefixRecognition {
  kind: TokenKindId;
  kindLabel: string;
  guessedService: string;
  guessedServiceName: string;
  isSecret: boolean;
  notes: string[];
}

/**
 * The prefixes introspection tells apart, derived from what each provider declares in its `token-facts.ts`
 * (kind, label, whether it is a secret, notes); the service's name comes from the provider itself.
 */
function prefixes(): Array<{ prefix: string } & PrefixRecognition> {
  return TOKEN_PREFIXES.flatMap((fact) =>
    fact.introspection
      ? [
          {
            prefix: fact.prefix,
            kind: z.enum(TOKEN_KIND_IDS).parse(fact.introspection.kind),
            kindLabel: fact.label,
            guessedService: fact.service,
            guessedServiceName: getProvider(fact.service).displayName,
            isSecret: fact.secret,
            notes: [...fact.introspection.notes],
          },
        ]
      : [],
  );
}

/** Recognizes a token by its documented prefix, or returns undefined. */
export function recognizePrefix(token: string): PrefixRecognition | undefined {
  const found = prefixes().find((p) => token.startsWith(p.prefix));
  if (!found) return undefined;
  const { prefix, ...rest } = found;
  const notes = [...rest.notes];
  if (token.length <= prefix.length + 4)
    notes.unshift('It is only a prefix with almost nothing after it: it was probably copied incompletely.');
  return { ...rest, notes };
}
