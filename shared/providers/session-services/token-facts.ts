/**
 * Session Services' tenant id (seed 003: `x-tenant-id: tnt_…` on every call): the one home of its prefix and
 * pattern. Imports nothing, so leaf code (masking) can use it through `shared/providers/token-facts.ts`.
 */

/** DOCUMENTED: tenant ids start with this. */
export const TENANT_ID_PREFIX = 'tnt_';
/** DOCUMENTED example: tnt_ + lowercase ULID. ASSUMED: any tnt_ + 6 or more letters/digits is well-formed. */
export const TENANT_ID_PATTERN = new RegExp(`^${TENANT_ID_PREFIX}[a-z0-9]{6,}$`, 'i');
/** DOCUMENTED: the example tenant id of the docs, shown in hints. */
export const TENANT_ID_EXAMPLE = `${TENANT_ID_PREFIX}01jqpj2t2kfvmstt6f6tzkbaf2`;

export const SESSION_SERVICES_TOKEN_PREFIXES = [
  {
    service: 'session-services',
    prefix: TENANT_ID_PREFIX,
    article: 'a',
    label: 'Session Services tenant id',
    secret: false,
    introspection: {
      kind: 'session_services_tenant',
      notes: [
        'This is a tenant id, not a secret: it identifies your Session Services account and is sent as x-tenant-id on every call.',
        'On its own it reaches only public endpoints (events, admissions, venues, quotes). Managing events or orders also needs a Bearer token from Session Services OpenAuth.',
      ],
    },
  },
] as const;
