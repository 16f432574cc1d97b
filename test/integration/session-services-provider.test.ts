import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/connections/model.js';
import { rejectionOf } from '../helpers/rejection.js';
import { tokenConnection } from '../helpers/token-connection.js';
import { UpstreamError } from '../../shared/errors.js';
import { UpstreamHttpClient } from '../../shared/net/http-client.js';
import { provider } from '../../shared/providers/session-services/index.js';
import { startSessionServicesSimulator, type SessionServicesSimulator } from '../simulators/session-services.js';

let sim: SessionServicesSimulator;
const http = new UpstreamHttpClient({ timeoutMs: 10_000, sleep: async () => undefined });

function connection(authKind: 'tenant' | 'token', extra: Partial<Connection> = {}): Connection {
  return tokenConnection({
    id: 'c_sessionsvc1',
    label: 'Harbourlight',
    provider: 'session-services',
    authKind,
    baseUrl: sim.url,
    metadata: { tenantId: sim.tokens.tenantId },
    ...extra,
  });
}
const ctx = (secret: string | null, extra: Partial<Connection> = {}) => ({
  connection: connection(secret ? 'token' : 'tenant', extra),
  secret,
  http,
});
const upstreamError = (p: Promise<unknown>) => rejectionOf(p, UpstreamError);

beforeAll(async () => {
  sim = await startSessionServicesSimulator();
});
afterAll(async () => sim.close());

describe('Session Services whoami against the simulator', () => {
  it('a tenant-only connection is the tenant, with no scopes and the tenantOnly flag', async () => {
    const who = await provider.whoami(ctx(null));
    expect(who.principal).toEqual({ type: 'tenant', id: sim.tokens.tenantId, name: 'Harbourlight Live' });
    expect(who.tokenKind).toBe('tenant');
    expect(who.flags.tenantOnly).toBe(true);
    expect(who.scopes).toEqual([]);
    expect(who.maskedToken).toBeUndefined();
  });

  it('a JWT with EVENT and ORDER reports the user, the tenant context and described server scopes', async () => {
    const who = await provider.whoami(ctx(sim.tokens.eventManager));
    expect(who.principal).toMatchObject({ type: 'user', id: 'usr_maya', email: 'maya@harbourlight.example' });
    expect(who.context).toEqual([{ type: 'tenant', id: sim.tokens.tenantId, name: 'Harbourlight Live' }]);
    expect(who.scopes.map((s) => s.scope).sort()).toEqual(['EVENT', 'ORDER']);
    expect(who.scopes.find((s) => s.scope === 'ORDER')).toMatchObject({
      provenance: 'server',
      description: 'View and manage orders and refunds',
    });
    expect(who.notes.join(' ')).toMatch(/unverified/i);
    expect(who.notes).toContain('Audience (unverified): api.session.services.');
    expect(who.maskedToken).toMatch(/^eyJ….{4}$/);
    expect(Date.parse(who.expiresAt!)).toBeGreaterThan(Date.now());
  });

  it('a FULL token says FULL grants everything and its effective scopes include every scope', async () => {
    const who = await provider.whoami(ctx(sim.tokens.full));
    expect(who.scopes.map((s) => s.scope)).toEqual(['FULL']);
    expect(who.notes.join(' ')).toMatch(/FULL grants complete admin-level access/);
    const effective = provider.effectiveScopes(connection('token', { serverScopes: ['FULL'] }))!;
    for (const s of ['EVENT', 'ORDER', 'FINANCE', 'SCANNING', 'TEAM', 'VENUE']) expect(effective.has(s)).toBe(true);
  });

  it('an expired JWT fails as expired with a next step naming OpenAuth', async () => {
    const error = await upstreamError(provider.whoami(ctx(sim.tokens.expired)));
    expect(error.kind).toBe('expired');
    expect(error.status).toBe(401);
    expect(error.hint).toMatch(/OpenAuth/);
  });

  it('a revoked or forged JWT fails as invalid_token (401)', async () => {
    const token = sim.issueToken({ scopes: ['EVENT'] });
    sim.revoke(token);
    expect((await upstreamError(provider.whoami(ctx(token)))).kind).toBe('invalid_token');
    expect((await upstreamError(provider.whoami(ctx(sim.tokens.forged)))).kind).toBe('invalid_token');
  });

  it('falls back to the unverified claims, shown as expected (never server), when the service has no who-am-I endpoint', async () => {
    sim.whoamiEndpoint = false;
    try {
      const who = await provider.whoami(ctx(sim.tokens.scanner));
      expect(who.principal).toMatchObject({ type: 'user', id: 'usr_door' });
      expect(who.scopes).toEqual([
        { scope: 'SCANNING', provenance: 'expected', description: 'Scan tickets at entry points' },
      ]);
      expect(who.notes.join(' ')).toMatch(/WITHOUT verifying the signature/);
      expect(who.notes.join(' ')).toMatch(/Token not verified yet/);
    } finally {
      sim.whoamiEndpoint = true;
    }
  });

  it('a token issued for another tenant is refused as invalid_token', async () => {
    expect((await upstreamError(provider.whoami(ctx(sim.tokens.otherTenant)))).kind).toBe('invalid_token');
  });

  it('an unknown tenant id is reported as not found', async () => {
    const error = await upstreamError(provider.whoami(ctx(null, { metadata: { tenantId: 'tnt_01unknowntenant000' } })));
    expect(error.kind).toBe('not_found');
  });
});

