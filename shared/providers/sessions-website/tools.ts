import { z } from 'zod';
import { InputError, UpstreamError } from '../../errors.js';
import type { ProviderContext, ToolDefinition, ToolOutput } from '../types.js';
import {
  DOCUMENTS,
  LIST_FIELDS,
  LIST_SHAPES,
  WEBHOOK_EVENTS,
  deliveriesDocument,
  type ListField,
} from './api-surface.js';
import { toolInputSchema } from '../tool-input-schema.js';
import { getBusinessTool } from './get-business.js';
import { normalizeList } from './list-results.js';
import { runList, runSingle } from './tool-runner.js';

/** A tool plus how it runs. */
export interface SessionsWebsiteTool extends ToolDefinition {
  args: z.ZodType<Record<string, unknown>>;
  /** The one scope the tool needs (seed 002 names one scope per data kind and action); null: none (get_business). */
  scope: string | null;
  run: (ctx: ProviderContext, tool: SessionsWebsiteTool, args: Record<string, unknown>) => Promise<ToolOutput>;
}

const page = {
  first: z.number().int().min(1).max(100).optional().describe('How many to return (default 25)'),
  after: z
    .string()
    .optional()
    .describe(
      'Cursor for the next page: pageInfo.endCursor of the previous answer (its `paging` text says when more exist)',
    ),
};
const PAGING =
  ' Pages with first/after; the answer says whether more results exist and gives the cursor for the next page.';
const httpsUrl = z
  .string()
  .url()
  .refine((u) => u.startsWith('https://'), 'webhook URLs must use https://');
const events = z.array(z.enum(WEBHOOK_EVENTS)).min(1).describe('Events to deliver');

/** A tool's arguments: a strict object whose JSON Schema is the tool's `inputSchema` (`toolInputSchema`). */
function argsOf(shape: z.ZodRawShape): Pick<SessionsWebsiteTool, 'args' | 'inputSchema'> {
  const args = z.strictObject(shape);
  return { args: args as z.ZodType<Record<string, unknown>>, inputSchema: toolInputSchema(args) };
}

/*
 * Scope basis, decided per tool: every tool here is `documented`. Seed 002 names each scope by the data kind and
 * action it covers (participants:read "Read participants", registrations:read "Read activity registrations",
 * products:read, purchases:read, webhooks:read "webhook endpoints and their delivery history", webhooks:write
 * "Create, update, and remove webhook endpoints"), and each tool reads or writes exactly one of those kinds. What is
 * ASSUMED is the GraphQL field names (api-surface.ts), not the scope: a wrong field name fails as "unknown field",
 * never as a wrong local refusal. One residual assumption: list_registrations and list_purchases also select the
 * participant's (and product's) id and name; if sessions.website gates those nested fields by participants:read or
 * products:read, they come back null with a note (`refusedFields`) and the rest of the list is still returned.
 */
function listTool(
  name: string,
  title: string,
  description: string,
  scope: string,
  field: ListField,
  filters: z.ZodRawShape = {},
): SessionsWebsiteTool {
  return {
    name,
    title,
    description: `${description}${PAGING}`,
    access: 'read',
    scopeBasis: 'documented',
    ...argsOf({ ...page, ...filters }),
    requiredScopes: () => [scope],
    scope,
    run: (ctx, tool, args) => runList(ctx, tool, field, args),
  };
}

const REGISTRATION_STATUS = ['CONFIRMED', 'WAITLISTED', 'CANCELLED', 'ATTENDED'] as const;
const PRODUCT_KIND = ['PASS', 'MEMBERSHIP', 'GIFT_CARD', 'PHYSICAL'] as const;

