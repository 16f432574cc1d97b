import { z } from 'zod';
import { InputError, UpstreamError } from '../../errors.js';
import type { ProviderContext, ToolDefinition, ToolOutput } from '../types.js';
import { ConnectionListSchema, DOCUMENTS, WEBHOOK_EVENTS } from './api-surface.js';
import { graphqlRequest } from './graphql.js';

/** A tool plus how it runs: which document, which variables, which root field holds the answer. */
interface SessionsWebsiteTool extends ToolDefinition {
  args: z.ZodType<Record<string, unknown>>;
  document: string;
  root: string;
  variables?: (args: Record<string, unknown>) => Record<string, unknown>;
  /** The root field is a Relay-style list (validated as one). */
  list?: boolean;
}

const page = { first: z.number().int().min(1).max(100).optional(), after: z.string().optional() };
const pageSchema = {
  first: { type: 'integer', minimum: 1, maximum: 100, description: 'How many to return (default 25)' },
  after: { type: 'string', description: 'Cursor from the previous page (pageInfo.endCursor)' },
};
const httpsUrl = z.string().url().refine((u) => u.startsWith('https://'), 'webhook URLs must use https://');
const events = z.array(z.enum(WEBHOOK_EVENTS)).min(1);
const eventsSchema = { type: 'array', items: { type: 'string', enum: [...WEBHOOK_EVENTS] }, minItems: 1, description: 'Events to deliver' };

function read(
  name: string,
  title: string,
  description: string,
  scope: string,
  extra: { args?: z.ZodRawShape; props?: Record<string, unknown>; document: string; root: string; list?: boolean; required?: string[]; variables?: SessionsWebsiteTool['variables'] },
): SessionsWebsiteTool {
  return {
    name,
    title,
    description,
    access: 'read',
    inputSchema: { type: 'object', properties: extra.props ?? {}, ...(extra.required ? { required: extra.required } : {}), additionalProperties: false },
    requiredScopes: () => [scope],
    args: z.object(extra.args ?? {}).strict() as z.ZodType<Record<string, unknown>>,
    document: extra.document,
    root: extra.root,
    list: extra.list ?? true,
    ...(extra.variables ? { variables: extra.variables } : {}),
  };
}

/** The sessions.website partner-API tools: six reads, three webhook writes. */
export const SESSIONS_WEBSITE_TOOLS: SessionsWebsiteTool[] = [
  read('list_participants', 'List participants', 'Participants of the business: name, email and marketing-consent state. Optional search by name or email.', 'participants:read', {
    args: { ...page, search: z.string().min(1).optional() },
    props: { ...pageSchema, search: { type: 'string', description: 'Match name or email' } },
    document: DOCUMENTS.participants,
    root: 'participants',
  }),
  read('list_registrations', 'List registrations', 'Activity registrations and their status, newest first.', 'registrations:read', {
    args: { ...page, status: z.enum(['CONFIRMED', 'WAITLISTED', 'CANCELLED', 'ATTENDED']).optional() },
    props: { ...pageSchema, status: { type: 'string', enum: ['CONFIRMED', 'WAITLISTED', 'CANCELLED', 'ATTENDED'] } },
    document: DOCUMENTS.registrations,
    root: 'registrations',
  }),
  read('list_products', 'List products', 'Products the business sells (passes, memberships, gift cards, physical goods) with prices.', 'products:read', {
    args: page,
    props: pageSchema,
    document: DOCUMENTS.products,
    root: 'products',
  }),
  read('list_purchases', 'List purchases', 'Product purchases — passes, memberships, gift cards and physical goods — newest first.', 'purchases:read', {
    args: { ...page, kind: z.enum(['PASS', 'MEMBERSHIP', 'GIFT_CARD', 'PHYSICAL']).optional() },
    props: { ...pageSchema, kind: { type: 'string', enum: ['PASS', 'MEMBERSHIP', 'GIFT_CARD', 'PHYSICAL'] } },
    document: DOCUMENTS.purchases,
    root: 'purchases',
  }),
  read('list_webhook_endpoints', 'List webhook endpoints', "The business's webhook endpoints (URL, events, enabled). Signing secrets are never returned.", 'webhooks:read', {
    document: DOCUMENTS.webhookEndpoints,
    root: 'webhookEndpoints',
  }),
  read('list_webhook_deliveries', 'List webhook deliveries', 'Delivery history of one webhook endpoint: event, status and response code.', 'webhooks:read', {
    args: { endpointId: z.string().min(1), first: page.first },
    props: { endpointId: { type: 'string', description: 'Webhook endpoint id (from list_webhook_endpoints)' }, first: pageSchema.first },
    required: ['endpointId'],
    document: DOCUMENTS.webhookDeliveries,
    root: 'webhookEndpoint',
    list: false,
    variables: ({ endpointId, first }) => ({ id: endpointId, first }),
  }),
  ...writeTools(),
];

