/**
 * I'mBoard's token prefixes (seed: Account > API Access, Board settings → Access tokens): the one home of these facts.
 * Imports nothing, so leaf code (masking, redaction) can use it through `shared/providers/token-facts.ts`.
 */

/** Every I'mBoard token starts with this. */
export const IMBOARD_PREFIX_FAMILY = 'imb_';
/** A personal access token: acts as its user. */
export const IMBOARD_PAT_PREFIX = 'imb_pat_';
/** A board access token: pinned to one board. */
export const IMBOARD_BAT_PREFIX = 'imb_bat_';
/** DOCUMENTED prefixes; ASSUMED: followed by 8 or more letters, digits, `_` or `-`. */
export const PAT_PATTERN = new RegExp(`^${IMBOARD_PAT_PREFIX}[A-Za-z0-9_-]{8,}$`);
export const BAT_PATTERN = new RegExp(`^${IMBOARD_BAT_PREFIX}[A-Za-z0-9_-]{8,}$`);

/** Any I'mBoard token, whatever its kind (for other services' "this looks like" warnings). */
export const IMBOARD_TOKEN_FAMILY = {
  service: 'imboard',
  prefix: IMBOARD_PREFIX_FAMILY,
  article: 'an',
  label: "I'mBoard token",
  secret: true,
} as const;

export const IMBOARD_TOKEN_PREFIXES = [
  {
    service: 'imboard',
    prefix: IMBOARD_PAT_PREFIX,
    article: 'an',
    label: "I'mBoard personal access token",
    secret: true,
    introspection: {
      kind: 'imboard_pat',
      notes: [
        'Acts as the user who created it, on every board that user can reach, limited to the scopes chosen (Read only or Full access).',
        "Its expiry is not visible in the token: connect it (or run `bridgekeeper whoami`) to ask I'mBoard. Manage it in Account > API Access.",
      ],
    },
  },
  {
    service: 'imboard',
    prefix: IMBOARD_BAT_PREFIX,
    article: 'an',
    label: "I'mBoard board access token",
    secret: true,
    introspection: {
      kind: 'imboard_bat',
      notes: [
        'Pinned to the one board it was minted on; other boards answer 404 and account-level routes 403. Read-only unless an admin chose Read & write.',
        "Which board it is pinned to is not visible in the token: connect it (or run `bridgekeeper whoami`) to ask I'mBoard. Manage it in Board settings → Access tokens.",
      ],
    },
  },
] as const;
