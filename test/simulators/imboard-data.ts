/** Seeded demo data for the I'mBoard simulator: users, boards, tokens and board content. */
import crypto from 'node:crypto';

export type UserStatus = 'active' | 'suspended' | 'inactive';
export interface SimUser {
  id: string;
  email: string;
  name: string;
  status: UserStatus;
  roles: Record<string, 'admin' | 'member' | 'viewer'>;
}
export interface SimBoard {
  id: string;
  name: string;
  billingRestricted: boolean;
}
export interface SimToken {
  kind: 'pat' | 'bat';
  name: string;
  scopes: string[];
  userId?: string;
  boardId?: string;
  expiresAt: string | null;
  revoked: boolean;
}
export type Row = Record<string, unknown> & { id: string; boardId: string };

export const READ_ALL = [
  'boards:read',
  'meetings:read',
  'documents:read',
  'reports:read',
  'notifications:read',
  'audit:read',
  'functions:read',
];
export const WRITE_ALL = [
  'boards:write',
  'meetings:write',
  'documents:write',
  'reports:write',
  'notifications:write',
  'functions:write',
];

const random = (prefix: string) => `${prefix}${crypto.randomBytes(24).toString('base64url')}`;

/** Fresh, mutable seed state (one per simulator). */
export function seedImboard() {
  const users: SimUser[] = [
    {
      id: '601a4f2c9b1e',
      email: 'dana.whitfield@acme.example',
      name: 'Dana Whitfield',
      status: 'active',
      roles: { '665f0acme001': 'admin', '665f0north002': 'viewer', '665f0globx003': 'member' },
    },
    {
      id: '601a4f2c9b2f',
      email: 'lee.morgan@acme.example',
      name: 'Lee Morgan',
      status: 'suspended',
      roles: { '665f0acme001': 'member' },
    },
    {
      id: '601a4f2c9b3a',
      email: 'kim.osei@acme.example',
      name: 'Kim Osei',
      status: 'inactive',
      roles: { '665f0acme001': 'member' },
    },
  ];
  const boards: SimBoard[] = [
    { id: '665f0acme001', name: 'Acme Inc.', billingRestricted: false },
    { id: '665f0north002', name: 'Northwind Ventures', billingRestricted: false },
    { id: '665f0globx003', name: 'Globex Holdings', billingRestricted: true },
  ];
  const dana = users[0]!.id;
  const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
  const tokenTable: Record<string, SimToken> = {
    patRead: {
      kind: 'pat',
      name: 'my-script',
      scopes: [...READ_ALL, 'portfolio:read'],
      userId: dana,
      expiresAt: null,
      revoked: false,
    },
    patFull: {
      kind: 'pat',
      name: 'claude-desktop',
      scopes: [...READ_ALL, ...WRITE_ALL, 'portfolio:read'],
      userId: dana,
      expiresAt: inDays(90),
      revoked: false,
    },
    patMeetingsWriteOnly: {
      kind: 'pat',
      name: 'calendar-sync',
      scopes: ['meetings:write'],
      userId: dana,
      expiresAt: inDays(30),
      revoked: false,
    },
    batRead: {
      kind: 'bat',
      name: 'acme-reporting-bot',
      scopes: [...READ_ALL],
      boardId: '665f0acme001',
      expiresAt: inDays(180),
      revoked: false,
    },
    batWrite: {
      kind: 'bat',
      name: 'acme-secretary',
      scopes: [
        ...READ_ALL,
        'meetings:write',
        'documents:write',
        'reports:write',
        'notifications:write',
        'functions:write',
      ],
      boardId: '665f0acme001',
      expiresAt: inDays(30),
      revoked: false,
    },
    batBillingRestricted: {
      kind: 'bat',
      name: 'globex-bot',
      scopes: [...READ_ALL],
      boardId: '665f0globx003',
      expiresAt: null,
      revoked: false,
    },
    expired: {
      kind: 'pat',
      name: 'old-script',
      scopes: [...READ_ALL],
      userId: dana,
      expiresAt: inDays(-3),
      revoked: false,
    },
    revoked: {
      kind: 'pat',
      name: 'leaked-script',
      scopes: [...READ_ALL],
      userId: dana,
      expiresAt: null,
      revoked: true,
    },
    suspended: {
      kind: 'pat',
      name: 'lee-script',
      scopes: [...READ_ALL],
      userId: users[1]!.id,
      expiresAt: null,
      revoked: false,
    },
    inactive: {
      kind: 'pat',
      name: 'kim-script',
      scopes: [...READ_ALL],
      userId: users[2]!.id,
      expiresAt: null,
      revoked: false,
    },
  };
  const tokens = new Map<string, SimToken>();
  const names: Record<string, string> = {};
  for (const [name, record] of Object.entries(tokenTable)) {
    const value = random(record.kind === 'pat' ? 'imb_pat_' : 'imb_bat_');
    tokens.set(value, record);
    names[name] = value;
  }
  const meetings: Row[] = [
    {
      id: 'mtg_q4_review',
      boardId: '665f0acme001',
      title: 'Q4 board review',
      startsAt: '2026-12-08T15:00:00Z',
      location: 'HQ boardroom',
      status: 'scheduled',
      agenda: ['CEO update', 'FY27 budget', 'Audit committee report'],
    },
    {
      id: 'mtg_budget',
      boardId: '665f0acme001',
      title: 'FY27 budget approval',
      startsAt: '2027-01-19T15:00:00Z',
      location: 'Video call',
      status: 'scheduled',
      agenda: ['Budget vote'],
    },
    {
      id: 'mtg_nw_kickoff',
      boardId: '665f0north002',
      title: 'Northwind kickoff',
      startsAt: '2026-12-02T10:00:00Z',
      location: 'Video call',
      status: 'scheduled',
      agenda: ['Introductions'],
    },
    {
      id: 'mtg_gx_annual',
      boardId: '665f0globx003',
      title: 'Globex annual meeting',
      startsAt: '2026-12-15T09:00:00Z',
      location: 'Zurich',
      status: 'scheduled',
      agenda: ['Accounts'],
    },
  ];
  const documents: Row[] = [
    {
      id: 'doc_minutes_oct',
      boardId: '665f0acme001',
      title: 'Minutes — October board meeting',
      folder: 'Minutes',
      updatedAt: '2026-10-21T09:00:00Z',
      content: '# Minutes\n\nThe board approved the Q3 accounts.',
    },
    {
      id: 'doc_budget_draft',
      boardId: '665f0acme001',
      title: 'FY27 budget (draft v3)',
      folder: 'Finance',
      updatedAt: '2026-11-14T16:20:00Z',
      content: '# FY27 budget\n\nRevenue target: 12.4m.',
    },
    {
      id: 'doc_nw_deck',
      boardId: '665f0north002',
      title: 'Northwind investor deck',
      folder: 'Decks',
      updatedAt: '2026-11-01T12:00:00Z',
      content: 'Slides',
    },
  ];
  const reports: Row[] = [
    {
      id: 'rep_kpi_oct',
      boardId: '665f0acme001',
      title: 'KPI dashboard — October',
      period: '2026-10',
      status: 'final',
    },
    { id: 'rep_cash_q3', boardId: '665f0acme001', title: 'Cash position Q3', period: '2026-Q3', status: 'final' },
  ];
  const notifications: Row[] = [
    {
      id: 'ntf_1',
      boardId: '665f0acme001',
      text: 'Dana Whitfield uploaded "FY27 budget (draft v3)"',
      at: '2026-11-14T16:20:00Z',
      read: false,
    },
    {
      id: 'ntf_2',
      boardId: '665f0acme001',
      text: 'Q4 board review agenda published',
      at: '2026-11-10T08:00:00Z',
      read: true,
    },
  ];
  const audit: Row[] = [
    {
      id: 'aud_1',
      boardId: '665f0acme001',
      actor: 'Dana Whitfield',
      action: 'document.update',
      target: 'doc_budget_draft',
      at: '2026-11-14T16:20:00Z',
    },
    {
      id: 'aud_2',
      boardId: '665f0acme001',
      actor: 'acme-reporting-bot',
      action: 'report.read',
      target: 'rep_kpi_oct',
      at: '2026-11-12T07:00:00Z',
    },
  ];
  const functions: Row[] = [
    {
      id: 'fn_audit_committee',
      boardId: '665f0acme001',
      name: 'Audit committee',
      kind: 'committee',
      members: ['Dana Whitfield', 'Lee Morgan'],
    },
    { id: 'fn_chair', boardId: '665f0acme001', name: 'Chair', kind: 'role', members: ['Dana Whitfield'] },
  ];
  return { users, boards, tokens, names, meetings, documents, reports, notifications, audit, functions };
}
export type ImboardState = ReturnType<typeof seedImboard>;
