import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectionOf } from '../helpers/rejection.js';
import { tokenConnection } from '../helpers/token-connection.js';
import { InputError, UpstreamError } from '../../shared/errors.js';
import { UpstreamHttpClient } from '../../shared/net/http-client.js';
import { provider } from '../../shared/providers/sessions-website/index.js';
import { startSessionsWebsiteSimulator, type SessionsWebsiteSimulator } from '../simulators/sessions-website.js';

let sim: SessionsWebsiteSimulator;
const http = new UpstreamHttpClient({ timeoutMs: 10_000, sleep: async () => undefined });

function ctx(secret: string, handle = 'acme-yoga', baseUrl?: string) {
  const connection = tokenConnection({
    id: 'c_toolconn01',
    label: 'tools',
    provider: 'sessions-website',
    baseUrl: baseUrl ?? sim.url,
    metadata: { handle },
  });
  return { connection, secret, http };
}

const failure = (promise: Promise<unknown>) => rejectionOf(promise, UpstreamError);

beforeAll(async () => {
  sim = await startSessionsWebsiteSimulator();
});
afterAll(async () => {
  await sim.close();
});

describe('sessions.website read tools over HTTP', () => {
  it('lists participants with name, email and marketing consent, and pages with a cursor', async () => {
    const first = (await provider.callTool(ctx(sim.tokens.acmeFull), 'list_participants', { first: 2 })).data as {
      nodes: Array<Record<string, unknown>>;
      pageInfo: { hasNextPage: boolean; endCursor: string };
    };
    expect(first.nodes.map((n) => n.name)).toEqual(['Maya Lindqvist', 'Oskar Brandt']);
    expect(first.nodes[0]).toMatchObject({ email: 'maya.lindqvist@example.com', marketingConsent: 'GRANTED' });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (
      await provider.callTool(ctx(sim.tokens.acmeFull), 'list_participants', {
        first: 2,
        after: first.pageInfo.endCursor,
      })
    ).data as { nodes: Array<Record<string, unknown>> };
    expect(second.nodes.map((n) => n.name)).toEqual(['Priya Raman', 'Tomás Ferreira']);
  });

  it('filters registrations by status and purchases by kind, and lists products', async () => {
    const regs = (await provider.callTool(ctx(sim.tokens.acmeReadOnly), 'list_registrations', { status: 'WAITLISTED' }))
      .data as { nodes: Array<Record<string, unknown>> };
    expect(regs.nodes).toHaveLength(1);
    expect(regs.nodes[0]).toMatchObject({ status: 'WAITLISTED', activity: { title: expect.any(String) } });
    const purchases = (await provider.callTool(ctx(sim.tokens.acmeFull), 'list_purchases', { kind: 'MEMBERSHIP' }))
      .data as { nodes: Array<Record<string, unknown>> };
    expect(purchases.nodes).toHaveLength(1);
    const products = (await provider.callTool(ctx(sim.tokens.acmeProductsOnly), 'list_products', {})).data as {
      nodes: unknown[];
    };
    expect(products.nodes).toHaveLength(4);
  });

  it('lists webhook endpoints and deliveries without ever returning a signing secret', async () => {
    const hooks = await provider.callTool(ctx(sim.tokens.acmeReadOnly), 'list_webhook_endpoints', {});
    const deliveries = await provider.callTool(ctx(sim.tokens.acmeReadOnly), 'list_webhook_deliveries', {
      endpointId: 'whe_001',
    });
    expect(JSON.stringify(hooks.data)).toContain('hooks.example.com/acme/registrations');
    expect(JSON.stringify(deliveries.data)).toContain('"responseStatus":502');
    expect(JSON.stringify([hooks.data, deliveries.data])).not.toMatch(/whsec_/);
  });

  it('refuses a field outside the key scopes, naming the scope and where to grant it', async () => {
    const error = await failure(provider.callTool(ctx(sim.tokens.acmeProductsOnly), 'list_participants', {}));
    expect(error.kind).toBe('missing_scope');
    expect(error.missingScopes).toEqual(['participants:read']);
    expect(error.hint).toContain('Settings → API keys');
  });

  it('refuses a scope the key holds but the business lacks, saying the business grant is missing', async () => {
    const error = await failure(
      provider.callTool(ctx(sim.tokens.harbourFull, 'harbour-climbing'), 'list_purchases', {}),
    );
    expect(error.kind).toBe('missing_scope');
    expect(error.message).toContain('business itself does not have');
  });

  it('refuses a key on another business handle before any data is returned', async () => {
    const error = await failure(provider.callTool(ctx(sim.tokens.harbourFull, 'acme-yoga'), 'list_participants', {}));
    expect(error.kind).toBe('wrong_handle');
  });
});

