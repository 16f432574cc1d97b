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

// A local refusal needs evidence the service itself would refuse: scopes it reported (or the person declared), a
// scope it refused before (learned), on a requirement its documentation states. Anything weaker is forwarded.
describe('scopeCheck refuses only on evidence', () => {
  it('refuses a documented requirement the reported (or declared) grant lacks', () => {
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