describe('Session Services tools over HTTP', () => {
  it('a tenant-only connection offers only public read tools and can list events and quote an order', async () => {
    const names = provider.tools(connection('tenant')).map((t) => t.name);
    expect(names).toEqual([
      'list_events',
      'get_event',
      'list_admissions',
      'list_sections',
      'list_venues',
      'get_tenant_config',
      'quote_order',
      'create_checkout_order',
    ]);
    const events = await provider.callTool(ctx(null), 'list_events', {});
    expect((events.data as Array<{ id: string }>).map((e) => e.id)).toContain('evt_harbour_jazz');
    const quote = await provider.callTool(ctx(null), 'quote_order', {
      eventId: 'evt_harbour_jazz',
      lines: [{ admissionId: 'adm_jazz_ga', quantity: 2 }],
    });
    expect(quote.data).toMatchObject({ subtotalCents: 5000, feesCents: 250, totalCents: 5250 });
  });

  it('an authenticated tool without a token is refused before any request, naming what to add', async () => {
    const before = sim.requests.length;
    const error = await upstreamError(provider.callTool(ctx(null), 'list_orders', {}));
    expect(error.kind).toBe('unauthenticated');
    expect(sim.requests.length).toBe(before);
  });

  it('EVENT+ORDER can list and refund orders and create events', async () => {
    const orders = await provider.callTool(ctx(sim.tokens.eventManager), 'list_orders', {
      eventId: 'evt_harbour_jazz',
    });
    expect((orders.data as unknown[]).length).toBe(2);
    const refund = await provider.callTool(ctx(sim.tokens.eventManager), 'refund_order', {
      orderId: 'ord_1001',
      amountCents: 1000,
      reason: 'late arrival',
    });
    expect(refund.data).toMatchObject({ id: 'ord_1001', status: 'partially_refunded', refundedCents: 1000 });
    const created = await provider.callTool(ctx(sim.tokens.eventManager), 'create_event', {
      name: 'Spring Folk',
      startsAt: '2027-03-01T19:00:00Z',
    });
    expect(created.status).toBe(201);
  });

  it('a token without the scope gets 403 mapped to missing_scope naming the scope', async () => {
    const error = await upstreamError(provider.callTool(ctx(sim.tokens.eventManager), 'list_payouts', {}));
    expect(error.kind).toBe('missing_scope');
    expect(error.missingScopes).toEqual(['FINANCE']);
    expect(error.message).toMatch(/FINANCE/);
  });

  it('FULL reaches team members and payouts; SCANNING admits a ticket once', async () => {
    expect(((await provider.callTool(ctx(sim.tokens.full), 'list_team_members', {})).data as unknown[]).length).toBe(3);
    expect(((await provider.callTool(ctx(sim.tokens.full), 'list_payouts', {})).data as unknown[]).length).toBe(2);
    const first = await provider.callTool(ctx(sim.tokens.scanner), 'scan_ticket', {
      eventId: 'evt_harbour_jazz',
      ticketCode: 'HJN-8A3M-07',
    });
    const second = await provider.callTool(ctx(sim.tokens.scanner), 'scan_ticket', {
      eventId: 'evt_harbour_jazz',
      ticketCode: 'HJN-8A3M-07',
    });
    expect([(first.data as { status: string }).status, (second.data as { status: string }).status]).toEqual([
      'admitted',
      'already_scanned',
    ]);
  });

  it('retries a 429 with Retry-After and then succeeds', async () => {
    sim.rateLimitNext(1, 1);
    const before = sim.requests.length;
    const venues = await provider.callTool(ctx(null), 'list_venues', {});
    expect((venues.data as unknown[]).length).toBe(2);
    expect(sim.requests.slice(before).map((r) => r.status)).toEqual([429, 200]);
  });

  it('sends x-tenant-id on every call and Authorization only with a token', async () => {
    const before = sim.requests.length;
    await provider.callTool(ctx(null), 'list_venues', {});
    await provider.callTool(ctx(sim.tokens.full), 'list_venues', {});
    expect(sim.requests.slice(before).map((r) => [r.tenant, r.authenticated])).toEqual([
      [sim.tokens.tenantId, false],
      [sim.tokens.tenantId, true],
    ]);
  });
});

