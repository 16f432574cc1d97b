import { createHash } from 'node:crypto';

/** A simulated Sessionboard organization (region + the seed's org-level AI / MCP feature flags). */
export interface SimOrg {
  id: string;
  name: string;
  region: 'us' | 'eu';
  aiFeatures: boolean;
  mcpAccess: boolean;
}

/** A simulated API token (Organization Settings → API Tokens). */
export interface SimToken {
  key: string;
  value: string;
  id: string;
  name: string;
  orgId: string;
  scopes: string[];
  mcpAccess: boolean;
  hidePii: boolean;
  eventRestrictions: string[] | null;
  revoked: boolean;
  expiresAt: string | null;
}

/** One stored record (session, contact, exhibitor, sponsor, report, dashboard, metadata item). */
export type SimRecord = { id: string; eventId: string; deletedAt?: string | null } & Record<string, unknown>;

/** The mutable world a simulator serves. */
export interface SessionboardWorld {
  orgs: SimOrg[];
  tokens: SimToken[];
  events: Array<{
    id: string;
    orgId: string;
    name: string;
    startDate: string;
    endDate: string;
    timezone: string;
    status: string;
  }>;
  /** collection ('sessions', 'contacts', 'metadata/rooms' …) → records */
  records: Map<string, SimRecord[]>;
}

const ALL_READS = ['read:events', 'read:sessions', 'read:contacts', 'read:reports', 'read:dashboards'];
const ALL_WRITES = [
  'write:sessions',
  'write:contacts',
  'write:exhibitors',
  'write:sponsors',
  'write:fields',
  'write:metadata',
  'write:events',
];

/** Deterministic token value for a token key (stable across runs, so demos can document them). */
export function simTokenValue(key: string): string {
  return createHash('sha256').update(`sessionboard-sim:${key}`).digest('hex').slice(0, 48);
}

function token(key: string, name: string, orgId: string, scopes: string[], opts: Partial<SimToken> = {}): SimToken {
  return {
    key,
    value: simTokenValue(key),
    id: `tok_${key.toLowerCase()}`,
    name,
    orgId,
    scopes,
    mcpAccess: true,
    hidePii: false,
    eventRestrictions: null,
    revoked: false,
    expiresAt: null,
    ...opts,
  };
}

