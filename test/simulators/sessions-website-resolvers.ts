/**
 * Root-field resolvers of the sessions.website simulator: which scope each field needs and what it returns.
 * Mirrors the assumed surface in `shared/providers/sessions-website/api-surface.ts`. Test infrastructure only.
 */
import { randomBytes } from 'node:crypto';
import type { SimBusiness, SimKey, SimWebhook } from './sessions-website-data.js';

/** A resolver failure that becomes one `errors[]` entry. */
export class SimGraphqlError extends Error {
  constructor(
    message: string,
    readonly extensions: Record<string, unknown>,
  ) {
    super(message);
  }
}

interface RootContext {
  business: SimBusiness;
  key: SimKey;
  introspection: boolean;
}

type Resolver = { scope?: string; resolve: (args: Record<string, unknown>, ctx: RootContext) => unknown };

const EVENTS = new Set([
  'participant.created',
  'participant.updated',
  'registration.created',
  'registration.cancelled',
  'purchase.completed',
  'purchase.refunded',
]);

function paginate(items: Array<Record<string, unknown>>, args: Record<string, unknown>) {
  const first = typeof args.first === 'number' ? args.first : 25;
  const start = typeof args.after === 'string' ? Number(Buffer.from(args.after, 'base64url').toString()) + 1 : 0;
  const nodes = items.slice(start, start + first);
  const end = start + nodes.length - 1;
  return {
    nodes,
    pageInfo: {
      hasNextPage: start + nodes.length < items.length,
      endCursor: nodes.length ? Buffer.from(String(end)).toString('base64url') : null,
    },
  };
}

function publicWebhook(w: SimWebhook) {
  const { signingSecret: _secret, deliveries, ...rest } = w;
  return { ...rest, deliveries: (args: Record<string, unknown>) => paginate(deliveries, args) };
}

function findWebhook(business: SimBusiness, id: unknown): SimWebhook {
  const hook = business.webhooks.find((w) => w.id === id);
  if (!hook) throw new SimGraphqlError(`No webhook endpoint with id '${String(id)}'.`, { code: 'NOT_FOUND' });
  return hook;
}

function checkInput(input: Record<string, unknown>, partial: boolean): void {
  if (!partial || input.url !== undefined) {
    if (typeof input.url !== 'string' || !input.url.startsWith('https://'))
      throw new SimGraphqlError('url must be an https:// URL.', { code: 'BAD_USER_INPUT', field: 'url' });
  }
  if (!partial || input.events !== undefined) {
    const events = input.events;
    if (!Array.isArray(events) || events.length === 0 || !events.every((e) => EVENTS.has(String(e)))) {
      throw new SimGraphqlError(`events must be a non-empty list of: ${[...EVENTS].join(', ')}.`, {
        code: 'BAD_USER_INPUT',
        field: 'events',
      });
    }
  }
}

/** Query root fields. */
export const QUERY_FIELDS: Record<string, Resolver> = {
  activeBusiness: {
    resolve: (_a, { business, introspection }) => ({
      id: business.id,
      name: business.name,
      ...(introspection ? { handle: business.handle, grantedScopes: business.grantedScopes } : {}),
    }),
  },
  apiKey: { resolve: (_a, { key }) => ({ id: key.id, name: key.name, scopes: key.scopes, expiresAt: key.expiresAt }) },
  participants: {
    scope: 'participants:read',
    resolve: (args, { business }) => {
      const q = typeof args.search === 'string' ? args.search.toLowerCase() : '';
      return paginate(
        business.participants.filter((p) => !q || `${String(p.name)} ${String(p.email)}`.toLowerCase().includes(q)),
        args,
      );
    },
  },
  registrations: {
    scope: 'registrations:read',
    resolve: (args, { business }) =>
      paginate(
        business.registrations.filter((r) => !args.status || r.status === args.status),
        args,
      ),
  },
  products: { scope: 'products:read', resolve: (args, { business }) => paginate(business.products, args) },
  purchases: {
    scope: 'purchases:read',
    resolve: (args, { business }) =>
      paginate(
        business.purchases.filter((p) => !args.kind || (p.product as Record<string, unknown>).kind === args.kind),
        args,
      ),
  },
  webhookEndpoints: {
    scope: 'webhooks:read',
    resolve: (args, { business }) => paginate(business.webhooks.map(publicWebhook), args),
  },
  webhookEndpoint: {
    scope: 'webhooks:read',
    resolve: (args, { business }) => publicWebhook(findWebhook(business, args.id)),
  },
};

/** Mutation root fields. */
export const MUTATION_FIELDS: Record<string, Resolver> = {
  createWebhookEndpoint: {
    scope: 'webhooks:write',
    resolve: (args, { business }) => {
      const input = (args.input ?? {}) as Record<string, unknown>;
      checkInput(input, false);
      const hook: SimWebhook = {
        id: `whe_${randomBytes(4).toString('hex')}`,
        url: String(input.url),
        description: typeof input.description === 'string' ? input.description : null,
        events: (input.events as string[]).map(String),
        enabled: true,
        createdAt: new Date().toISOString(),
        signingSecret: `whsec_${randomBytes(12).toString('hex')}`,
        deliveries: [],
      };
      business.webhooks.push(hook);
      return publicWebhook(hook);
    },
  },
  updateWebhookEndpoint: {
    scope: 'webhooks:write',
    resolve: (args, { business }) => {
      const hook = findWebhook(business, args.id);
      const input = (args.input ?? {}) as Record<string, unknown>;
      checkInput(input, true);
      if (typeof input.url === 'string') hook.url = input.url;
      if (Array.isArray(input.events)) hook.events = input.events.map(String);
      if (typeof input.description === 'string') hook.description = input.description;
      if (typeof input.enabled === 'boolean') hook.enabled = input.enabled;
      return publicWebhook(hook);
    },
  },
  deleteWebhookEndpoint: {
    scope: 'webhooks:write',
    resolve: (args, { business }) => {
      const hook = findWebhook(business, args.id);
      business.webhooks = business.webhooks.filter((w) => w !== hook);
      return { id: hook.id, deleted: true };
    },
  },
};

/** Fields that exist only when the simulator exposes key introspection. */
export const INTROSPECTION_FIELDS = new Set(['apiKey']);
export const INTROSPECTION_BUSINESS_FIELDS = new Set(['handle', 'grantedScopes']);
