import { createOAuthProvider } from '../auth/oauth/gateway-provider.js';
import type { Connection } from '../connections/model.js';
import type { Core } from '../connections/core.js';
import { getProvider } from '../providers/registry.js';
import { grantedScopesOf } from '../providers/granted-scopes.js';
import { type ExpectedScopesSource, type GrantedScopes, scopeCheck } from '../providers/scope-check.js';
import type { ToolDefinition } from '../providers/types.js';
import { withLearnedRequirements } from '../catalog/gateway-tool.js';
import { type HiddenReason, toolVisibility } from '../catalog/policy.js';
import { connectionTools } from '../catalog/tool-catalog.js';
import { connectionPrefixes, namespacedToolName } from '../catalog/tool-names.js';
import { UpstreamPool, usesUpstreamMcp } from '../catalog/upstream-pool.js';

/** One row of the tool × scope matrix. */
export interface ToolMatrixRow {
  /** The tool's own name, e.g. `create_session`. */
  tool: string;
  /** The name the gateway offers it under. */
  gatewayName: string;
  title: string;
  /** The tool's own description (from the provider catalog or the upstream MCP server). */
  description: string;
  access: 'read' | 'write';
  destructive: boolean;
  /**
   * ✓ allowed, ✗ missing [scopes], ? unknown (forwarded; learned from a 403). `assumed`: the tool → scope mapping is
   * Bridgekeeper's assumption, not the service's documentation (whatever the status); `expectedMissing`: scopes the
   * grant is expected to lack without the service's word for it (an assumed requirement, or a grant only declared or
   * claimed), shown as expected, never refused locally; `expectedFrom`: the prediction rests on scopes the person
   * declared (`declared`) or an unverified token claims (`expected`), not on scopes the service reported.
   */
  scope: {
    status: 'allowed' | 'missing' | 'unknown';
    required: string[];
    missing: string[];
    learned: boolean;
    assumed: boolean;
    expectedMissing: string[];
    expectedFrom?: ExpectedScopesSource;
  };
  /** Not switched off by `disabledTools`. */
  enabled: boolean;
  /** Offered by the gateway right now (enabled, allowed by read-only, connection enabled). */
  visible: boolean;
  hiddenBecause?: HiddenReason;
}

/** The matrix for one connection, plus a note when the tool list could not be fetched. */
export interface ToolMatrix {
  connectionId: string;
  label: string;
  provider: string;
  source: 'api' | 'mcp';
  rows: ToolMatrixRow[];
  /** Set when the upstream tool list could not be read (remote MCP down, bad credential …). */
  error?: string;
}

/** Argument variants worth checking: every value of an `action` enum (Sessionboard `manage_*`), or no arguments. */
function argumentVariants(tool: ToolDefinition): Array<Record<string, unknown>> {
  const action = (tool.inputSchema.properties as Record<string, { enum?: unknown[] }> | undefined)?.action;
  return Array.isArray(action?.enum) && action.enum.length > 0 ? action.enum.map((value) => ({ action: value })) : [{}];
}

function scopeCell(tool: ToolDefinition, granted: GrantedScopes): ToolMatrixRow['scope'] {
  const checks = argumentVariants(tool).map((args) => scopeCheck(tool, args, granted));
  const required = [...new Set(checks.flatMap((c) => c.required))];
  const missing = [...new Set(checks.flatMap((c) => (c.status === 'missing' ? c.missing : [])))];
  const learned = checks.some((c) => c.status === 'missing' && c.learned);
  const expectedMissing = [
    ...new Set(checks.flatMap((c) => (c.status === 'unknown' ? (c.expectedMissing ?? []) : []))),
  ];
  const status = missing.length > 0 ? 'missing' : checks.some((c) => c.status === 'unknown') ? 'unknown' : 'allowed';
  const expectedFrom = checks.flatMap((c) => (c.status === 'unknown' && c.expectedFrom ? [c.expectedFrom] : []))[0];
  return {
    status,
    required,
    missing,
    learned,
    assumed: tool.scopeBasis === 'assumed' && required.length > 0,
    expectedMissing,
    ...(status === 'unknown' && expectedFrom ? { expectedFrom } : {}),
  };
}

/**
 * Every tool of `connection` × {allowed / missing [scopes] / unknown}, read/write, destructive, enabled by policy and
 * visible in the gateway. Feeds `bridgekeeper tools` and the desktop app's matrix. Remote MCP connections are asked
 * for their tool list (bounded by `timeoutMs`).
 */
export async function toolMatrix(
  core: Core,
  connection: Connection,
  options: { timeoutMs?: number } = {},
): Promise<ToolMatrix> {
  const provider = getProvider(connection.provider);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pool = new UpstreamPool(core.secrets, timeoutMs, { oauthProvider: async (c) => createOAuthProvider(core, c) });
  let error: string | undefined;
  try {
    const tools = await connectionTools(connection, provider, {
      pool,
      listTimeoutMs: timeoutMs,
      onLateTools: () => undefined,
      onListFailure: (_c, e) => (error = e instanceof Error ? e.message : String(e)),
      onProviderError: (_c, e) => (error = e instanceof Error ? e.message : String(e)),
    });
    const prefix =
      connectionPrefixes(core.store.list()).get(connection.id) ?? connectionPrefixes([connection]).get(connection.id)!;
    const granted = grantedScopesOf(provider, connection);
    const rows = tools.map(({ definition }): ToolMatrixRow => {
      const visibility = toolVisibility(definition, connection, provider);
      return {
        tool: definition.name,
        gatewayName: namespacedToolName(prefix, definition.name),
        title: definition.title,
        description: definition.description,
        access: definition.access,
        destructive: Boolean(definition.destructive),
        scope: scopeCell(withLearnedRequirements(definition, connection.learnedGaps), granted),
        enabled: !connection.policies.disabledTools.includes(definition.name),
        visible: visibility.visible,
        ...(visibility.hiddenBecause ? { hiddenBecause: visibility.hiddenBecause } : {}),
      };
    });
    const source = usesUpstreamMcp(connection, provider) ? 'mcp' : 'api';
    return {
      connectionId: connection.id,
      label: connection.label,
      provider: connection.provider,
      source,
      rows,
      ...(error ? { error } : {}),
    };
  } finally {
    await pool.closeAll();
  }
}
