/**
 * The sessions.website simulator's GraphQL schema, for strict validation in the `documented` profile: like Apollo
 * Server, a document that selects a field or passes an argument the schema does not have is refused before anything
 * runs (HTTP 400, `GRAPHQL_VALIDATION_FAILED`). `activeBusiness` has only the documented `id` and `name`; the data
 * types behind the six scopes keep the shapes the default profile serves. Test infrastructure only.
 */
import type { FieldNode, OperationNode } from './sessions-website-graphql.js';

interface FieldSpec {
  /** Object type of the field's value (omitted for scalars and scalar lists). */
  type?: string;
  args?: string[];
}
type TypeSpec = Record<string, FieldSpec>;

const PAGE = ['first', 'after'];
const connection = (node: string): TypeSpec => ({ nodes: { type: node }, pageInfo: { type: 'PageInfo' } });

/** The documented-profile schema: type name → field name → spec. */
export const DOCUMENTED_SCHEMA: Record<string, TypeSpec> = {
  Query: {
    activeBusiness: { type: 'Business' },
    participants: { type: 'ParticipantConnection', args: [...PAGE, 'search'] },
    registrations: { type: 'RegistrationConnection', args: [...PAGE, 'status'] },
    products: { type: 'ProductConnection', args: PAGE },
    purchases: { type: 'PurchaseConnection', args: [...PAGE, 'kind'] },
    webhookEndpoints: { type: 'WebhookEndpointConnection', args: PAGE },
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
  Registration: { id: {}, status: {}, activity: { type: 'Activity' }, participant: { type: 'Participant' }, createdAt: {} },
  RegistrationConnection: connection('Registration'),
  Money: { amount: {}, currency: {} },
  Product: { id: {}, name: {}, kind: {}, price: { type: 'Money' }, active: {} },
  ProductConnection: connection('Product'),
  Purchase: { id: {}, product: { type: 'Product' }, participant: { type: 'Participant' }, amount: { type: 'Money' }, status: {}, purchasedAt: {} },
  PurchaseConnection: connection('Purchase'),
  WebhookDelivery: { id: {}, event: {}, status: {}, responseStatus: {}, deliveredAt: {} },
  WebhookDeliveryConnection: connection('WebhookDelivery'),
  WebhookEndpoint: { id: {}, url: {}, description: {}, events: {}, enabled: {}, createdAt: {}, deliveries: { type: 'WebhookDeliveryConnection', args: PAGE } },
  WebhookEndpointConnection: connection('WebhookEndpoint'),
  DeletedWebhookEndpoint: { id: {}, deleted: {} },
};

/** Apollo's message for the first field or argument `operation` uses that the schema lacks, or undefined when valid. */
export function validationError(operation: OperationNode, schema: Record<string, TypeSpec> = DOCUMENTED_SCHEMA): string | undefined {
  const visit = (typeName: string, fields: FieldNode[]): string | undefined => {
    const type = schema[typeName] ?? {};
    for (const field of fields) {
      const spec = type[field.name];
      if (!spec) return `Cannot query field "${field.name}" on type "${typeName}".`;
      const badArg = Object.keys(field.args).find((a) => !(spec.args ?? []).includes(a));
      if (badArg) return `Unknown argument "${badArg}" on field "${typeName}.${field.name}".`;
      if (spec.type && field.selections.length === 0) return `Field "${field.name}" of type "${spec.type}" must have a selection of subfields.`;
      if (!spec.type && field.selections.length > 0) return `Field "${field.name}" must not have a selection since its type has no subfields.`;
      if (spec.type) {
        const nested = visit(spec.type, field.selections);
        if (nested) return nested;
      }
    }
    return undefined;
  };
  return visit(operation.kind === 'mutation' ? 'Mutation' : 'Query', operation.selections);
}