describe('Session Services: new tools and tokens that are not JWTs', () => {
  it('gets one order, lists the tickets and attendees of an event, and creates a storefront checkout order with a tenant id alone', async () => {
    const order = await provider.callTool(ctx(sim.tokens.eventManager), 'get_order', { orderId: 'ord_1002' });
    expect(order.data).toMatchObject({ id: 'ord_1002', buyerEmail: 'lena.fischer@example.com' });
    const tickets = await provider.callTool(ctx(sim.tokens.eventManager), 'list_event_tickets', {
      eventId: 'evt_harbour_jazz',
    });
    expect((tickets.data as Array<{ attendee: string }>).map((t) => t.attendee).sort()).toEqual([
      'Lena Fischer',
      'Sam Okafor',
    ]);
    const before = sim.requests.length;
    const checkout = await provider.callTool(ctx(null), 'create_checkout_order', {
      eventId: 'evt_harbour_jazz',
      lines: [{ admissionId: 'adm_jazz_ga', quantity: 1 }],
      buyerEmail: 'new.buyer@example.com',
    });
    expect([checkout.status, (checkout.data as { status: string }).status]).toEqual([201, 'pending_payment']);
    expect(sim.requests.slice(before).map((r) => r.authenticated)).toEqual([false]);
  });

  it('a token that is not a JWT is accepted: identity and permissions come from what the service reports', async () => {
    const who = await provider.whoami(ctx(sim.tokens.opaque));
    expect(who.tokenKind).toBe('opaque');
    expect(who.principal).toMatchObject({ type: 'user', id: 'usr_maya' });
    expect(who.scopes.map((s) => [s.scope, s.provenance])).toEqual([
      ['EVENT', 'server'],
      ['ORDER', 'server'],
    ]);
    const orders = await provider.callTool(ctx(sim.tokens.opaque), 'list_orders', {});
    expect((orders.data as unknown[]).length).toBeGreaterThanOrEqual(3);
  });

  it('validates with the documented GET /events first and sends the token there', async () => {
    const before = sim.requests.length;
    await provider.whoami(ctx(sim.tokens.eventManager));
    const seen = sim.requests.slice(before);
    expect(seen[0]).toMatchObject({ method: 'GET', path: '/events', authenticated: true, status: 200 });
  });

  it('a 403 to GET /events with the token does not refuse the connection: the token was recognised, the tenant is checked without it', async () => {
    sim.authenticatedEventsScope = 'EVENT';
    sim.whoamiEndpoint = false;
    try {
      const before = sim.requests.length;
      const who = await provider.whoami(ctx(sim.tokens.scanner));
      expect(sim.requests.slice(before, before + 2).map((r) => [r.path, r.authenticated, r.status])).toEqual([
        ['/events', true, 403],
        ['/events', false, 200],
      ]);
      expect(who.notes.join(' ')).toMatch(/answered 403 to GET \/events with this token/);
      expect(who.notes.join(' ')).not.toMatch(/not verified yet/);
    } finally {
      sim.authenticatedEventsScope = null;
      sim.whoamiEndpoint = true;
    }
  });

  it('when GET /events does not check tokens, a bad token is added as "not verified yet" and the first authenticated call says it is invalid', async () => {
    sim.publicIgnoresToken = true;
    sim.whoamiEndpoint = false;
    try {
      const who = await provider.whoami(ctx(sim.tokens.forged));
      expect(who.notes.join(' ')).toMatch(/Token not verified yet/);
      expect(who.scopes.every((s) => s.provenance === 'expected')).toBe(true);
      expect((await upstreamError(provider.callTool(ctx(sim.tokens.forged), 'list_orders', {}))).kind).toBe(
        'invalid_token',
      );
    } finally {
      sim.publicIgnoresToken = false;
      sim.whoamiEndpoint = true;
    }
  });
});
