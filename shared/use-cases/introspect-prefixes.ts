/** Kinds of token `introspectToken` can tell apart. */
export const TOKEN_KIND_IDS = ['imboard_pat', 'imboard_bat', 'sessions_website_key', 'session_services_tenant', 'jwt', 'unknown'] as const;
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

const PREFIXES: Array<{ prefix: string } & PrefixRecognition> = [
  {
    prefix: 'imb_pat_',
    kind: 'imboard_pat',
    kindLabel: "I'mBoard personal access token",
    guessedService: 'imboard',
    guessedServiceName: "I'mBoard",
    isSecret: true,
    notes: [
      'Acts as the user who created it, on every board that user can reach, limited to the scopes chosen (Read only or Full access).',
      "Its expiry is not visible in the token: connect it (or run `bridgekeeper whoami`) to ask I'mBoard. Manage it in Account > API Access.",
    ],
  },
  {
    prefix: 'imb_bat_',
    kind: 'imboard_bat',
    kindLabel: "I'mBoard board access token",
    guessedService: 'imboard',
    guessedServiceName: "I'mBoard",
    isSecret: true,
    notes: [
      'Pinned to the one board it was minted on; other boards answer 404 and account-level routes 403. Read-only unless an admin chose Read & write.',
      "Which board it is pinned to is not visible in the token: connect it (or run `bridgekeeper whoami`) to ask I'mBoard. Manage it in Board settings → Access tokens.",
    ],
  },
  {
    prefix: 'sk_live_',
    kind: 'sessions_website_key',
    kindLabel: 'sessions.website API key',
    guessedService: 'sessions-website',
    guessedServiceName: 'sessions.website',
    isSecret: true,
    notes: [
      "Bound to one business: it only works on that business's /@<handle>/ endpoint, so you also need the handle to connect it.",
      'Its scopes are not visible in the token; effective access is the key\'s scopes intersected with the business\'s own grants.',
    ],
  },
  {
    prefix: 'tnt_',
    kind: 'session_services_tenant',
    kindLabel: 'Session Services tenant id',
    guessedService: 'session-services',
    guessedServiceName: 'Session Services',
    isSecret: false,
    notes: [
      'This is a tenant id, not a secret: it identifies your Session Services account and is sent as x-tenant-id on every call.',
      'On its own it reaches only public endpoints (events, admissions, venues, quotes). Managing events or orders also needs a Bearer token from Session Services OpenAuth.',
    ],
  },
];

/** Recognises a token by its documented prefix, or returns undefined. */
export function recognisePrefix(token: string): PrefixRecognition | undefined {
  const found = PREFIXES.find((p) => token.startsWith(p.prefix));
  if (!found) return undefined;
  const { prefix, ...rest } = found;
  const notes = [...rest.notes];
  if (token.length <= prefix.length + 4) notes.unshift('It is only a prefix with almost nothing after it: it was probably copied incompletely.');
  return { ...rest, notes };
}
