import { describe, expect, it } from 'vitest';
import { applyPolicyPatch, certainlyUnusable, toolVisibility } from '../../shared/catalog/policy.js';
import { loadProvider } from '../../shared/providers/load-provider.js';
import type { ToolDefinition } from '../../shared/providers/types.js';
import { getProvider } from '../../shared/providers/registry.js';
import { tokenConnection } from '../helpers/token-connection.js';

const sb = getProvider('sessionboard');
const READS = ['read:events', 'read:sessions', 'read:contacts', 'read:reports', 'read:dashboards'];

function sessionboardTool(name: string): ToolDefinition {
  const tool = getProvider('sessionboard')
    .tools(tokenConnection({ id: 'c1', label: 'Acme', provider: 'sessionboard' }))
    .find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  return tool;
}

/** A tool with an `action` enum where each action needs its own scope. */
const perActionTool: ToolDefinition = {
  name: 'manage_things',
  title: 'Manage things',
  description: 'create needs write:a, delete needs write:b',
  access: 'write',
  inputSchema: { type: 'object', properties: { action: { type: 'string', enum: ['create', 'delete'] } } },
  requiredScopes: (args) => [args.action === 'create' ? 'write:a' : 'write:b'],
  scopeBasis: 'documented',
};

describe('tools the token certainly cannot use are not offered', () => {
  it('uses the provider the gateway loaded when none is passed (and offers the tool when it cannot tell)', async () => {
    const connection = tokenConnection({ id: 'c1', label: 'Acme', provider: 'imboard', serverScopes: ['boards:read'] });
    const tool = getProvider('imboard')
      .tools(connection)
      .find((t) => t.access === 'write' && t.scopeBasis !== 'assumed' && t.requiredScopes({}).length > 0);
    expect(tool).toBeDefined();
    expect(toolVisibility(tool!, connection).visible).toBe(true);
    await loadProvider('imboard');
    expect(toolVisibility(tool!, connection)).toEqual({ visible: false, hiddenBecause: 'missing_scope' });
  });

  it('hides a write tool whose scope the service reported missing, and offers it again when the person asks', () => {
    const connection = tokenConnection({ id: 'c1', label: 'Acme', provider: 'sessionboard', serverScopes: READS });
    const manage = sessionboardTool('manage_sessions');
    expect(toolVisibility(manage, connection, sb)).toEqual({ visible: false, hiddenBecause: 'missing_scope' });
    expect(toolVisibility(sessionboardTool('list_sessions'), connection, sb)).toEqual({ visible: true });
    const shown = { ...connection, policies: applyPolicyPatch(connection.policies, { showUnusableTools: true }) };
    expect(toolVisibility(manage, shown, sb)).toEqual({ visible: true });
  });

  it('never hides a tool whose scopes are unknown (nothing reported, nothing learned)', () => {
    const connection = tokenConnection({ id: 'c1', label: 'Acme', provider: 'sessionboard' });
    expect(certainlyUnusable(sessionboardTool('manage_sessions'), connection, sb)).toBe(false);
    expect(toolVisibility(sessionboardTool('manage_sessions'), connection, sb).visible).toBe(true);
  });

  it('hides a tool after the service refused it for a scope (learned), even without reported scopes', () => {
    const connection = tokenConnection({
      id: 'c1',
      label: 'Acme',
      provider: 'sessionboard',
      learnedGaps: [{ scope: 'write:sessions', tool: 'manage_sessions', at: new Date().toISOString() }],
    });
    expect(toolVisibility(sessionboardTool('manage_sessions'), connection, sb)).toEqual({
      visible: false,
      hiddenBecause: 'missing_scope',
    });
  });

  it('for a tool with an action enum, hides only when every action is missing', () => {
    const some = tokenConnection({
      id: 'c1',
      label: 'Acme',
      provider: 'sessionboard',
      serverScopes: [...READS, 'write:a'],
    });
    const none = tokenConnection({ id: 'c1', label: 'Acme', provider: 'sessionboard', serverScopes: READS });
    expect(certainlyUnusable(perActionTool, some, sb)).toBe(false);
    expect(certainlyUnusable(perActionTool, none, sb)).toBe(true);
  });

  it('read-only and switched-off rules still come first', () => {
    const connection = tokenConnection({ id: 'c1', label: 'Acme', provider: 'sessionboard', serverScopes: READS });
    const readOnly = { ...connection, policies: { ...connection.policies, readOnly: true, showUnusableTools: true } };
    expect(toolVisibility(sessionboardTool('manage_sessions'), readOnly, sb)).toEqual({
      visible: false,
      hiddenBecause: 'read_only',
    });
  });
});