/** The sessions.website partner-API tools: the documented identity read, six data reads, three webhook writes. */
export const SESSIONS_WEBSITE_TOOLS: SessionsWebsiteTool[] = [
  getBusinessTool,
  listTool(
    'list_participants',
    'List participants',
    'Participants of the business: name, email and marketing-consent state. Optional search by name or email.',
    'participants:read',
    LIST_FIELDS.participants,
    { search: z.string().min(1).optional().describe('Match name or email') },
  ),
  listTool(
    'list_registrations',
    'List registrations',
    'Activity registrations and their status, newest first.',
    'registrations:read',
    LIST_FIELDS.registrations,
    { status: z.enum(REGISTRATION_STATUS).optional() },
  ),
  listTool(
    'list_products',
    'List products',
    'Products the business sells (passes, memberships, gift cards, physical goods) with prices.',
    'products:read',
    LIST_FIELDS.products,
  ),
  listTool(
    'list_purchases',
    'List purchases',
    'Product purchases — passes, memberships, gift cards and physical goods — newest first.',
    'purchases:read',
    LIST_FIELDS.purchases,
    { kind: z.enum(PRODUCT_KIND).optional() },
  ),
  listTool(
    'list_webhook_endpoints',
    'List webhook endpoints',
    "The business's webhook endpoints (URL, events, enabled). Signing secrets are never returned.",
    'webhooks:read',
    LIST_FIELDS.webhookEndpoints,
  ),
  {
    name: 'list_webhook_deliveries',
    title: 'List webhook deliveries',
    description: `Delivery history of one webhook endpoint: event, status and response code.${PAGING}`,
    access: 'read',
    scopeBasis: 'documented',
    ...argsOf({
      endpointId: z.string().min(1).describe('Webhook endpoint id (from list_webhook_endpoints)'),
      ...page,
    }),
    requiredScopes: () => ['webhooks:read'],
    scope: 'webhooks:read',
    run: async (ctx, tool, { endpointId, first, after }) => {
      const output = await runSingle(
        ctx,
        tool,
        'webhookEndpoint',
        LIST_SHAPES.map((shape) => ({
          document: deliveriesDocument(shape),
          variables: shape === 'plain' ? { id: endpointId } : { id: endpointId, first, after },
        })),
      );
      const endpoint = output.data as Record<string, unknown>;
      const deliveries = normalizeList(endpoint.deliveries, tool.name);
      if (!deliveries)
        throw new UpstreamError(
          'bad_response',
          `sessions.website answered ${tool.name} in an unexpected shape.`,
          'Try again later.',
          { ...(output.status !== undefined ? { status: output.status } : {}) },
        );
      return { ...output, data: { ...endpoint, deliveries } };
    },
  },
  ...writeTools(),
];

function writeTools(): SessionsWebsiteTool[] {
  const write = (
    tool: Omit<SessionsWebsiteTool, 'access' | 'requiredScopes' | 'scope' | 'scopeBasis' | 'run'> & {
      root: string;
      document: string;
      variables?: (a: Record<string, unknown>) => Record<string, unknown>;
    },
  ): SessionsWebsiteTool => {
    const { root, document, variables, ...definition } = tool;
    return {
      ...definition,
      access: 'write',
      scopeBasis: 'documented',
      requiredScopes: () => ['webhooks:write'],
      scope: 'webhooks:write',
      run: (ctx, self, args) =>
        runSingle(ctx, self, root, [{ document, variables: variables ? variables(args) : args }]),
    };
  };
  return [
    write({
      name: 'create_webhook_endpoint',
      title: 'Create webhook endpoint',
      description: 'Adds an HTTPS webhook endpoint that receives the chosen events.',
      ...argsOf({ url: httpsUrl.describe('https:// URL'), events, description: z.string().max(200).optional() }),
      document: DOCUMENTS.createWebhookEndpoint,
      root: 'createWebhookEndpoint',
      variables: (a) => ({ input: a }),
    }),
    write({
      name: 'update_webhook_endpoint',
      title: 'Update webhook endpoint',
      description: "Changes a webhook endpoint's URL, events, description, or pauses/resumes it (enabled).",
      ...argsOf({
        id: z.string().min(1),
        url: httpsUrl.optional(),
        events: events.optional(),
        description: z.string().max(200).optional(),
        enabled: z.boolean().optional(),
      }),
      document: DOCUMENTS.updateWebhookEndpoint,
      root: 'updateWebhookEndpoint',
      variables: ({ id, ...input }) => ({ id, input }),
    }),
    write({
      name: 'delete_webhook_endpoint',
      title: 'Delete webhook endpoint',
      description: 'Removes a webhook endpoint; its deliveries stop immediately. Cannot be undone.',
      destructive: true,
      ...argsOf({ id: z.string().min(1) }),
      document: DOCUMENTS.deleteWebhookEndpoint,
      root: 'deleteWebhookEndpoint',
    }),
  ];
}

/** Runs one tool: validates the arguments, then sends its document(s) and returns the answer. */
export async function callSessionsWebsiteTool(
  ctx: ProviderContext,
  name: string,
  rawArgs: Record<string, unknown>,
): Promise<ToolOutput> {
  const tool = SESSIONS_WEBSITE_TOOLS.find((t) => t.name === name);
  if (!tool)
    throw new InputError(
      `sessions.website has no tool '${name}'.`,
      `Use one of: ${SESSIONS_WEBSITE_TOOLS.map((t) => t.name).join(', ')}.`,
    );
  const parsed = tool.args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(
      `Invalid argument ${issue.path.join('.') || '(input)'} for ${name}: ${issue.message}.`,
      `See the tool's input schema.`,
    );
  }
  return tool.run(ctx, tool, parsed.data);
}
