import { describe, expect, it } from 'vitest';
import { certainlyUnusable, toolVisibility } from '../../shared/catalog/policy.js';
import type { Connection } from '../../shared/connections/model.js';
import { grantedScopesOf } from '../../shared/providers/granted-scopes.js';
import { provider as imboard } from '../../shared/providers/imboard/index.js';
import { provider as remoteMcp } from '../../shared/providers/remote-mcp/index.js';
import { scopeCheck } from '../../shared/providers/scope-check.js';
import { provider as sessionServices } from '../../shared/providers/session-services/index.js';
import { provider as sessionboard } from '../../shared/providers/sessionboard/index.js';
import { provider as sessionsWebsite } from '../../shared/providers/sessions-website/index.js';
import type { Provider, ToolDefinition } from '../../shared/providers/types.js';
import { tokenConnection } from '../helpers/token-connection.js';

/**
 * The rule: a local refusal needs the service's word (reported scopes, a learned refusal, a documented rule).
 * What a person declares with `connections add … --scopes` (or the app) is not the service's word: for every
 * provider it is shown and predicts ("expected to lack X"), but the tool stays offered and the call is forwarded.
 */
const CASES: Array<{
  provider: Provider;
  metadata: Connection['metadata'];
  declared: string[];
  /** A tool whose (documented, where the provider documents any) scope the declaration lacks. */
  tool: string;
  args?: Record<string, unknown>;
  lacks: string;
}> = [
  {
    provider: sessionboard,
    metadata: { region: 'us' },
    declared: ['read:events'],
    tool: 'manage_contacts',
    args: { action: 'create' },
    lacks: 'write:contacts',
  },
  {
    provider: sessionsWebsite,
    metadata: { handle: 'acme-yoga' },
    declared: ['participants:read', 'products:read'],
    tool: 'list_registrations',
    lacks: 'registrations:read',
  },
  {
    provider: sessionServices,
    metadata: { tenantId: 'tnt_01jqpj2t2kfvmstt6f6tzkbaf2' },
    declared: ['ORDER'],
    tool: 'scan_ticket',
    lacks: 'SCANNING',
  },
  {
    provider: imboard,
    metadata: {},
    // No write scope declared: were it reported, a write would be refused on the documented read-only rule.
    declared: ['boards:read', 'meetings:read'],
    tool: 'create_meeting',
    lacks: 'meetings:write',
  },
];

function connectionFor(provider: Provider, metadata: Connection['metadata'], extra: Partial<Connection> = {}) {
  return tokenConnection({ id: 'c_declared01', label: 'declared', provider: provider.id, metadata, ...extra });
}

function toolOf(provider: Provider, connection: Connection, name: string): ToolDefinition {
  const found = provider.tools(connection).find((t) => t.name === name);
  if (!found) throw new Error(`${provider.id} has no tool ${name}`);
  return found;
}

describe.each(CASES)(
  'declared scopes of a $provider.id connection',
  ({ provider, metadata, declared, tool, args, lacks }) => {
    const connection = connectionFor(provider, metadata, { declaredScopes: declared });

    it('are not effective scopes: they are the expected set, labelled declared', () => {
      expect(provider.effectiveScopes(connection)).toBeUndefined();
      const granted = grantedScopesOf(provider, connection);
      expect(granted.effective).toBeUndefined();
      expect(granted.expectedFrom).toBe('declared');
      for (const scope of declared) expect(granted.expected?.has(scope)).toBe(true);
    });

    it(`forward ${tool} (lacking ${lacks}) instead of refusing it, naming ${lacks} as expected to be missing`, () => {
      const definition = toolOf(provider, connection, tool);
      const check = scopeCheck(definition, args ?? {}, grantedScopesOf(provider, connection));
      expect(check).toMatchObject({ status: 'unknown', expectedMissing: [lacks], expectedFrom: 'declared' });
      expect(certainlyUnusable(definition, connection, provider)).toBe(false);
      expect(toolVisibility(definition, connection, provider)).toEqual({ visible: true });
    });

    it(`refuse ${tool} once the service refused ${lacks} (learned), even if the person declares it`, () => {
      const learned = connectionFor(provider, metadata, {
        declaredScopes: [...declared, lacks],
        learnedGaps: [{ scope: lacks, tool, at: new Date().toISOString() }],
      });
      const check = scopeCheck(toolOf(provider, learned, tool), args ?? {}, grantedScopesOf(provider, learned));
      expect(check).toMatchObject({ status: 'missing', missing: [lacks], learned: true });
    });
  },
);

