/**
 * The sessions.website simulator's GraphQL schema, for strict validation in the `documented` profile: like Apollo
 * Server, a document that selects a field or passes an argument the schema does not have is refused before anything
 * runs (HTTP 400, `GRAPHQL_VALIDATION_FAILED`). `strictSchema()` is seed 002 alone: `activeBusiness { id name }`
 * and no mutation. `documentedSchema()` adds the data fields Bridgekeeper assumed behind the six scopes (the
 * simulator's `assumedDataPaths` option), in the shapes the default profile serves. Test infrastructure only.
 */
import type { FieldNode, OperationNode } from './sessions-website-graphql.js';

interface FieldSpec {
  /** Object type of the field's value (omitted for scalars and scalar lists). */
  type?: string;
  args?: string[];
}
type TypeSpec = Record<string, FieldSpec>;

/** How the documented profile's lists are shaped: Relay `nodes`, Relay `edges`, or plain lists without paging. */
export type ListEnvelope = 'nodes' | 'edges' | 'plain';

/** Root list fields (and `WebhookEndpoint.deliveries`): what the envelope option reshapes. */
export const LIST_ROOTS = new Set(['participants', 'registrations', 'products', 'purchases', 'webhookEndpoints']);

/** The documented surface plus the assumed data fields, for one list envelope: type name → field name → spec. */
export function documentedSchema(envelope: ListEnvelope = 'nodes'): Record<string, TypeSpec> {
  const PAGE = envelope === 'plain' ? [] : ['first', 'after'];
  const connection = (node: string): TypeSpec =>
    envelope === 'nodes'
      ? { nodes: { type: node }, pageInfo: { type: 'PageInfo' } }
      : envelope === 'edges'
        ? { edges: { type: `${node}Edge` }, pageInfo: { type: 'PageInfo' } }
        : {};
  const list = (node: string) => (envelope === 'plain' ? node : `${node}Connection`);
  const edges =
    envelope === 'edges'
      ? Object.fromEntries(
          ['Participant', 'Registration', 'Product', 'Purchase', 'WebhookEndpoint', 'WebhookDelivery'].map((n) => [
            `${n}Edge`,
            { cursor: {}, node: { type: n } },
          ]),
        )
      : {};
  return {
    ...edges,
    Query: {
      activeBusiness: { type: 'Business' },
      participants: { type: list('Participant'), args: [...PAGE, 'search'] },
      registrations: { type: list('Registration'), args: [...PAGE, 'status'] },
      products: { type: list('Product'), args: PAGE },
      purchases: { type: list('Purchase'), args: [...PAGE, 'kind'] },
      webhookEndpoints: { type: list('WebhookEndpoint'), args: PAGE },
      webhookEndpoint: { type: 'WebhookEndpoint', args: ['id'] },
    },
    Mutation: {
      createWebhookEndpoint: { type: 'WebhookEndpoint', args: ['input'] },
      updateWebhookEndpoint: { type: 'WebhookEndpoint', args: ['id', 'input'] },
      deleteWebhookEndpoint: { type: 'DeletedWebhookEndpoint', args: ['id'] },
    },
    Business: { id: {}, name: {} },
    PageInfo: { hasNextPage: {}, endCursor: {} },
    Participant: { id: {}, name: {}, email: {}, marketingConsent: {}, createdAt: {} },
    ParticipantConnection: connection('Participant'),
    Activity: { id: {}, title: {}, startsAt: {} },
    Registration: {
      id: {},
      status: {},
      activity: { type: 'Activity' },
      participant: { type: 'Participant' },
      createdAt: {},
    },
    RegistrationConnection: connection('Registration'),
    Money: { amount: {}, currency: {} },
    Product: { id: {}, name: {}, kind: {}, price: { type: 'Money' }, active: {} },
    ProductConnection: connection('Product'),
    Purchase: {
      id: {},
      product: { type: 'Product' },
      participant: { type: 'Participant' },
      amount: { type: 'Money' },
      status: {},
      purchasedAt: {},
    },
    PurchaseConnection: connection('Purchase'),
    WebhookDelivery: { id: {}, event: {}, status: {}, responseStatus: {}, deliveredAt: {} },
    WebhookDeliveryConnection: connection('WebhookDelivery'),
    WebhookEndpoint: {
      id: {},
      url: {},
      description: {},
      events: {},
      enabled: {},
      createdAt: {},
      deliveries: { type: list('WebhookDelivery'), args: PAGE },
    },
    WebhookEndpointConnection: connection('WebhookEndpoint'),
    DeletedWebhookEndpoint: { id: {}, deleted: {} },
  };
}

/** Seed 002 alone: the one query it shows, `{ activeBusiness { id name } }`; no data fields, no mutations. */
export function strictSchema(): Record<string, TypeSpec> {
  return { Query: { activeBusiness: { type: 'Business' } }, Mutation: {}, Business: { id: {}, name: {} } };
}

/** Reshapes a simulator list (`{ nodes, pageInfo }`) into `envelope`. */
export function reshapeList(value: unknown, envelope: ListEnvelope): unknown {
  if (envelope === 'nodes' || !value || typeof value !== 'object' || !('nodes' in value)) return value;
  const list = value as { nodes: Array<Record<string, unknown>>; pageInfo: unknown };
  if (envelope === 'plain') return list.nodes;
  return {
    edges: list.nodes.map((node, i) => ({ node, cursor: Buffer.from(`edge-${i}`).toString('base64url') })),
    pageInfo: list.pageInfo,
  };
}

/** Apollo's message for the first field or argument `operation` uses that the schema lacks, or undefined when valid. */
export function validationError(
  operation: OperationNode,
  schema: Record<string, TypeSpec> = documentedSchema(),
): string | undefined {
  const visit = (typeName: string, fields: FieldNode[]): string | undefined => {
    const type = schema[typeName] ?? {};
    for (const field of fields) {
      const spec = type[field.name];
      if (!spec) return `Cannot query field "${field.name}" on type "${typeName}".`;
      const badArg = Object.keys(field.args).find((a) => !(spec.args ?? []).includes(a));
      if (badArg) return `Unknown argument "${badArg}" on field "${typeName}.${field.name}".`;
      if (spec.type && field.selections.length === 0)
        return `Field "${field.name}" of type "${spec.type}" must have a selection of subfields.`;
      if (!spec.type && field.selections.length > 0)
        return `Field "${field.name}" must not have a selection since its type has no subfields.`;
      if (spec.type) {
        const nested = visit(spec.type, field.selections);
        if (nested) return nested;
      }
    }
    return undefined;
  };
  return visit(operation.kind === 'mutation' ? 'Mutation' : 'Query', operation.selections);
}
