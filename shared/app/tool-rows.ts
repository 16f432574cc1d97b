import type { Connection } from '../connections/model.js';
import type { ToolRow } from '../contract.js';
import { getProvider } from '../providers/registry.js';
import { scopeCheck } from '../providers/scope-check.js';

/** Why a tool is off, in plain words, or undefined when it is on. */
export function disabledReason(connection: Connection, name: string, access: 'read' | 'write'): string | undefined {
  if (connection.policies.disabledTools.includes(name)) return 'Turned off by you.';
  if (connection.policies.readOnly && access === 'write') return 'Read-only mode is on: assistants cannot change anything.';
  return undefined;
}

/**
 * The tool × scope matrix computed straight from the provider catalog and the same `scopeCheck` the gateway
 * uses. Used when the gateway's `toolMatrix` is not part of the build, and to fill fields it leaves out.
 */
export function catalogToolRows(connection: Connection): ToolRow[] {
  const provider = getProvider(connection.provider);
  const effective = provider.effectiveScopes(connection);
  const learnedMissing = connection.learnedGaps.map((g) => g.scope);
  return provider.tools(connection).map((tool) => {
    const check = scopeCheck(tool, {}, { effective, learnedMissing });
    const missing = check.status === 'missing' ? check.missing : [];
    const reason = disabledReason(connection, tool.name, tool.access);
    return {
      name: tool.name,
      title: tool.title,
      description: tool.description,
      access: tool.access,
      destructive: tool.destructive ?? false,
      scope: check.status,
      requiredScopes: check.required,
      missingScopes: missing,
      ...(missing[0] ? { grantHint: provider.grantHint(missing[0]) } : {}),
      enabled: reason === undefined,
      ...(reason ? { disabledReason: reason } : {}),
    };
  });
}
