import { describe, expect, it } from 'vitest';
import { reportedServerScopes } from '../../shared/providers/reported-scopes.js';
import type { Whoami } from '../../shared/providers/types.js';

const base: Whoami = {
  service: 'x',
  serviceName: 'X',
  host: 'x.test',
  principal: { type: 'business' },
  context: [],
  tokenKind: 'k',
  tokenKindLabel: 'K',
  scopes: [],
  missingScopes: [],
  flags: {},
  notes: [],
  checkedAt: '2026-01-01T00:00:00Z',
};

describe('reportedServerScopes', () => {
  it('returns the server-reported scopes, ignoring declared ones', () => {
    expect(
      reportedServerScopes({
        ...base,
        scopes: [
          { scope: 'a', provenance: 'server' },
          { scope: 'b', provenance: 'declared' },
        ],
      }),
    ).toEqual(['a']);
  });
  it('treats an empty list the service positively reported as a fact (so checks say "missing", not "unknown")', () => {
    expect(reportedServerScopes({ ...base, scopesReported: true })).toEqual([]);
  });
  it('returns undefined when the service reported nothing', () => {
    expect(reportedServerScopes(base)).toBeUndefined();
    expect(
      reportedServerScopes({ ...base, scopesReported: false, scopes: [{ scope: 'a', provenance: 'declared' }] }),
    ).toBeUndefined();
  });
  it('counts a legacy token or a tenant-only connection as reported', () => {
    expect(reportedServerScopes({ ...base, flags: { legacyToken: true } })).toEqual([]);
    expect(reportedServerScopes({ ...base, flags: { tenantOnly: true } })).toEqual([]);
  });
});
