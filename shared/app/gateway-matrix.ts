import type { Connection } from '../connections/model.js';
import type { ToolRow } from '../contract.js';
import type { Core } from '../core.js';
import { getProvider } from '../providers/registry.js';
import { optionalModule } from './optional-module.js';
import { catalogToolRows, disabledReason } from './tool-rows.js';

type MatrixModule = { toolMatrix(core: Core, connection: Connection): Promise<unknown> | unknown };

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Maps one row of the gateway's `toolMatrix` (whatever extra fields it has) to the contract's row. */
function fromGatewayRow(connection: Connection, raw: Record<string, unknown>): ToolRow | undefined {
  const name = str(raw.name) ?? str(raw.tool);
  if (!name) return undefined;
  const access = raw.access === 'write' || raw.write === true ? 'write' : 'read';
  const status = str(raw.scope) ?? str(raw.status) ?? str(raw.scopeStatus);
  const scope = status === 'allowed' || status === 'missing' ? status : 'unknown';
  const missing = strings(raw.missingScopes ?? raw.missing);
  const reason = str(raw.disabledReason) ?? disabledReason(connection, name, access);
  const enabled = typeof raw.enabled === 'boolean' ? raw.enabled : reason === undefined;
  const hint = str(raw.grantHint) ?? (missing[0] ? getProvider(connection.provider).grantHint(missing[0]) : undefined);
  return {
    name,
    title: str(raw.title) ?? name,
    description: str(raw.description) ?? '',
    access,
    destructive: raw.destructive === true,
    scope,
    requiredScopes: strings(raw.requiredScopes ?? raw.required),
    missingScopes: missing,
    ...(hint ? { grantHint: hint } : {}),
    enabled,
    ...(!enabled && reason ? { disabledReason: reason } : {}),
  };
}

/**
 * The tool × scope matrix for a connection: the gateway's own `toolMatrix` when the build has it (so the UI shows
 * exactly what the gateway enforces), else the provider catalog through the shared `scopeCheck`.
 */
export async function gatewayToolRows(core: Core, connection: Connection): Promise<{ tools: ToolRow[]; note?: string }> {
  const matrix = await optionalModule<MatrixModule>('../gateway/tool-matrix.js');
  if (matrix?.toolMatrix) {
    const result = (await matrix.toolMatrix(core, connection)) as unknown;
    const list = Array.isArray(result) ? result : (result as { tools?: unknown; rows?: unknown })?.tools ?? (result as { rows?: unknown })?.rows;
    if (Array.isArray(list)) {
      const rows = list.map((r) => fromGatewayRow(connection, (r ?? {}) as Record<string, unknown>)).filter((r): r is ToolRow => r !== undefined);
      const note = str((result as { note?: unknown })?.note);
      return { tools: rows, ...(note ? { note } : {}) };
    }
  }
  const tools = catalogToolRows(connection);
  if (tools.length === 0) return { tools, note: 'This connection passes through the tools of a remote MCP server; they are listed once an assistant connects.' };
  return { tools };
}
