/**
 * Session Services simulator (seed 003): `x-tenant-id` on every call (400 without it), public endpoints with the
 * tenant id alone, `Authorization: Bearer <JWT>` for authenticated endpoints (401 missing/invalid/expired,
 * 403 missing permission scope; FULL implies all). JWTs are HS256-signed by the simulator ("OpenAuth").
 *
 * Tokens (`handle.tokens`):
 * - `tenantId`      tnt_01jqpj2t2kfvmstt6f6tzkbaf2 — the demo tenant "Harbourlight Live" (not a secret)
 * - `eventManager`  JWT with EVENT ORDER for user usr_maya (maya@harbourlight.example)
 * - `full`          JWT with FULL (admin) for user usr_admin
 * - `scanner`       JWT with SCANNING only
 * - `expired`       JWT with EVENT whose exp is an hour in the past
 * - `otherTenant`   JWT with FULL for tenant tnt_01othertenant00000000000
 * - `forged`        JWT-shaped token with a bad signature
 * - `opaque`        a token that is not a JWT (the seed never says the format), EVENT ORDER for usr_maya
 *
 * Profiles: `full` (default) also serves Bridgekeeper's guesses (`/auth/me`, `/tenant/config`, the other tool
 * routes, `{ error: { code, message, requiredScope } }` bodies, 404 for an unknown tenant). `documented` serves
 * only what seed 003 documents: `GET /events` (public, and with a Bearer token), as bare JSON (no `data` envelope);
 * every other path answers 404; errors are the documented statuses with a plain `{ message }` body that names no
 * scope (400 missing/unknown tenant, 401 missing/invalid token, 403 missing scope). With `assumedDataPaths: true`
 * it also serves the data routes Bridgekeeper assumed (`POST /events`, orders, scans, …) in the same style, but
 * still not the identity guesses `/auth/me` and `/tenant/config`: for tests of the assumed tools.
 */
import crypto from 'node:crypto';
import type http from 'node:http';
import { readJsonBody, sendJson, startServer } from './sim-server.js';

export const SESSION_SERVICES_TENANT_ID = 'tnt_01jqpj2t2kfvmstt6f6tzkbaf2';
const ISSUER = 'https://auth.session.services';

/** `full`: our guesses too (default); `documented`: only what seed 003 documents. */
export type SessionServicesProfile = 'full' | 'documented';

/** A request the simulator saw (never the token itself). */
export interface SessionServicesRequestLog {
  method: string;
  path: string;
  tenant: string | undefined;
  authenticated: boolean;
  status: number;
}

export interface SessionServicesSimulator {
  url: string;
  hostOverrides: Record<string, string>;
  profile: SessionServicesProfile;
  /** Whether the assumed data routes are served (always on `full`; opt-in on `documented`). */
  assumedDataPaths: boolean;
  tokens: {
    tenantId: string;
    eventManager: string;
    full: string;
    scanner: string;
    expired: string;
    otherTenant: string;
    forged: string;
    opaque: string;
  };
  /** Signs a new token for the demo tenant (or `tenantId`). */
  issueToken(claims: {
    scopes: string[];
    sub?: string;
    email?: string;
    expiresInSeconds?: number;
    tenantId?: string;
  }): string;
  /** Makes a token fail with 401 from now on. */
  revoke(token: string): void;
  /** The next `count` requests answer 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitNext(count: number, retryAfterSeconds?: number): void;
  /** Delay every response by this many ms. */
  latencyMs: number;
  /** Turn the (assumed) `/auth/me` endpoint off to exercise the claims-only fallback. */
  whoamiEndpoint: boolean;
  /**
   * Makes the assumed enrichment endpoint `GET /auth/me` or `GET /tenant/config` answer this instead (e.g. 405, 400,
   * 501, an unexpected body), for a valid tenant; `undefined` restores the profile's answer.
   */
  setEnrichmentReply(path: '/auth/me' | '/tenant/config', reply: { status: number; body: unknown } | undefined): void;
  /** `GET /events` ignores the Authorization header entirely (a public endpoint that does not check tokens). */
  publicIgnoresToken: boolean;
  /** When set, `GET /events` with a token lacking this scope answers 403 (public access without a token still works). */
  authenticatedEventsScope: string | null;
  requests: SessionServicesRequestLog[];
  close(): Promise<void>;
}

