import { describe, expect, it } from 'vitest';
import { scopeCheck } from '../../shared/providers/scope-check.js';
import type { ToolDefinition } from '../../shared/providers/types.js';

/** A tool needing `scope`, with its requirement documented by the service or only assumed by Bridgekeeper. */
function tool(scope: string, scopeBasis?: 'documented' | 'assumed'): ToolDefinition {
  return {
    name: 'create_event',
    title: 'Create event',
    description: '',
    inputSchema: { type: 'object' },
    access: 'write',
    requiredScopes: () => [scope],
    ...(scopeBasis ? { scopeBasis } : {}),
  };
}

// A local refusal needs evidence the service itself would refuse: scopes it reported, a scope it refused before
// (learned), on a requirement its documentation states. Anything weaker (the person's declaration, unverified token
// claims, an assumed mapping) is forwarded.
describe('scopeCheck refuses only on evidence', () => {
  it('refuses a documented requirement the reported grant lacks', () => {
    expect(scopeCheck(tool('write:sessions'), {}, { effective: new Set(['read:events']), learnedMissing: [] })).toEqual(
      {
        status: 'missing',
        required: ['write:sessions'],
        missing: ['write:sessions'],
        learned: false,
      },
    );
  });

  it('allows a documented requirement the grant holds', () => {
    expect(
      scopeCheck(tool('write:sessions'), {}, { effective: new Set(['write:sessions']), learnedMissing: [] }).status,
    ).toBe('allowed');
  });

  it('forwards when nobody reported the grant (unknown), whatever the requirement', () => {
    expect(scopeCheck(tool('write:sessions'), {}, { effective: undefined, learnedMissing: [] })).toEqual({
      status: 'unknown',
      required: ['write:sessions'],
    });
    expect(scopeCheck(tool('EVENT', 'assumed'), {}, { effective: undefined, learnedMissing: [] })).toEqual({
      status: 'unknown',
      required: ['EVENT'],
    });
  });

  it('forwards an assumed requirement the grant lacks, naming what is expected to be missing', () => {
    expect(scopeCheck(tool('EVENT', 'assumed'), {}, { effective: new Set(['ORDER']), learnedMissing: [] })).toEqual({
      status: 'unknown',
      required: ['EVENT'],
      expectedMissing: ['EVENT'],
    });
  });

  it('refuses an assumed requirement once the service refused that scope (learned)', () => {
    expect(
      scopeCheck(tool('EVENT', 'assumed'), {}, { effective: new Set(['ORDER']), learnedMissing: ['EVENT'] }),
    ).toEqual({
      status: 'missing',
      required: ['EVENT'],
      missing: ['EVENT'],
      learned: true,
    });
    expect(scopeCheck(tool('EVENT', 'assumed'), {}, { effective: undefined, learnedMissing: ['EVENT'] }).status).toBe(
      'missing',
    );
  });

  it('lets a later grant of a learned scope through', () => {
    expect(
      scopeCheck(tool('EVENT', 'assumed'), {}, { effective: new Set(['EVENT']), learnedMissing: ['EVENT'] }).status,
    ).toBe('allowed');
  });
});

describe('declared scopes (and unverified claims) predict, never refuse', () => {
  const declared = (scopes: string[]) => ({
    effective: undefined,
    learnedMissing: [],
    expected: new Set(scopes),
    expectedFrom: 'declared' as const,
  });

  it('forwards a documented requirement the declared scopes lack, naming it as expected to be missing', () => {
    expect(scopeCheck(tool('write:sessions'), {}, declared(['read:events']))).toEqual({
      status: 'unknown',
      required: ['write:sessions'],
      expectedMissing: ['write:sessions'],
      expectedFrom: 'declared',
    });
  });

  it('does not call a tool allowed on the declaration alone: it is expected to work, and still forwarded', () => {
    expect(scopeCheck(tool('write:sessions'), {}, declared(['write:sessions']))).toEqual({
      status: 'unknown',
      required: ['write:sessions'],
      expectedFrom: 'declared',
    });
  });

  it('labels a prediction from unverified token claims as expected', () => {
    const claims = {
      effective: undefined,
      learnedMissing: [],
      expected: new Set(['ORDER']),
      expectedFrom: 'expected' as const,
    };
    expect(scopeCheck(tool('EVENT', 'assumed'), {}, claims)).toEqual({
      status: 'unknown',
      required: ['EVENT'],
      expectedMissing: ['EVENT'],
      expectedFrom: 'expected',
    });
  });

  it("lets the service's refusal (learned) win over a declaration that includes the scope", () => {
    expect(
      scopeCheck(tool('write:sessions'), {}, { ...declared(['write:sessions']), learnedMissing: ['write:sessions'] }),
    ).toEqual({ status: 'missing', required: ['write:sessions'], missing: ['write:sessions'], learned: true });
  });

  it('ignores the declaration once the service reported the grant', () => {
    const both = { ...declared(['read:events']), effective: new Set(['write:sessions']) };
    expect(scopeCheck(tool('write:sessions'), {}, both)).toEqual({ status: 'allowed', required: ['write:sessions'] });
  });
});
