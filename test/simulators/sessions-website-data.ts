/**
 * Seeded demo data for the sessions.website simulator: two businesses, their partner API keys, and the records
 * those keys may read. Test infrastructure only; every key here is fake and only valid against the simulator.
 */

/** The six partner-API scopes (seed 002). */
export const ALL_SCOPES = [
  'participants:read',
  'registrations:read',
  'products:read',
  'purchases:read',
  'webhooks:read',
  'webhooks:write',
] as const;

/** One simulated partner API key. */
export interface SimKey {
  id: string;
  name: string;
  handle: string;
  scopes: string[];
  expiresAt: string | null;
  revoked?: boolean;
}

/** One webhook endpoint (the signing secret exists but the API never returns it to partners). */
export interface SimWebhook {
  id: string;
  url: string;
  description: string | null;
  events: string[];
  enabled: boolean;
  createdAt: string;
  signingSecret: string;
  deliveries: Array<{
    id: string;
    event: string;
    status: 'DELIVERED' | 'FAILED';
    responseStatus: number;
    deliveredAt: string;
  }>;
}

/** One simulated business with its grants and records. */
export interface SimBusiness {
  id: string;
  handle: string;
  name: string;
  grantedScopes: string[];
  participants: Array<Record<string, unknown>>;
  registrations: Array<Record<string, unknown>>;
  products: Array<Record<string, unknown>>;
  purchases: Array<Record<string, unknown>>;
  webhooks: SimWebhook[];
}

/**
 * Keys the simulator issues (name → secret). `acmeFull` holds every scope; `acmeReadOnly` every read scope;
 * `acmeProductsOnly` only products:read; `acmeRevoked` was revoked; `acmeExpired` expired; `harbourFull` holds every
 * scope on @harbour-climbing, whose business lacks the purchases:read grant.
 */
export const SESSIONS_WEBSITE_TOKENS = {
  acmeFull: 'sk_live_sim_acme_full_4Tq9LmX2vR7c',
  acmeReadOnly: 'sk_live_sim_acme_read_8Hn3Ke5Wz1pD',
  acmeProductsOnly: 'sk_live_sim_acme_prod_2Vb6Qy9Js4mF',
  acmeRevoked: 'sk_live_sim_acme_revk_6Rc1Np8Tx3aL',
  acmeExpired: 'sk_live_sim_acme_expd_3Gd7Uw2Ym5eK',
  harbourFull: 'sk_live_sim_harb_full_9Pz4Ah6Lc8nB',
} as const;

/** The key records behind `SESSIONS_WEBSITE_TOKENS`. */
export function seedKeys(): Map<string, SimKey> {
  const t = SESSIONS_WEBSITE_TOKENS;
  return new Map<string, SimKey>([
    [
      t.acmeFull,
      { id: 'key_acme_1', name: 'Zapier sync', handle: 'acme-yoga', scopes: [...ALL_SCOPES], expiresAt: null },
    ],
    [
      t.acmeReadOnly,
      {
        id: 'key_acme_2',
        name: 'Reporting (read only)',
        handle: 'acme-yoga',
        scopes: ALL_SCOPES.filter((s) => s.endsWith(':read')),
        expiresAt: '2027-06-30T00:00:00.000Z',
      },
    ],
    [
      t.acmeProductsOnly,
      { id: 'key_acme_3', name: 'Shop widget', handle: 'acme-yoga', scopes: ['products:read'], expiresAt: null },
    ],
    [
      t.acmeRevoked,
      {
        id: 'key_acme_4',
        name: 'Old CRM export',
        handle: 'acme-yoga',
        scopes: [...ALL_SCOPES],
        expiresAt: null,
        revoked: true,
      },
    ],
    [
      t.acmeExpired,
      {
        id: 'key_acme_5',
        name: 'Trial integration',
        handle: 'acme-yoga',
        scopes: ['participants:read'],
        expiresAt: '2025-01-31T00:00:00.000Z',
      },
    ],
    [
      t.harbourFull,
      { id: 'key_harb_1', name: 'Harbour CRM', handle: 'harbour-climbing', scopes: [...ALL_SCOPES], expiresAt: null },
    ],
  ]);
}

