/**
 * sessions.website partner API surface — every fact Bridgekeeper relies on, each marked DOCUMENTED (seed 002,
 * `shared/seeds/002_*.txt`) or ASSUMED (the seed is silent; a plausible guess used only where a wrong guess cannot
 * block a flow). `docs/WHOAMI-AND-PROVIDERS.md` lists what happens when each assumption is wrong.
 *
 * DOCUMENTED:
 * - `Authorization: Bearer <live key>` (prefix in token-facts.ts); `POST https://business.sessions.website/@<handle>/api/graphql` with a JSON
 *   body `{ query }`; the identity query `{ activeBusiness { id name } }` (the only GraphQL named in the seed; it
 *   needs no scope): whoami's verdict and the `get_business` tool.
 * - A key is bound to one business: "a key only works on its own business's handle endpoint; presenting it
 *   elsewhere is refused". HTTPS only; a key never falls back to a user session.
 * - The six scopes and what each reads or writes (participants, registrations, products, purchases, webhook
 *   endpoints + delivery history, webhook writes); "a request that touches a field outside its scopes is refused";
 *   effective access = key scopes ∩ the business's own grants.
 * - Keys are created in the business admin under Settings → API keys, the secret is shown once.
 * - The business MCP server at `/@<handle>/api/mcp` (Streamable HTTP) takes OAuth tokens with scope `mcp:business`
 *   (DCR + PKCE) and acts as the signed-in staff member; API keys reach only the partner API, never the MCP server.
 *
 * ASSUMED (marked `ASSUMPTION` below):
 * - Identity extras: `activeBusiness { handle grantedScopes }` and a root `apiKey { id name scopes expiresAt }`.
 *   Asked only as a separate enrichment query after the documented one succeeded; any failure is ignored.
 * - Error statuses and `extensions`: 401 `UNAUTHENTICATED` (`reason` KEY_REVOKED / KEY_EXPIRED), 403 `FORBIDDEN`
 *   (`reason` KEY_BUSINESS_MISMATCH for a key on another handle), 404 unknown handle, 429 + Retry-After, HTTP 400
 *   `GRAPHQL_VALIDATION_FAILED` (Apollo) or 200 + `errors[]` for unknown fields, field-level refusals as `FORBIDDEN`
 *   with `requiredScope`. The mapping never depends on a `reason` alone: without one, a 403 on the identity query
 *   is still a key refused at this handle, and a refusal of a tool's data field is still a scope refusal.
 * - Root field names and types of the data (`participants`, `registrations`, `products`, `purchases`,
 *   `webhookEndpoints`, `webhookEndpoint.deliveries`, the webhook mutations) and their fields.
 * - Lists as Relay connections `{ nodes, pageInfo { hasNextPage endCursor } }` with `first`/`after`; when the server
 *   rejects that shape, `edges { node }` and then a plain list are tried (see `listDocuments`).
 * - Webhook event names (`WEBHOOK_EVENTS`).
 */
import { z } from 'zod';

/** DOCUMENTED: origin of the business API. */
export const DEFAULT_ORIGIN = 'https://business.sessions.website';
/** DOCUMENTED: prefix of live API keys (declared in token-facts.ts). */
export { LIVE_KEY_PREFIX } from './token-facts.js';
/** DOCUMENTED: the OAuth scope of the business MCP server. */
export const MCP_BUSINESS_SCOPE = 'mcp:business';

/** DOCUMENTED: GraphQL endpoint path for a handle. */
export function graphqlPath(handle: string): string {
  return `/@${encodeURIComponent(handle)}/api/graphql`;
}

/** DOCUMENTED: MCP endpoint path for a handle (OAuth only; never given an API key). */
export function mcpPath(handle: string): string {
  return `/@${encodeURIComponent(handle)}/api/mcp`;
}

/** ASSUMPTION: webhook event names. */
export const WEBHOOK_EVENTS = [
  'participant.created',
  'participant.updated',
  'registration.created',
  'registration.cancelled',
  'purchase.completed',
  'purchase.refunded',
] as const;

