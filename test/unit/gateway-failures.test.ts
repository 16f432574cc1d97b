import { describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/connections/model.js';
import { SecretMissingError, UpstreamError } from '../../shared/errors.js';
import { CachingSecretStore } from '../../shared/gateway/caching-secret-store.js';
import { withLearnedRequirements } from '../../shared/catalog/gateway-tool.js';
import { applyPolicyPatch, plainToolName, toolVisibility } from '../../shared/catalog/policy.js';
import { analyzeFailure } from '../../shared/gateway/upstream-failure.js';
import { scopeCheck } from '../../shared/providers/scope-check.js';
import type { Provider, ToolDefinition } from '../../shared/providers/types.js';
import { MemorySecretStore } from '../../shared/secrets/memory-secret-store.js';

const provider = {
  displayName: 'Sessionboard',
  grantHint: (s: string) => `Organization Settings → API Tokens → add ${s}`,
} as unknown as Provider;
const connection = {
  id: 'c_aaaaaaaa',
  label: 'Acme',
  enabled: true,
  learnedGaps: [],
  policies: { readOnly: false, disabledTools: [], confirmWrites: false, redactPii: false },
} as unknown as Connection;
const tool: ToolDefinition = {
  name: 'manage_sessions',
  title: 'Manage sessions',
  description: '',
  inputSchema: { type: 'object' },
  access: 'write',
  requiredScopes: () => ['write:sessions'],
};
const ctx = (check = scopeCheck(tool, {}, { effective: undefined, learnedMissing: [] })) => ({
  toolName: 'sessionboard_acme__manage_sessions',
  connection,
  provider,
  check,
  effective: undefined,
});

describe('what the gateway makes of upstream failures', () => {
  it('learns the scopes a 403 names, and says where to grant them', () => {
    const failure = analyzeFailure(
      new UpstreamError('missing_scope', 'no', 'grant', { status: 403, missingScopes: ['write:sessions'] }),
      ctx(),
    );
    expect(failure.learnedScopes).toEqual(['write:sessions']);
    expect(failure.text).toContain('Organization Settings → API Tokens → add write:sessions');
  });

  it("learns the tool's required scopes from a scope-shaped 403 that names none, but not from a plain forbidden", () => {
    expect(
      analyzeFailure(new UpstreamError('missing_scope', 'no', 'grant', { status: 403 }), ctx()).learnedScopes,
    ).toEqual(['write:sessions']);
    expect(
      analyzeFailure(new UpstreamError('forbidden', 'role lacks permission', 'ask an admin', { status: 403 }), ctx())
        .learnedScopes,
    ).toEqual([]);
  });

  it('marks credential problems so the connection shows as needing attention', () => {
    expect(
      analyzeFailure(new UpstreamError('revoked', 'revoked', 'new token', { status: 401 }), ctx()).credentialState,
    ).toBe('revoked');
    expect(
      analyzeFailure(new UpstreamError('invalid_token', 'bad', 'new token', { status: 401 }), ctx()).credentialState,
    ).toBe('invalid');
    expect(analyzeFailure(new SecretMissingError('Acme'), ctx()).reason).toBe('secret_missing');
  });

  it('tells the model what to try for 5xx, network and timeouts', () => {
    const failure = analyzeFailure(
      new UpstreamError('server_error', 'Sessionboard had an internal error (502).', 'Try again in a few minutes.', {
        status: 502,
      }),
      ctx(),
    );
    expect(failure.text).toMatch(/502.*Try again.*check its effect/s);
  });
});

describe('learned scope gaps and policies', () => {
  it('an upstream tool with no known scopes requires the scope it was refused for', () => {
    const upstream: ToolDefinition = { ...tool, requiredScopes: () => [] };
    const learned = withLearnedRequirements(upstream, [{ scope: 'items:write', tool: 'manage_sessions', at: 'x' }]);
    expect(scopeCheck(learned, {}, { effective: undefined, learnedMissing: ['items:write'] })).toMatchObject({
      status: 'missing',
      missing: ['items:write'],
      learned: true,
    });
    expect(
      scopeCheck(withLearnedRequirements(upstream, []), {}, { effective: undefined, learnedMissing: [] }).status,
    ).toBe('allowed');
  });

  it('read-only hides writes, disabled tools are hidden, and patches accept namespaced names', () => {
    const policies = applyPolicyPatch(connection.policies, {
      readOnly: true,
      disable: ['sessionboard_acme__list_events'],
    });
    expect(policies).toEqual({
      readOnly: true,
      confirmWrites: false,
      redactPii: false,
      disabledTools: ['list_events'],
    });
    const c = { ...connection, policies };
    expect(toolVisibility(tool, c)).toEqual({ visible: false, hiddenBecause: 'read_only' });
    expect(toolVisibility({ name: 'list_events', access: 'read' }, c)).toEqual({
      visible: false,
      hiddenBecause: 'disabled',
    });
    expect(toolVisibility({ name: 'list_sessions', access: 'read' }, c)).toEqual({ visible: true });
    expect(applyPolicyPatch(policies, { enable: ['list_events'] }).disabledTools).toEqual([]);
  });

  it('strips only the gateway prefix from a tool name: upstream MCP tool names may hold "__" themselves', () => {
    expect(plainToolName('sessionboard_acme__create_session')).toBe('create_session');
    expect(plainToolName('mcp_ops__get__thing')).toBe('get__thing');
    expect(plainToolName('mcp_-1a2b__x')).toBe('x');
    expect(plainToolName('get__thing')).toBe('get__thing');
    expect(applyPolicyPatch(connection.policies, { disable: ['mcp_ops__admin__purge'] }).disabledTools).toEqual([
      'admin__purge',
    ]);
  });
});

describe('CachingSecretStore', () => {
  it('reads each keychain entry once, shares concurrent reads, and re-reads after forget()', async () => {
    const inner = new MemorySecretStore();
    await inner.set('c_a:token', 'one');
    let reads = 0;
    const counting = {
      get: (a: string) => (reads++, inner.get(a)),
      set: inner.set.bind(inner),
      delete: inner.delete.bind(inner),
    };
    const cache = new CachingSecretStore(counting);
    expect(await Promise.all([cache.get('c_a:token'), cache.get('c_a:token'), cache.get('c_a:token')])).toEqual([
      'one',
      'one',
      'one',
    ]);
    expect(reads).toBe(1);
    await inner.set('c_a:token', 'two');
    expect(await cache.get('c_a:token')).toBe('one');
    cache.forget('c_a:token');
    expect(await cache.get('c_a:token')).toBe('two');
    expect(reads).toBe(2);
  });

  it('does not cache a failed keychain read', async () => {
    let fail = true;
    const cache = new CachingSecretStore({
      get: async () => (fail ? Promise.reject(new Error('locked')) : 'ok'),
      set: async () => undefined,
      delete: async () => true,
    });
    await expect(cache.get('x')).rejects.toThrow('locked');
    fail = false;
    expect(await cache.get('x')).toBe('ok');
  });
});
