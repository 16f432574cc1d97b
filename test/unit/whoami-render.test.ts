import { describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/connections/model.js';
import type { Whoami } from '../../shared/providers/types.js';
import { describeExpiry, relativeTime } from '../../shared/cli/render/relative-time.js';
import { renderWhoamiBlock } from '../../shared/cli/render/whoami-block.js';
import { mergeKnownScopes } from '../../shared/use-cases/whoami-service.js';
import { provider as sessionServices } from '../../shared/providers/session-services/index.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const connection = {
  id: 'c_render0001',
  label: 'Harbour',
  provider: 'session-services',
  authKind: 'token',
  enabled: true,
  metadata: {},
  declaredScopes: ['MARKETING', 'EVENT'],
  learnedGaps: [{ scope: 'FINANCE', tool: 'list_payouts', at: NOW.toISOString() }],
  policies: { readOnly: false, disabledTools: [], confirmWrites: false, redactPii: false },
  status: { state: 'ok' },
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
} satisfies Connection;
const who: Whoami = {
  service: 'session-services',
  serviceName: 'Session Services',
  host: 'api.session.services',
  principal: { type: 'user', id: 'usr_maya', name: 'Maya Chen', email: 'maya@x.example' },
  context: [{ type: 'tenant', id: 'tnt_01abc', name: 'Harbourlight Live' }],
  tokenKind: 'jwt',
  tokenKindLabel: 'Session Services OpenAuth token (JWT)',
  maskedToken: 'eyJ…abcd',
  scopes: [{ scope: 'EVENT', provenance: 'server', description: 'Create, edit, and manage events' }],
  missingScopes: [],
  expiresAt: '2026-11-26T12:00:00Z',
  flags: {},
  notes: ['Claims are unverified.'],
  checkedAt: NOW.toISOString(),
};

describe('relative times and expiry', () => {
  it('says how far away a time is, in either direction', () => {
    expect(relativeTime('2026-11-26T12:00:00Z', NOW)).toBe('in 3 days');
    expect(relativeTime('2026-11-23T10:00:00Z', NOW)).toBe('2 hours ago');
    expect(relativeTime('2026-11-23T12:00:20Z', NOW)).toBe('in 1 minute');
  });
  it('describes never, unknown and expired', () => {
    expect(describeExpiry(null, NOW)).toBe('never');
    expect(describeExpiry(undefined, NOW)).toBe('unknown');
    expect(describeExpiry('2026-11-22T12:00:00Z', NOW)).toBe('2026-11-22T12:00:00Z (EXPIRED 1 day ago)');
  });
});

describe('whoami block', () => {
  it('merges declared scopes (not already reported) and learned gaps with provenance', () => {
    const merged = mergeKnownScopes(who, connection, sessionServices);
    expect(merged.scopes.map((s) => `${s.scope}:${s.provenance}`)).toEqual(['EVENT:server', 'MARKETING:declared']);
    expect(merged.missingScopes).toEqual([{ scope: 'FINANCE', provenance: 'learned', tool: 'list_payouts' }]);
  });
  it('says declared scopes predict but never refuse when the service reported none', () => {
    const unreported = { ...who, scopes: [] };
    const merged = mergeKnownScopes(unreported, connection, sessionServices);
    expect(merged.scopes.map((s) => `${s.scope}:${s.provenance}`)).toEqual(['MARKETING:declared', 'EVENT:declared']);
    expect(merged.notes.at(-1)).toBe(
      "You declared MARKETING, EVENT: shown, and used to predict which tools should work, but never to refuse one. Session Services has not confirmed them: every call is forwarded and Bridgekeeper learns a missing scope from the service's refusal.",
    );
  });
  it('prints service, identity, token, scopes with provenance, missing scopes, expiry and notes', () => {
    const text = renderWhoamiBlock(connection, mergeKnownScopes(who, connection, sessionServices), NOW);
    expect(text.split('\n')).toEqual([
      'Harbour (c_render0001): Session Services',
      '  Host        api.session.services',
      '  Acts as     user Maya Chen (maya@x.example, usr_maya)',
      '  Within      tenant Harbourlight Live (tnt_01abc)',
      '  Token       Session Services OpenAuth token (JWT)  eyJ…abcd',
      '  Scopes      EVENT      server    Create, edit, and manage events',
      '              MARKETING  declared  Create campaigns and send communications',
      '  Missing     FINANCE  (learned from list_payouts)',
      '              granted since? try again: bridgekeeper connections update "Harbour" --forget-refusals',
      '  Expires     2026-11-26T12:00:00Z (in 3 days)',
      '  Notes       - Claims are unverified.',
      "              - You declared MARKETING; Session Services reported the token's own scopes, and only those count.",
      '  Checked     2026-11-23T12:00:00.000Z',
    ]);
  });
});
