/**
 * sessions.website partner API surface — every ASSUMPTION about sessions.website lives in this file.
 *
 * Documented facts (seed 002): `Authorization: Bearer sk_live_…`; `POST https://business.sessions.website/@<handle>/api/graphql`;
 * identity via `{ activeBusiness { id name } }`; a key works only on its own business's handle (elsewhere it is
 * refused); HTTPS only; the six scopes; effective access = key scopes ∩ business grants; a field outside the key's
 * scopes is refused; keys are managed in the business admin under Settings → API keys; MCP at `/@<handle>/api/mcp`
 * (OAuth, `mcp:business`).
 *
 * Assumed here (the seed is silent):
 * - `activeBusiness` also has `handle` and `grantedScopes` (the business's own grants) and the root `apiKey` field
 *   describes the calling key: `{ id name scopes expiresAt }`. When the server does not know these fields
 *   (`GRAPHQL_VALIDATION_FAILED`), scopes fall back to what the user declared.
 * - Transport statuses: 401 + `UNAUTHENTICATED` (unknown/revoked/expired key, `extensions.reason` says which);
 *   403 + `FORBIDDEN` with `extensions.reason: 'KEY_BUSINESS_MISMATCH'` when the key belongs to another business;
 *   404 for an unknown handle; 429 + Retry-After; 200 + `errors[]` for field-level refusals.
 * - A field outside scope answers `null` with an error `{ extensions: { code: 'FORBIDDEN', requiredScope,
 *   reason: 'KEY_SCOPE_MISSING' | 'BUSINESS_GRANT_MISSING' } }`.
 * - Lists are Relay-style connections `{ nodes, pageInfo { hasNextPage endCursor } }` taking `first`/`after`.
 * - Webhook endpoints: `webhookEndpoints`, `createWebhookEndpoint(input)`, `updateWebhookEndpoint(id, input)`,
 *   `deleteWebhookEndpoint(id)`; the endpoint's signing secret is never selected (secrets stay out of tool results).
 * - Webhook event names: `WEBHOOK_EVENTS`.
 */
import { z } from 'zod';

/** Default origin of the business API. */
export const DEFAULT_ORIGIN = 'https://business.sessions.website';
/** Prefix of live API keys. */
export const LIVE_KEY_PREFIX = 'sk_live_';

/** GraphQL endpoint path for a handle. */
export function graphqlPath(handle: string): string {
  return `/@${encodeURIComponent(handle)}/api/graphql`;
}

/** MCP endpoint path for a handle. */
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

/** ASSUMPTION: identity query (the seed documents `activeBusiness { id name }`). */
export const WHOAMI_QUERY = 'query Whoami { activeBusiness { id name handle grantedScopes } apiKey { id name scopes expiresAt } }';
/** The documented minimum, used when the server does not know `grantedScopes`/`apiKey`. */
export const WHOAMI_MINIMAL_QUERY = 'query WhoamiMinimal { activeBusiness { id name } }';

/** ASSUMPTION: the extension codes and reasons the API sends. */
export const ERROR_CODES = {
  unauthenticated: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN',
  notFound: 'NOT_FOUND',
  badInput: 'BAD_USER_INPUT',
  validation: 'GRAPHQL_VALIDATION_FAILED',
  rateLimited: 'RATE_LIMITED',
} as const;
export const ERROR_REASONS = {
  keyRevoked: 'KEY_REVOKED',
  keyExpired: 'KEY_EXPIRED',
  keyBusinessMismatch: 'KEY_BUSINESS_MISMATCH',
  keyScopeMissing: 'KEY_SCOPE_MISSING',
  businessGrantMissing: 'BUSINESS_GRANT_MISSING',
  insecureTransport: 'HTTPS_REQUIRED',
} as const;

/** One GraphQL error. */
export const GraphqlErrorSchema = z.object({
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])).optional(),
  extensions: z
    .object({ code: z.string().optional(), reason: z.string().optional(), requiredScope: z.string().optional() })
    .loose()
    .optional(),
});
export type GraphqlError = z.infer<typeof GraphqlErrorSchema>;

/** A GraphQL response envelope. */
export const GraphqlResponseSchema = z.object({
  data: z.record(z.string(), z.unknown()).nullable().optional(),
  errors: z.array(GraphqlErrorSchema).optional(),
});

/** ASSUMPTION: the identity answer. */
export const WhoamiDataSchema = z.object({
  activeBusiness: z.object({
    id: z.string(),
    name: z.string(),
    handle: z.string().optional(),
    grantedScopes: z.array(z.string()).optional(),
  }),
  apiKey: z.object({ id: z.string(), name: z.string(), scopes: z.array(z.string()), expiresAt: z.string().nullable() }).nullable().optional(),
});
export type WhoamiData = z.infer<typeof WhoamiDataSchema>;

/** Relay-style list. */
export const ConnectionListSchema = z.object({
  nodes: z.array(z.record(z.string(), z.unknown())),
  pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
});

const PAGE = 'pageInfo { hasNextPage endCursor }';
const WEBHOOK_FIELDS = 'id url description events enabled createdAt';

/** ASSUMPTION: the documents behind each tool. Variables are typed as the server's schema names them. */
export const DOCUMENTS = {
  participants: `query Participants($first: Int, $after: String, $search: String) { participants(first: $first, after: $after, search: $search) { nodes { id name email marketingConsent createdAt } ${PAGE} } }`,
  registrations: `query Registrations($first: Int, $after: String, $status: RegistrationStatus) { registrations(first: $first, after: $after, status: $status) { nodes { id status activity { id title startsAt } participant { id name } createdAt } ${PAGE} } }`,
  products: `query Products($first: Int, $after: String) { products(first: $first, after: $after) { nodes { id name kind price { amount currency } active } ${PAGE} } }`,
  purchases: `query Purchases($first: Int, $after: String, $kind: ProductKind) { purchases(first: $first, after: $after, kind: $kind) { nodes { id product { id name kind } participant { id name } amount { amount currency } status purchasedAt } ${PAGE} } }`,
  webhookEndpoints: `query WebhookEndpoints { webhookEndpoints { nodes { ${WEBHOOK_FIELDS} } ${PAGE} } }`,
  webhookDeliveries: `query WebhookDeliveries($id: ID!, $first: Int) { webhookEndpoint(id: $id) { id url deliveries(first: $first) { nodes { id event status responseStatus deliveredAt } } } }`,
  createWebhookEndpoint: `mutation CreateWebhookEndpoint($input: WebhookEndpointInput!) { createWebhookEndpoint(input: $input) { ${WEBHOOK_FIELDS} } }`,
  updateWebhookEndpoint: `mutation UpdateWebhookEndpoint($id: ID!, $input: WebhookEndpointPatch!) { updateWebhookEndpoint(id: $id, input: $input) { ${WEBHOOK_FIELDS} } }`,
  deleteWebhookEndpoint: `mutation DeleteWebhookEndpoint($id: ID!) { deleteWebhookEndpoint(id: $id) { id deleted } }`,
} as const;