type Row = Record<string, unknown> & { id: string };
function seed() {
  const events: Row[] = [
    {
      id: 'evt_harbour_jazz',
      name: 'Harbour Jazz Nights',
      status: 'published',
      startsAt: '2026-12-12T19:30:00Z',
      endsAt: '2026-12-12T23:00:00Z',
      venueId: 'ven_pier9',
      timezone: 'Europe/London',
    },
    {
      id: 'evt_winter_lights',
      name: 'Winter Lights Market',
      status: 'published',
      startsAt: '2026-12-19T16:00:00Z',
      endsAt: '2026-12-19T22:00:00Z',
      venueId: 'ven_quay',
      timezone: 'Europe/London',
    },
    {
      id: 'evt_nye_gala',
      name: "New Year's Eve Gala",
      status: 'draft',
      startsAt: '2026-12-31T20:00:00Z',
      endsAt: '2027-01-01T02:00:00Z',
      venueId: 'ven_pier9',
      timezone: 'Europe/London',
    },
  ];
  return {
    events,
    venues: [
      { id: 'ven_pier9', name: 'Pier 9 Warehouse', city: 'Bristol', capacity: 850 },
      { id: 'ven_quay', name: 'Quayside Square', city: 'Bristol', capacity: 3000 },
    ] as Row[],
    admissions: [
      {
        id: 'adm_jazz_ga',
        eventId: 'evt_harbour_jazz',
        name: 'General admission',
        priceCents: 2500,
        currency: 'GBP',
        remaining: 212,
      },
      {
        id: 'adm_jazz_vip',
        eventId: 'evt_harbour_jazz',
        name: 'VIP table seat',
        priceCents: 6500,
        currency: 'GBP',
        remaining: 18,
      },
      {
        id: 'adm_lights_free',
        eventId: 'evt_winter_lights',
        name: 'Free entry (timed)',
        priceCents: 0,
        currency: 'GBP',
        remaining: 1400,
      },
    ] as Row[],
    sections: [
      { id: 'sec_floor', eventId: 'evt_harbour_jazz', name: 'Standing floor', capacity: 700 },
      { id: 'sec_mezz', eventId: 'evt_harbour_jazz', name: 'Mezzanine tables', capacity: 150 },
    ] as Row[],
    orders: [
      {
        id: 'ord_1001',
        eventId: 'evt_harbour_jazz',
        status: 'paid',
        totalCents: 5250,
        currency: 'GBP',
        buyerEmail: 'sam.okafor@example.com',
        createdAt: '2026-11-02T10:14:00Z',
        refundedCents: 0,
      },
      {
        id: 'ord_1002',
        eventId: 'evt_harbour_jazz',
        status: 'paid',
        totalCents: 13650,
        currency: 'GBP',
        buyerEmail: 'lena.fischer@example.com',
        createdAt: '2026-11-03T18:40:00Z',
        refundedCents: 0,
      },
      {
        id: 'ord_1003',
        eventId: 'evt_winter_lights',
        status: 'refunded',
        totalCents: 0,
        currency: 'GBP',
        buyerEmail: 'ravi.p@example.com',
        createdAt: '2026-11-05T09:02:00Z',
        refundedCents: 0,
      },
    ] as Row[],
    tickets: new Map<
      string,
      { eventId: string; orderId: string; admissionId: string; attendee: string; scannedAt?: string }
    >([
      [
        'HJN-7Q2K-91',
        { eventId: 'evt_harbour_jazz', orderId: 'ord_1001', admissionId: 'adm_jazz_ga', attendee: 'Sam Okafor' },
      ],
      [
        'HJN-8A3M-07',
        { eventId: 'evt_harbour_jazz', orderId: 'ord_1002', admissionId: 'adm_jazz_vip', attendee: 'Lena Fischer' },
      ],
    ]),
    team: [
      {
        id: 'usr_maya',
        name: 'Maya Chen',
        email: 'maya@harbourlight.example',
        role: 'Event manager',
        permissions: ['EVENT', 'ORDER'],
      },
      {
        id: 'usr_admin',
        name: 'Jordan Reyes',
        email: 'jordan@harbourlight.example',
        role: 'Owner',
        permissions: ['FULL'],
      },
      {
        id: 'usr_door',
        name: 'Alex Byrne',
        email: 'alex@harbourlight.example',
        role: 'Door staff',
        permissions: ['SCANNING'],
      },
    ] as Row[],
    payouts: [
      { id: 'po_5501', amountCents: 184200, currency: 'GBP', status: 'paid', arrivesAt: '2026-11-10' },
      { id: 'po_5502', amountCents: 96550, currency: 'GBP', status: 'pending', arrivesAt: '2026-11-24' },
    ] as Row[],
  };
}