/** The two businesses, freshly seeded. */
export function seedBusinesses(): Map<string, SimBusiness> {
  const acme: SimBusiness = {
    id: 'biz_01acmeyoga',
    handle: 'acme-yoga',
    name: 'Acme Yoga Studio',
    grantedScopes: [...ALL_SCOPES],
    participants: [
      {
        id: 'par_001',
        name: 'Maya Lindqvist',
        email: 'maya.lindqvist@example.com',
        marketingConsent: 'GRANTED',
        createdAt: '2026-01-04T09:12:00Z',
      },
      {
        id: 'par_002',
        name: 'Oskar Brandt',
        email: 'oskar.brandt@example.org',
        marketingConsent: 'DENIED',
        createdAt: '2026-02-11T17:40:00Z',
      },
      {
        id: 'par_003',
        name: 'Priya Raman',
        email: 'priya.raman@example.net',
        marketingConsent: 'GRANTED',
        createdAt: '2026-03-02T07:05:00Z',
      },
      {
        id: 'par_004',
        name: 'Tomás Ferreira',
        email: 'tomas.f@example.com',
        marketingConsent: 'UNKNOWN',
        createdAt: '2026-04-18T12:30:00Z',
      },
      {
        id: 'par_005',
        name: 'Hana Sato',
        email: 'hana.sato@example.jp',
        marketingConsent: 'GRANTED',
        createdAt: '2026-05-21T18:55:00Z',
      },
    ],
    registrations: [],
    products: [
      { id: 'prd_10', name: '10-class pass', kind: 'PASS', price: { amount: 14000, currency: 'EUR' }, active: true },
      {
        id: 'prd_11',
        name: 'Unlimited monthly membership',
        kind: 'MEMBERSHIP',
        price: { amount: 9900, currency: 'EUR' },
        active: true,
      },
      {
        id: 'prd_12',
        name: 'Gift card €50',
        kind: 'GIFT_CARD',
        price: { amount: 5000, currency: 'EUR' },
        active: true,
      },
      {
        id: 'prd_13',
        name: 'Cork yoga block',
        kind: 'PHYSICAL',
        price: { amount: 1800, currency: 'EUR' },
        active: false,
      },
    ],
    purchases: [],
    webhooks: [
      {
        id: 'whe_001',
        url: 'https://hooks.example.com/acme/registrations',
        description: 'CRM registration sync',
        events: ['registration.created', 'registration.cancelled'],
        enabled: true,
        createdAt: '2026-03-10T10:00:00Z',
        signingSecret: 'whsec_sim_acme_1',
        deliveries: [
          {
            id: 'dlv_1',
            event: 'registration.created',
            status: 'DELIVERED',
            responseStatus: 200,
            deliveredAt: '2026-06-01T08:00:03Z',
          },
          {
            id: 'dlv_2',
            event: 'registration.cancelled',
            status: 'FAILED',
            responseStatus: 502,
            deliveredAt: '2026-06-02T11:14:51Z',
          },
        ],
      },
    ],
  };
  const activities = [
    { id: 'act_1', title: 'Sunrise Vinyasa', startsAt: '2026-12-01T06:30:00Z' },
    { id: 'act_2', title: 'Yin & Breath', startsAt: '2026-12-02T19:00:00Z' },
  ];
  const statuses = ['CONFIRMED', 'CONFIRMED', 'WAITLISTED', 'CANCELLED', 'ATTENDED'];
  acme.registrations = acme.participants.map((p, i) => ({
    id: `reg_${100 + i}`,
    status: statuses[i],
    activity: activities[i % 2],
    participant: { id: p.id, name: p.name },
    createdAt: `2026-11-${String(10 + i).padStart(2, '0')}T09:00:00Z`,
  }));
  acme.purchases = acme.participants.slice(0, 4).map((p, i) => {
    const product = acme.products[i]!;
    return {
      id: `pur_${200 + i}`,
      product: { id: product.id, name: product.name, kind: product.kind },
      participant: { id: p.id, name: p.name },
      amount: product.price,
      status: i === 3 ? 'REFUNDED' : 'PAID',
      purchasedAt: `2026-10-${String(5 + i).padStart(2, '0')}T14:00:00Z`,
    };
  });
  const harbour: SimBusiness = {
    id: 'biz_02harbour',
    handle: 'harbour-climbing',
    name: 'Harbour Climbing Gym',
    grantedScopes: ALL_SCOPES.filter((s) => s !== 'purchases:read'),
    participants: [
      {
        id: 'par_h01',
        name: 'Ines Okafor',
        email: 'ines.okafor@example.com',
        marketingConsent: 'GRANTED',
        createdAt: '2026-02-01T10:00:00Z',
      },
      {
        id: 'par_h02',
        name: 'Lars Eriksen',
        email: 'lars.e@example.no',
        marketingConsent: 'DENIED',
        createdAt: '2026-02-14T16:20:00Z',
      },
    ],
    registrations: [],
    products: [
      { id: 'prd_h1', name: 'Day pass', kind: 'PASS', price: { amount: 1600, currency: 'GBP' }, active: true },
    ],
    purchases: [],
    webhooks: [],
  };
  return new Map([
    [acme.handle, acme],
    [harbour.handle, harbour],
  ]);
}