describe('what the declared or claimed scopes are expanded to', () => {
  it('Sessionboard adds its documented default reads to a declaration, and ignores declarations on a sign-in', () => {
    const declared = connectionFor(sessionboard, { region: 'us' }, { declaredScopes: ['write:sessions'] });
    const granted = grantedScopesOf(sessionboard, declared);
    expect(granted.expected?.has('read:sessions')).toBe(true);
    expect(scopeCheck(toolOf(sessionboard, declared, 'list_sessions'), {}, granted)).toEqual({
      status: 'unknown',
      required: ['read:sessions'],
      expectedFrom: 'declared',
    });
    const oauth = connectionFor(sessionboard, { region: 'us' }, { authKind: 'oauth', declaredScopes: ['read:events'] });
    expect(grantedScopesOf(sessionboard, oauth).expected).toBeUndefined();
  });

  it('Session Services expands a declared or claimed FULL, and labels unverified JWT claims as expected', () => {
    const claimed = connectionFor(
      sessionServices,
      { tenantId: 'tnt_01jqpj2t2kfvmstt6f6tzkbaf2' },
      { expectedScopes: ['FULL'] },
    );
    const granted = grantedScopesOf(sessionServices, claimed);
    expect(granted).toMatchObject({ effective: undefined, expectedFrom: 'expected' });
    expect(scopeCheck(toolOf(sessionServices, claimed, 'scan_ticket'), {}, granted)).toEqual({
      status: 'unknown',
      required: ['SCANNING'],
      expectedFrom: 'expected',
    });
  });

  it('a tenant-only Session Services connection keeps its documented rule (no token, no authenticated scope)', () => {
    const tenant = connectionFor(
      sessionServices,
      { tenantId: 'tnt_01jqpj2t2kfvmstt6f6tzkbaf2' },
      { authKind: 'tenant', declaredScopes: ['ORDER'] },
    );
    expect(grantedScopesOf(sessionServices, tenant)).toEqual({ effective: new Set(), learnedMissing: [] });
  });

  it('a remote MCP server: declared scopes never override what the server refused before', () => {
    const remote = connectionFor(
      remoteMcp,
      {},
      {
        baseUrl: 'https://mcp.example.com/mcp',
        declaredScopes: ['items:write'],
        learnedGaps: [{ scope: 'items:write', tool: 'create_item', at: new Date().toISOString() }],
      },
    );
    const granted = grantedScopesOf(remoteMcp, remote);
    expect(granted).toMatchObject({ effective: undefined, expectedFrom: 'declared' });
    const createItem: ToolDefinition = {
      name: 'create_item',
      title: 'Create item',
      description: '',
      inputSchema: { type: 'object' },
      access: 'write',
      requiredScopes: () => ['items:write'],
    };
    expect(scopeCheck(createItem, {}, granted).status).toBe('missing');
  });

  it('reported scopes win over declared ones', () => {
    const both = connectionFor(
      sessionsWebsite,
      { handle: 'acme-yoga' },
      { serverScopes: ['registrations:read'], declaredScopes: ['participants:read'] },
    );
    expect(grantedScopesOf(sessionsWebsite, both)).toEqual({
      effective: new Set(['registrations:read']),
      learnedMissing: [],
    });
  });
});
