import type { Connection } from '../connections/model.js';
import type { ToolRow } from '../contract.js';
import type { Core } from '../connections/core.js';
import { type ToolMatrixRow, toolMatrix } from '../use-cases/tool-matrix.js';
import { getProvider } from '../providers/registry.js';

const HIDDEN_REASON: Record<string, string> = {
  read_only: 'Hidden: read-only mode is on.',
  disabled: 'Turned off by you.',
  connection_disabled: 'The whole connection is switched off.',
  missing_scope: "Not offered: this token can't use it.",
};

function describeTools(connection: Connection): Map<string, string> {
  try {
    return new Map(
      getProvider(connection.provider)
        .tools(connection)
        .map((t) => [t.name, t.description]),
    );
  } catch {
    return new Map();
  }
}

/** Maps one row of the gateway's matrix to the contract's row (adding where to grant a missing scope). */
function toRow(connection: Connection, row: ToolMatrixRow, descriptions: Map<string, string>): ToolRow {
  const provider = getProvider(connection.provider);
  const gap = row.scope.missing[0] ?? row.scope.expectedMissing[0];
  const hint = gap ? provider.grantHint(gap) : undefined;
  const reason = row.hiddenBecause ? HIDDEN_REASON[row.hiddenBecause] : undefined;
  return {
    name: row.tool,
    title: row.title,
    description: descriptions.get(row.tool) ?? '',
    access: row.access,
    destructive: row.destructive,
    scope: row.scope.status,
    requiredScopes: row.scope.required,
    missingScopes: row.scope.missing,
    ...(row.scope.assumed ? { scopeAssumed: true } : {}),
    ...(row.scope.expectedMissing.length > 0 ? { expectedMissing: row.scope.expectedMissing } : {}),
    ...(row.scope.expectedFrom ? { expectedFrom: row.scope.expectedFrom } : {}),
    ...(hint ? { grantHint: hint } : {}),
    enabled: row.visible,
    ...(!row.visible && reason ? { disabledReason: reason } : {}),
    ...(!row.visible && row.hiddenBecause ? { hiddenBecause: row.hiddenBecause } : {}),
  };
}

/**
 * The tool × scope matrix for a connection, straight from the gateway's own `toolMatrix`, so the screen shows
 * exactly what running gateways enforce (same scope check, same policy visibility).
 */
export async function gatewayToolRows(
  core: Core,
  connection: Connection,
): Promise<{ tools: ToolRow[]; note?: string }> {
  const matrix = await toolMatrix(core, connection);
  const descriptions = describeTools(connection);
  const tools = matrix.rows.map((row) => toRow(connection, row, descriptions));
  if (matrix.error) return { tools, note: `The tool list could not be read from the service: ${matrix.error}` };
  if (tools.length === 0) return { tools, note: 'No tools are listed for this connection yet.' };
  return { tools };
}