/** DOCUMENTED: the identity query, verbatim from the seed. Decides valid / invalid / wrong business. */
export const WHOAMI_QUERY = '{ activeBusiness { id name } }';
/** ASSUMPTION: optional enrichment — the calling key's name, scopes and expiry. */
export const KEY_ENRICHMENT_QUERY = 'query KeyDetails { apiKey { id name scopes expiresAt } }';
/** ASSUMPTION: optional enrichment — the business's handle and own grants. */
export const BUSINESS_ENRICHMENT_QUERY = 'query BusinessGrants { activeBusiness { handle grantedScopes } }';

/** ASSUMPTION: the extension codes and reasons the API sends (Apollo Server's codes where it has one). */
export const ERROR_CODES = {
  unauthenticated: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN',
  notFound: 'NOT_FOUND',
  badInput: 'BAD_USER_INPUT',
  validation: 'GRAPHQL_VALIDATION_FAILED',
  rateLimited: 'RATE_LIMITED',
} as const;
/** ASSUMPTION: `extensions.reason` values; every mapping also works without them. */
export const ERROR_REASONS = {
  keyRevoked: 'KEY_REVOKED',
  keyExpired: 'KEY_EXPIRED',
  keyBusinessMismatch: 'KEY_BUSINESS_MISMATCH',
  keyScopeMissing: 'KEY_SCOPE_MISSING',
  businessGrantMissing: 'BUSINESS_GRANT_MISSING',
  insecureTransport: 'HTTPS_REQUIRED',
} as const;

/** One GraphQL error (the GraphQL spec's shape; `extensions` content is ASSUMED). */
export const GraphqlErrorSchema = z.object({
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])).optional(),
  extensions: z
    .object({ code: z.string().optional(), reason: z.string().optional(), requiredScope: z.string().optional() })
    .loose()
    .optional(),
});
export type GraphqlError = z.infer<typeof GraphqlErrorSchema>;

/** A GraphQL response envelope (GraphQL over HTTP spec). */
export const GraphqlResponseSchema = z.object({
  data: z.record(z.string(), z.unknown()).nullable().optional(),
  errors: z.array(GraphqlErrorSchema).optional(),
});

/** DOCUMENTED: the answer to `WHOAMI_QUERY`. */
export const IdentitySchema = z.object({
  activeBusiness: z.object({ id: z.union([z.string(), z.number()]).transform(String), name: z.string() }),
});
export type Identity = z.infer<typeof IdentitySchema>;

/** ASSUMPTION: the answer to `KEY_ENRICHMENT_QUERY`. */
export const KeyEnrichmentSchema = z.object({
  apiKey: z
    .object({
      id: z.string(),
      name: z.string(),
      scopes: z.array(z.string()),
      expiresAt: z.string().nullable().optional(),
    })
    .nullable(),
});
export type KeyEnrichment = z.infer<typeof KeyEnrichmentSchema>;

/** ASSUMPTION: the answer to `BUSINESS_ENRICHMENT_QUERY`. */
export const BusinessEnrichmentSchema = z.object({
  activeBusiness: z.object({ handle: z.string().optional(), grantedScopes: z.array(z.string()).optional() }),
});
export type BusinessEnrichment = z.infer<typeof BusinessEnrichmentSchema>;

/** ASSUMPTION: Relay paging info. */
export const PageInfoSchema = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable().optional() });

/** ASSUMPTION: the list envelopes a GraphQL list field may use: Relay `nodes`, Relay `edges`, or a plain list. */
export const ListEnvelopeSchema = z.union([
  z.object({ nodes: z.array(z.record(z.string(), z.unknown())), pageInfo: PageInfoSchema.optional() }),
  z.object({
    edges: z.array(z.object({ node: z.record(z.string(), z.unknown()), cursor: z.string().optional() })),
    pageInfo: PageInfoSchema.optional(),
  }),
  z.array(z.record(z.string(), z.unknown())),
]);
export type ListEnvelope = z.infer<typeof ListEnvelopeSchema>;

/** The shapes a list document can take, in the order they are tried. */
export type ListShape = 'nodes' | 'edges' | 'plain';
export const LIST_SHAPES: readonly ListShape[] = ['nodes', 'edges', 'plain'];