describe('sessions.website webhook writes over HTTP', () => {
  it('creates, updates and deletes a webhook endpoint, changing the simulator state', async () => {
    const created = (
      await provider.callTool(ctx(sim.tokens.acmeFull), 'create_webhook_endpoint', {
        url: 'https://crm.example.com/hooks/purchases',
        events: ['purchase.completed'],
        description: 'Purchases to CRM',
      })
    ).data as Record<string, unknown>;
    expect(created).toMatchObject({
      url: 'https://crm.example.com/hooks/purchases',
      enabled: true,
      events: ['purchase.completed'],
    });
    expect(JSON.stringify(created)).not.toMatch(/whsec_/);
    const id = String(created.id);
    expect(sim.businesses.get('acme-yoga')!.webhooks.some((w) => w.id === id)).toBe(true);

    const updated = (
      await provider.callTool(ctx(sim.tokens.acmeFull), 'update_webhook_endpoint', {
        id,
        enabled: false,
        events: ['purchase.completed', 'purchase.refunded'],
      })
    ).data as Record<string, unknown>;
    expect(updated).toMatchObject({ enabled: false, events: ['purchase.completed', 'purchase.refunded'] });

    const deleted = await provider.callTool(ctx(sim.tokens.acmeFull), 'delete_webhook_endpoint', { id });
    expect(deleted.data).toEqual({ id, deleted: true });
    expect(sim.businesses.get('acme-yoga')!.webhooks.some((w) => w.id === id)).toBe(false);
  });

  it('refuses a write with a read-only key as missing webhooks:write, leaving the state unchanged', async () => {
    const before = sim.businesses.get('acme-yoga')!.webhooks.length;
    const error = await failure(
      provider.callTool(ctx(sim.tokens.acmeReadOnly), 'create_webhook_endpoint', {
        url: 'https://x.example.com/h',
        events: ['participant.created'],
      }),
    );
    expect(error.kind).toBe('missing_scope');
    expect(error.missingScopes).toEqual(['webhooks:write']);
    expect(sim.businesses.get('acme-yoga')!.webhooks.length).toBe(before);
  });

  it('rejects a plain-http webhook URL and an unknown endpoint id', async () => {
    const sent = sim.requests.length;
    await expect(
      provider.callTool(ctx(sim.tokens.acmeFull), 'create_webhook_endpoint', {
        url: 'http://crm.example.com/h',
        events: ['purchase.completed'],
      }),
    ).rejects.toBeInstanceOf(InputError);
    expect(sim.requests.length).toBe(sent);
    const error = await failure(
      provider.callTool(ctx(sim.tokens.acmeFull), 'delete_webhook_endpoint', { id: 'whe_nope' }),
    );
    expect(error.kind).toBe('not_found');
  });
});

describe('sessions.website transport rules', () => {
  it('retries a 429 honouring Retry-After and then succeeds', async () => {
    sim.rateLimit(2, 1);
    const result = await provider.callTool(ctx(sim.tokens.acmeFull), 'list_products', {});
    expect((result.data as { nodes: unknown[] }).nodes.length).toBe(4);
  });

  it('gives up with rate_limited after the bounded retries', async () => {
    sim.rateLimit(10, 1);
    const error = await failure(provider.callTool(ctx(sim.tokens.acmeFull), 'list_products', {}));
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(1000);
    sim.rateLimit(0, 1);
  });

  it('says a key revoked while in use is revoked, with where to create a new one', async () => {
    const other = await startSessionsWebsiteSimulator();
    try {
      const c = ctx(other.tokens.acmeFull, 'acme-yoga', other.url);
      expect((await provider.callTool(c, 'list_products', {})).status).toBe(200);
      other.revoke(other.tokens.acmeFull);
      const error = await failure(provider.callTool(c, 'list_products', {}));
      expect(error.kind).toBe('revoked');
      expect(error.isCredentialProblem).toBe(true);
      expect(error.hint).toContain('Settings → API keys');
    } finally {
      await other.close();
    }
  });

  it('refuses to send the key over plain HTTP to a non-loopback host', async () => {
    const error = await failure(
      provider.callTool(ctx(sim.tokens.acmeFull, 'acme-yoga', 'http://business.sessions.website'), 'list_products', {}),
    );
    expect(error.kind).toBe('insecure_url');
  });
});
