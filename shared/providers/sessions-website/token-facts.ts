/**
 * sessions.website's key prefixes (seed: partner API keys): the one home of these facts. Imports nothing, so leaf
 * code (masking, redaction) can use it through `shared/providers/token-facts.ts`.
 */

/** DOCUMENTED: prefix of live API keys (the partner API accepts only these). */
export const LIVE_KEY_PREFIX = 'sk_live_';
/** Prefix of test keys: a credential (masked, redacted), refused by the partner API. */
export const TEST_KEY_PREFIX = 'sk_test_';

export const SESSIONS_WEBSITE_TOKEN_PREFIXES = [
  {
    service: 'sessions-website',
    prefix: LIVE_KEY_PREFIX,
    article: 'a',
    label: 'sessions.website API key',
    secret: true,
    introspection: {
      kind: 'sessions_website_key',
      notes: [
        "Bound to one business: it only works on that business's /@<handle>/ endpoint, so you also need the handle to connect it.",
        "Its scopes are not visible in the token; effective access is the key's scopes intersected with the business's own grants.",
      ],
    },
  },
  {
    service: 'sessions-website',
    prefix: TEST_KEY_PREFIX,
    article: 'a',
    label: 'sessions.website test key',
    secret: true,
  },
] as const;