/** Seeds the demo world: four organizations, eleven tokens, events with sessions, speakers and metadata. */
export function seedSessionboardWorld(): SessionboardWorld {
  const orgs: SimOrg[] = [
    { id: 'org_acme', name: 'Acme Events', region: 'us', aiFeatures: true, mcpAccess: true },
    { id: 'org_nordic', name: 'Nordic Summits', region: 'eu', aiFeatures: true, mcpAccess: true },
    { id: 'org_beta', name: 'Beta Conferences', region: 'us', aiFeatures: false, mcpAccess: false },
    { id: 'org_gamma', name: 'Gamma Expo', region: 'us', aiFeatures: true, mcpAccess: false },
  ];
  const tokens: SimToken[] = [
    token('full', 'Claude assistant (full)', 'org_acme', [...ALL_READS, 'read:insights', ...ALL_WRITES]),
    token('readOnly', 'Tableau dashboard', 'org_acme', [...ALL_READS], { mcpAccess: false, hidePii: true }),
    token('legacy', 'Old CRM sync', 'org_acme', []),
    token('mcpDisabled', 'Reporting script', 'org_acme', [...ALL_READS, 'read:insights'], { mcpAccess: false }),
    token('noInsights', 'Assistant without insights', 'org_acme', [...ALL_READS]),
    token('hidePii', 'AI assistant (Hide PII)', 'org_acme', [...ALL_READS, 'read:insights'], { hidePii: true }),
    token('eventRestricted', 'DevDay bot', 'org_acme', [...ALL_READS, 'read:insights', 'write:sessions'], {
      eventRestrictions: ['evt_devday26'],
    }),
    token('revoked', 'Decommissioned sync', 'org_acme', [...ALL_READS], { revoked: true }),
    token('orgAiDisabled', 'Beta assistant', 'org_beta', [...ALL_READS, 'read:insights']),
    token('orgMcpDisabled', 'Gamma assistant', 'org_gamma', [...ALL_READS, 'read:insights']),
    token('sessionWriter', 'Session sync', 'org_acme', ['write:sessions'], { mcpAccess: false, hidePii: true }),
    token('eu', 'Nordic assistant', 'org_nordic', [...ALL_READS, 'read:insights', 'write:sessions', 'write:metadata'], {
      expiresAt: '2027-06-30T00:00:00.000Z',
    }),
  ];
  const events = [
    {
      id: 'evt_summit26',
      orgId: 'org_acme',
      name: 'Acme Summit 2026',
      startDate: '2026-09-14',
      endDate: '2026-09-16',
      timezone: 'America/Chicago',
      status: 'published',
    },
    {
      id: 'evt_devday26',
      orgId: 'org_acme',
      name: 'Acme DevDay 2026',
      startDate: '2026-11-03',
      endDate: '2026-11-03',
      timezone: 'America/New_York',
      status: 'draft',
    },
    {
      id: 'evt_oslo26',
      orgId: 'org_nordic',
      name: 'Oslo Tech Week 2026',
      startDate: '2026-10-05',
      endDate: '2026-10-08',
      timezone: 'Europe/Oslo',
      status: 'published',
    },
    {
      id: 'evt_beta26',
      orgId: 'org_beta',
      name: 'Beta Con 2026',
      startDate: '2026-05-01',
      endDate: '2026-05-02',
      timezone: 'America/Denver',
      status: 'published',
    },
    {
      id: 'evt_gamma26',
      orgId: 'org_gamma',
      name: 'Gamma Expo 2026',
      startDate: '2026-06-10',
      endDate: '2026-06-12',
      timezone: 'America/Los_Angeles',
      status: 'published',
    },
  ];
  const records = new Map<string, SimRecord[]>();
  records.set('sessions', [
    {
      id: 'ses_1001',
      eventId: 'evt_summit26',
      title: 'Keynote: The Future of Events',
      status: 'accepted',
      format: 'Keynote',
      track: 'Main Stage',
      room: 'Hall A',
      speakerIds: ['con_201'],
    },
    {
      id: 'ses_1002',
      eventId: 'evt_summit26',
      title: 'AI & Machine Learning for Organizers',
      status: 'accepted',
      format: 'Talk',
      track: 'AI & Machine Learning',
      room: 'Room 101',
      speakerIds: ['con_202', 'con_203'],
    },
    {
      id: 'ses_1003',
      eventId: 'evt_summit26',
      title: 'Hybrid Attendance that Works',
      status: 'submitted',
      format: 'Panel',
      track: 'Operations',
      room: null,
      speakerIds: ['con_203'],
    },
    {
      id: 'ses_1004',
      eventId: 'evt_summit26',
      title: 'Sponsorship ROI Deep Dive',
      status: 'rejected',
      format: 'Talk',
      track: 'Business',
      room: null,
      speakerIds: [],
    },
    {
      id: 'ses_2001',
      eventId: 'evt_devday26',
      title: 'Building with the Sessionboard API',
      status: 'accepted',
      format: 'Workshop',
      track: 'Developers',
      room: 'Lab 2',
      speakerIds: ['con_204'],
    },
    {
      id: 'ses_3001',
      eventId: 'evt_oslo26',
      title: 'Nordic Startups on Stage',
      status: 'accepted',
      format: 'Talk',
      track: 'Startups',
      room: 'Sal 1',
      speakerIds: ['con_301'],
    },
  ]);
  records.set('contacts', [
    {
      id: 'con_201',
      eventId: 'evt_summit26',
      firstName: 'Jane',
      lastName: 'Okafor',
      email: 'jane.okafor@acme-events.com',
      phone: '+1 312-555-4567',
      company: 'Acme Events',
      title: 'CEO',
    },
    {
      id: 'con_202',
      eventId: 'evt_summit26',
      firstName: 'Diego',
      lastName: 'Martins',
      email: 'diego@datawise.io',
      phone: '+1 415-555-0142',
      company: 'DataWise',
      title: 'ML Lead',
    },
    {
      id: 'con_203',
      eventId: 'evt_summit26',
      firstName: 'Priya',
      lastName: 'Shah',
      email: 'priya.shah@hybridly.com',
      phone: '+1 646-555-9821',
      company: 'Hybridly',
      title: 'COO',
    },
    {
      id: 'con_204',
      eventId: 'evt_devday26',
      firstName: 'Tom',
      lastName: 'Becker',
      email: 'tom@apicraft.dev',
      phone: '+1 917-555-3300',
      company: 'APICraft',
      title: 'Developer Advocate',
    },
    {
      id: 'con_301',
      eventId: 'evt_oslo26',
      firstName: 'Ingrid',
      lastName: 'Larsen',
      email: 'ingrid@fjordvc.no',
      phone: '+47 912-345-678',
      company: 'Fjord VC',
      title: 'Partner',
    },
  ]);
  records.set('exhibitors', [
    {
      id: 'exh_1',
      eventId: 'evt_summit26',
      name: 'BoothBuilders',
      booth: 'B12',
      contactEmail: 'sales@boothbuilders.com',
    },
    { id: 'exh_2', eventId: 'evt_summit26', name: 'Badgely', booth: 'C03', contactEmail: 'hello@badgely.com' },
  ]);
  records.set('sponsors', [
    { id: 'spo_1', eventId: 'evt_summit26', name: 'CloudNine Venues', tier: 'Gold' },
    { id: 'spo_2', eventId: 'evt_devday26', name: 'APICraft', tier: 'Silver' },
  ]);
  records.set('reports', [
    { id: 'rep_1', eventId: 'evt_summit26', name: 'Accepted sessions by track', updatedAt: '2026-08-01T10:00:00Z' },
  ]);
  records.set('dashboards', [{ id: 'dash_1', eventId: 'evt_summit26', name: 'Program overview', widgets: 6 }]);
  records.set('metadata/rooms', [
    { id: 'room_1', eventId: 'evt_summit26', name: 'Hall A', capacity: 1200 },
    { id: 'room_2', eventId: 'evt_summit26', name: 'Room 101', capacity: 150 },
  ]);
  records.set('metadata/tracks', [
    { id: 'trk_1', eventId: 'evt_summit26', name: 'Main Stage' },
    { id: 'trk_2', eventId: 'evt_summit26', name: 'Operations' },
  ]);
  records.set('metadata/tags', [
    { id: 'tag_1', eventId: 'evt_summit26', name: 'Beginner friendly' },
    { id: 'tag_2', eventId: 'evt_summit26', name: 'Hands-on' },
  ]);
  records.set('metadata/formats', [
    { id: 'fmt_1', eventId: 'evt_summit26', name: 'Keynote' },
    { id: 'fmt_2', eventId: 'evt_summit26', name: 'Talk' },
    { id: 'fmt_3', eventId: 'evt_summit26', name: 'Panel' },
  ]);
  return { orgs, tokens, events, records };
}