/** Starts the Session Services simulator on 127.0.0.1 (random port unless `port`). */
export async function startSessionServicesSimulator(
  options: {
    port?: number;
    profile?: SessionServicesProfile;
    /** Documented profile only: also serve the assumed data routes (never `/auth/me` or `/tenant/config`). */
    assumedDataPaths?: boolean;
  } = {},
): Promise<SessionServicesSimulator> {
  const profile = options.profile ?? 'full';
  const documented = profile === 'documented';
  const strict = documented && !options.assumedDataPaths;
  const key = crypto.randomBytes(32);
  const revoked = new Set<string>();
  /** Tokens that are not JWTs: their claims live here. */
  const opaque = new Map<string, Record<string, unknown>>();
  const data = seed();
  let rateLimited = 0;
  let retryAfter = 1;
  const enrichmentReplies = new Map<string, { status: number; body: unknown }>();
  const sign = (claims: Record<string, unknown>): string => {
    const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
    return `${body}.${crypto.createHmac('sha256', key).update(body).digest('base64url')}`;
  };
  const issueToken: SessionServicesSimulator['issueToken'] = (c) => {
    const now = Math.floor(Date.now() / 1000);
    return sign({
      iss: ISSUER,
      aud: 'api.session.services',
      sub: c.sub ?? 'usr_maya',
      ...(c.email ? { email: c.email } : {}),
      tid: c.tenantId ?? SESSION_SERVICES_TENANT_ID,
      scope: c.scopes.join(' '),
      iat: now,
      exp: now + (c.expiresInSeconds ?? 3600 * 24 * 30),
    });
  };
  const verify = (token: string): Record<string, unknown> | 'expired' | undefined => {
    if (opaque.has(token)) return revoked.has(token) ? undefined : opaque.get(token);
    const [h, p, s] = token.split('.');
    if (!h || !p || !s || revoked.has(token)) return undefined;
    const expected = crypto.createHmac('sha256', key).update(`${h}.${p}`).digest();
    const given = Buffer.from(s, 'base64url');
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return undefined;
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
    return typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now() ? 'expired' : claims;
  };

  const handle = {} as SessionServicesSimulator;
  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    const tenant = header(req, 'x-tenant-id');
    const auth = header(req, 'authorization');
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      handle.requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        tenant,
        authenticated: Boolean(auth),
        status,
      });
      // The documented profile answers with bare resources (no `data` envelope): the envelope is not documented.
      const sent =
        documented && status < 300 && body && typeof body === 'object' && 'data' in body
          ? (body as { data: unknown }).data
          : body;
      setTimeout(() => sendJson(res, status, sent, headers), handle.latencyMs);
    };
    const fail = (
      status: number,
      code: string,
      message: string,
      extra: Record<string, unknown> = {},
      headers: Record<string, string> = {},
    ) =>
      reply(status, documented ? { message: plainMessage(status) } : { error: { code, message, ...extra } }, headers);
    if (rateLimited > 0) {
      rateLimited--;
      return fail(429, 'RATE_LIMITED', 'Too many requests', {}, { 'retry-after': String(retryAfter) });
    }
    if (!tenant) return fail(400, 'TENANT_REQUIRED', 'Missing x-tenant-id header');
    if (!/^tnt_[a-z0-9]{6,}$/i.test(tenant)) return fail(400, 'TENANT_INVALID', 'Malformed x-tenant-id header');
    if (tenant !== SESSION_SERVICES_TENANT_ID)
      return documented
        ? fail(400, 'TENANT_INVALID', 'Unknown tenant')
        : fail(404, 'TENANT_NOT_FOUND', 'Unknown tenant');
    const override = req.method === 'GET' ? enrichmentReplies.get(url.pathname) : undefined;
    if (override) return reply(override.status, override.body);
    if (url.pathname === '/auth/me' && !handle.whoamiEndpoint) return fail(404, 'NOT_FOUND', 'No such route');
    let claims: Record<string, unknown> | undefined;
    const ignoreToken = handle.publicIgnoresToken && req.method === 'GET' && url.pathname === '/events';
    if (auth && !ignoreToken) {
      const token = /^Bearer (.+)$/i.exec(auth)?.[1];
      const verified = token ? verify(token) : undefined;
      if (verified === 'expired') return fail(401, 'TOKEN_EXPIRED', 'Token has expired');
      if (!verified) return fail(401, 'UNAUTHORIZED', 'Missing or invalid token');
      claims = verified;
      if (claims.tid !== tenant) return fail(401, 'UNAUTHORIZED', 'Token was issued for another tenant');
    }
    const granted = new Set(
      String(claims?.scope ?? '')
        .split(' ')
        .filter(Boolean),
    );
    const need = (scope: string | null): boolean => {
      if (scope === null) return true;
      if (!claims) return (fail(401, 'UNAUTHORIZED', 'Missing or invalid token'), false);
      if (granted.has(scope) || granted.has('FULL')) return true;
      return (
        fail(403, 'FORBIDDEN', `Token lacks the required permission scope ${scope}`, { requiredScope: scope }),
        false
      );
    };
    const body =
      req.method === 'POST' || req.method === 'PATCH'
        ? (((await readJsonBody(req)) as Record<string, unknown> | null) ?? {})
        : {};
    const route = `${req.method} ${url.pathname}`;
    const m = (re: RegExp) => re.exec(route);
    let match: RegExpExecArray | null;
    if (strict && route !== 'GET /events') return fail(404, 'NOT_FOUND', 'No such route');
    if (documented && (url.pathname === '/auth/me' || url.pathname === '/tenant/config'))
      return fail(404, 'NOT_FOUND', 'No such route');
    if (route === 'GET /tenant/config')
      return reply(200, {
        data: {
          tenantId: tenant,
          name: 'Harbourlight Live',
          currency: 'GBP',
          timezone: 'Europe/London',
          storefrontUrl: 'https://tickets.harbourlight.example',
        },
      });
    if (route === 'GET /auth/me') {
      if (!handle.whoamiEndpoint) return fail(404, 'NOT_FOUND', 'No such route');
      if (!claims) return fail(401, 'UNAUTHORIZED', 'Missing or invalid token');
      const member = data.team.find((t) => t.id === claims.sub);
      return reply(200, {
        data: {
          sub: claims.sub,
          tenantId: claims.tid,
          email: member?.email ?? claims.email,
          name: member?.name,
          permissions: [...granted],
          expiresAt: new Date(Number(claims.exp) * 1000).toISOString(),
        },
      });
    }
    if (route === 'GET /events') {
      if (claims && handle.authenticatedEventsScope && !need(handle.authenticatedEventsScope)) return;
      let list = data.events.filter(
        (e) => !url.searchParams.get('status') || e.status === url.searchParams.get('status'),
      );
      if (!claims) list = list.filter((e) => e.status !== 'draft');
      return reply(200, { data: list.slice(0, Number(url.searchParams.get('limit') ?? 50)) });
    }
    if ((match = m(/^GET \/events\/([^/]+)$/))) {
      const event = data.events.find((e) => e.id === decodeURIComponent(match![1]!));
      return event ? reply(200, { data: event }) : fail(404, 'NOT_FOUND', 'Event not found');
    }
    if ((match = m(/^GET \/events\/([^/]+)\/(admissions|sections)$/))) {
      const id = decodeURIComponent(match[1]!);
      if (!data.events.some((e) => e.id === id)) return fail(404, 'NOT_FOUND', 'Event not found');
      return reply(200, {
        data: (match[2] === 'admissions' ? data.admissions : data.sections).filter((r) => r.eventId === id),
      });
    }
    if (route === 'GET /venues') return reply(200, { data: data.venues });
    if (route === 'POST /orders/quote') {
      const lines = Array.isArray(body.lines) ? (body.lines as Array<{ admissionId?: string; quantity?: number }>) : [];
      if (lines.length === 0) return fail(400, 'INVALID_REQUEST', 'lines is required');
      let subtotal = 0;
      const priced = [];
      for (const line of lines) {
        const adm = data.admissions.find((a) => a.id === line.admissionId && a.eventId === body.eventId);
        if (!adm) return fail(404, 'NOT_FOUND', `Admission ${String(line.admissionId)} not found for this event`);
        subtotal += Number(adm.priceCents) * Number(line.quantity ?? 1);
        priced.push({ admissionId: adm.id, quantity: line.quantity ?? 1, unitPriceCents: adm.priceCents });
      }
      const fees = Math.round(subtotal * 0.05);
      return reply(200, {
        data: {
          id: `qt_${crypto.randomBytes(4).toString('hex')}`,
          eventId: body.eventId,
          lines: priced,
          subtotalCents: subtotal,
          feesCents: fees,
          totalCents: subtotal + fees,
          currency: 'GBP',
        },
      });
    }
    if (route === 'POST /events') {
      if (!need('EVENT')) return;
      if (typeof body.name !== 'string' || typeof body.startsAt !== 'string')
        return fail(400, 'INVALID_REQUEST', 'name and startsAt are required');
      const event = {
        id: `evt_${crypto.randomBytes(4).toString('hex')}`,
        status: 'draft',
        timezone: 'Europe/London',
        ...body,
      };
      data.events.push(event as Row);
      return reply(201, { data: event });
    }
    if ((match = m(/^PATCH \/events\/([^/]+)$/))) {
      if (!need('EVENT')) return;
      const event = data.events.find((e) => e.id === decodeURIComponent(match![1]!));
      if (!event) return fail(404, 'NOT_FOUND', 'Event not found');
      Object.assign(event, body);
      return reply(200, { data: event });
    }
    if (route === 'GET /orders') {
      if (!need('ORDER')) return;
      return reply(200, {
        data: data.orders.filter(
          (o) =>
            (!url.searchParams.get('eventId') || o.eventId === url.searchParams.get('eventId')) &&
            (!url.searchParams.get('status') || o.status === url.searchParams.get('status')),
        ),
      });
    }
    if ((match = m(/^POST \/orders\/([^/]+)\/refund$/))) {
      if (!need('ORDER')) return;
      const order = data.orders.find((o) => o.id === decodeURIComponent(match![1]!));
      if (!order) return fail(404, 'NOT_FOUND', 'Order not found');
      const amount =
        typeof body.amountCents === 'number'
          ? body.amountCents
          : Number(order.totalCents) - Number(order.refundedCents);
      const refunded = Number(order.refundedCents) + amount;
      order.refundedCents = refunded;
      order.status = refunded >= Number(order.totalCents) ? 'refunded' : 'partially_refunded';
      return reply(200, { data: order });
    }
    if (route === 'POST /scans') {
      if (!need('SCANNING')) return;
      const ticket = data.tickets.get(String(body.ticketCode));
      if (!ticket || ticket.eventId !== body.eventId)
        return reply(200, {
          data: { id: `scn_${crypto.randomBytes(3).toString('hex')}`, ticketCode: body.ticketCode, status: 'invalid' },
        });
      const status = ticket.scannedAt ? 'already_scanned' : 'admitted';
      ticket.scannedAt ??= new Date().toISOString();
      return reply(200, {
        data: {
          id: `scn_${crypto.randomBytes(3).toString('hex')}`,
          ticketCode: body.ticketCode,
          eventId: body.eventId,
          status,
          admittedAt: ticket.scannedAt,
        },
      });
    }
    if ((match = m(/^GET \/orders\/([^/]+)$/))) {
      if (!need('ORDER')) return;
      const order = data.orders.find((o) => o.id === decodeURIComponent(match![1]!));
      return order ? reply(200, { data: order }) : fail(404, 'NOT_FOUND', 'Order not found');
    }
    if (route === 'POST /orders/checkout') {
      const lines = Array.isArray(body.lines) ? (body.lines as Array<{ admissionId?: string; quantity?: number }>) : [];
      if (lines.length === 0 || typeof body.buyerEmail !== 'string')
        return fail(400, 'INVALID_REQUEST', 'lines and buyerEmail are required');
      let total = 0;
      for (const line of lines) {
        const adm = data.admissions.find((a) => a.id === line.admissionId && a.eventId === body.eventId);
        if (!adm) return fail(404, 'NOT_FOUND', `Admission ${String(line.admissionId)} not found for this event`);
        total += Number(adm.priceCents) * Number(line.quantity ?? 1);
      }
      const order = {
        id: `ord_${crypto.randomBytes(4).toString('hex')}`,
        eventId: body.eventId,
        status: 'pending_payment',
        totalCents: Math.round(total * 1.05),
        currency: 'GBP',
        buyerEmail: body.buyerEmail,
        createdAt: new Date().toISOString(),
        refundedCents: 0,
        checkoutUrl: 'https://tickets.harbourlight.example/pay',
      };
      data.orders.push(order as Row);
      return reply(201, { data: order });
    }
    if ((match = m(/^GET \/events\/([^/]+)\/tickets$/))) {
      if (!need('ORDER')) return;
      const id = decodeURIComponent(match[1]!);
      if (!data.events.some((e) => e.id === id)) return fail(404, 'NOT_FOUND', 'Event not found');
      const list = [...data.tickets.entries()]
        .filter(([, t]) => t.eventId === id)
        .map(([code, t]) => ({ id: code, code, ...t, status: t.scannedAt ? 'scanned' : 'valid' }));
      return reply(200, { data: list });
    }
    if (route === 'GET /team/members') return need('TEAM') ? reply(200, { data: data.team }) : undefined;
    if (route === 'GET /payouts') return need('FINANCE') ? reply(200, { data: data.payouts }) : undefined;
    return fail(404, 'NOT_FOUND', 'No such route');
  };

  const server = await startServer(
    (req, res) =>
      void handler(req, res).catch(() =>
        sendJson(res, 500, { error: { code: 'INTERNAL', message: 'simulator error' } }),
      ),
    options.port,
  );
  const now = Math.floor(Date.now() / 1000);
  const opaqueToken = `ssk_${crypto.randomBytes(24).toString('base64url')}`;
  opaque.set(opaqueToken, {
    sub: 'usr_maya',
    tid: SESSION_SERVICES_TENANT_ID,
    scope: 'EVENT ORDER',
    exp: now + 3600 * 24 * 30,
  });
  Object.assign(handle, {
    url: server.url,
    profile,
    assumedDataPaths: !strict,
    hostOverrides: { 'api.session.services': server.url },
    tokens: {
      tenantId: SESSION_SERVICES_TENANT_ID,
      eventManager: issueToken({ scopes: ['EVENT', 'ORDER'], sub: 'usr_maya' }),
      full: issueToken({ scopes: ['FULL'], sub: 'usr_admin' }),
      scanner: issueToken({ scopes: ['SCANNING'], sub: 'usr_door' }),
      expired: sign({
        iss: ISSUER,
        aud: 'api.session.services',
        sub: 'usr_maya',
        tid: SESSION_SERVICES_TENANT_ID,
        scope: 'EVENT',
        iat: now - 7200,
        exp: now - 3600,
      }),
      otherTenant: issueToken({ scopes: ['FULL'], sub: 'usr_other', tenantId: 'tnt_01othertenant00000000000' }),
      opaque: opaqueToken,
      forged: `${issueToken({ scopes: ['FULL'] })
        .split('.')
        .slice(0, 2)
        .join('.')}.${Buffer.from('not-the-signature').toString('base64url')}`,
    },
    issueToken,
    revoke: (token: string) => void revoked.add(token),
    rateLimitNext: (count: number, seconds = 1) => {
      rateLimited = count;
      retryAfter = seconds;
    },
    latencyMs: 0,
    whoamiEndpoint: true,
    setEnrichmentReply: (path, reply) => {
      if (reply) enrichmentReplies.set(path, reply);
      else enrichmentReplies.delete(path);
    },
    authenticatedEventsScope: null,
    publicIgnoresToken: false,
    requests: [],
    close: () => server.close(),
  } satisfies Omit<SessionServicesSimulator, never>);
  return handle;
}

/** The documented meaning of each status (seed 003), as a real service might word it, naming no scope. */
function plainMessage(status: number): string {
  return (
    {
      400: 'Missing x-tenant-id header',
      401: 'Missing or invalid token',
      403: 'Token lacks the required permission scope',
      404: 'Not found',
      429: 'Too many requests',
    }[status] ?? 'Error'
  );
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