/** ASSUMPTION: one list field — its root name, argument declarations and the fields selected on each item. */
export interface ListField {
  /** Operation name, e.g. `Participants`. */
  operation: string;
  root: string;
  /** Filter arguments besides paging: name → GraphQL type. */
  filters: Record<string, string>;
  fields: string;
}

/**
 * The GraphQL document for a list field in one shape. `nodes`/`edges` take `first`/`after`; the plain-list
 * fallback sends only the filters (a plain list has no cursor).
 */
export function listDocument(field: ListField, shape: ListShape): string {
  const paged = shape !== 'plain';
  const vars = { ...(paged ? { first: 'Int', after: 'String' } : {}), ...field.filters };
  const declared = Object.entries(vars)
    .map(([name, type]) => `$${name}: ${type}`)
    .join(', ');
  const args = Object.keys(vars)
    .map((name) => `${name}: $${name}`)
    .join(', ');
  const head = `query ${field.operation}${declared ? `(${declared})` : ''} { ${field.root}${args ? `(${args})` : ''}`;
  if (shape === 'nodes') return `${head} { nodes { ${field.fields} } pageInfo { hasNextPage endCursor } } }`;
  if (shape === 'edges')
    return `${head} { edges { cursor node { ${field.fields} } } pageInfo { hasNextPage endCursor } } }`;
  return `${head} { ${field.fields} } }`;
}

const WEBHOOK_FIELDS = 'id url description events enabled createdAt';
const DELIVERY_FIELDS = 'id event status responseStatus deliveredAt';

/** ASSUMPTION: the list fields behind the list tools. */
export const LIST_FIELDS = {
  participants: {
    operation: 'Participants',
    root: 'participants',
    filters: { search: 'String' },
    fields: 'id name email marketingConsent createdAt',
  },
  registrations: {
    operation: 'Registrations',
    root: 'registrations',
    filters: { status: 'RegistrationStatus' },
    fields: 'id status activity { id title startsAt } participant { id name } createdAt',
  },
  products: {
    operation: 'Products',
    root: 'products',
    filters: {},
    fields: 'id name kind price { amount currency } active',
  },
  purchases: {
    operation: 'Purchases',
    root: 'purchases',
    filters: { kind: 'ProductKind' },
    fields: 'id product { id name kind } participant { id name } amount { amount currency } status purchasedAt',
  },
  webhookEndpoints: { operation: 'WebhookEndpoints', root: 'webhookEndpoints', filters: {}, fields: WEBHOOK_FIELDS },
} as const satisfies Record<string, ListField>;

/** ASSUMPTION: documents of the tools that are not plain lists. */
export const DOCUMENTS = {
  createWebhookEndpoint: `mutation CreateWebhookEndpoint($input: WebhookEndpointInput!) { createWebhookEndpoint(input: $input) { ${WEBHOOK_FIELDS} } }`,
  updateWebhookEndpoint: `mutation UpdateWebhookEndpoint($id: ID!, $input: WebhookEndpointPatch!) { updateWebhookEndpoint(id: $id, input: $input) { ${WEBHOOK_FIELDS} } }`,
  deleteWebhookEndpoint: `mutation DeleteWebhookEndpoint($id: ID!) { deleteWebhookEndpoint(id: $id) { id deleted } }`,
} as const;

/** ASSUMPTION: a webhook endpoint's delivery history, a list nested in `webhookEndpoint(id)`, in one list shape. */
export function deliveriesDocument(shape: ListShape): string {
  if (shape === 'plain')
    return `query WebhookDeliveries($id: ID!) { webhookEndpoint(id: $id) { id url deliveries { ${DELIVERY_FIELDS} } } }`;
  const items = shape === 'nodes' ? `nodes { ${DELIVERY_FIELDS} }` : `edges { cursor node { ${DELIVERY_FIELDS} } }`;
  return `query WebhookDeliveries($id: ID!, $first: Int, $after: String) { webhookEndpoint(id: $id) { id url deliveries(first: $first, after: $after) { ${items} pageInfo { hasNextPage endCursor } } } }`;
}