function writeTools(): SessionsWebsiteTool[] {
  const write = (tool: Omit<SessionsWebsiteTool, 'access' | 'requiredScopes'>): SessionsWebsiteTool => ({ ...tool, access: 'write', requiredScopes: () => ['webhooks:write'] });
  return [
    write({
      name: 'create_webhook_endpoint',
      title: 'Create webhook endpoint',
      description: 'Adds an HTTPS webhook endpoint that receives the chosen events.',
      inputSchema: { type: 'object', properties: { url: { type: 'string', format: 'uri', description: 'https:// URL' }, events: eventsSchema, description: { type: 'string' } }, required: ['url', 'events'], additionalProperties: false },
      args: z.object({ url: httpsUrl, events, description: z.string().max(200).optional() }).strict(),
      document: DOCUMENTS.createWebhookEndpoint,
      root: 'createWebhookEndpoint',
      variables: (a) => ({ input: a }),
    }),
    write({
      name: 'update_webhook_endpoint',
      title: 'Update webhook endpoint',
      description: "Changes a webhook endpoint's URL, events, description, or pauses/resumes it (enabled).",
      inputSchema: { type: 'object', properties: { id: { type: 'string' }, url: { type: 'string', format: 'uri' }, events: eventsSchema, description: { type: 'string' }, enabled: { type: 'boolean' } }, required: ['id'], additionalProperties: false },
      args: z.object({ id: z.string().min(1), url: httpsUrl.optional(), events: events.optional(), description: z.string().max(200).optional(), enabled: z.boolean().optional() }).strict(),
      document: DOCUMENTS.updateWebhookEndpoint,
      root: 'updateWebhookEndpoint',
      variables: ({ id, ...input }) => ({ id, input }),
    }),
    write({
      name: 'delete_webhook_endpoint',
      title: 'Delete webhook endpoint',
      description: 'Removes a webhook endpoint; its deliveries stop immediately. Cannot be undone.',
      destructive: true,
      inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'], additionalProperties: false },
      args: z.object({ id: z.string().min(1) }).strict(),
      document: DOCUMENTS.deleteWebhookEndpoint,
      root: 'deleteWebhookEndpoint',
      list: false,
    }),
  ];
}

/** Runs one tool: validates the arguments, sends its document, validates and returns the root field. */
export async function callSessionsWebsiteTool(ctx: ProviderContext, name: string, rawArgs: Record<string, unknown>): Promise<ToolOutput> {
  const tool = SESSIONS_WEBSITE_TOOLS.find((t) => t.name === name);
  if (!tool) throw new InputError(`sessions.website has no tool '${name}'.`, `Use one of: ${SESSIONS_WEBSITE_TOOLS.map((t) => t.name).join(', ')}.`);
  const parsed = tool.args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`Invalid argument ${issue.path.join('.') || '(input)'} for ${name}: ${issue.message}.`, `See the tool's input schema.`);
  }
  const variables = tool.variables ? tool.variables(parsed.data) : parsed.data;
  const result = await graphqlRequest(ctx, tool.document, variables);
  const value = result.data[tool.root];
  if (value === null || value === undefined) {
    throw new UpstreamError('not_found', `sessions.website returned nothing for ${name}.`, 'Check the id; list the records first to find the right one.', { status: result.status });
  }
  if (tool.list && !ConnectionListSchema.safeParse(value).success) {
    throw new UpstreamError('bad_response', `sessions.website answered ${name} in an unexpected shape.`, 'Try again later.', { status: result.status });
  }
  return { data: value, status: result.status };
}
