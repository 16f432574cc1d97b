import { InputError, UpstreamError } from '../../errors.js';
import type { ProviderContext, ToolDefinition, ToolOutput } from '../types.js';
import { attributePlain403 } from './errors.js';
import { MANAGE_TOOLS } from './manage-tools.js';
import { READ_TOOLS } from './read-tools.js';
import { DEFAULT_READ_SCOPES } from './scopes.js';
import type { SessionboardTool } from './tool-spec.js';
import { throwIfOtherRegion } from './live-check.js';

const CATALOG: SessionboardTool[] = [...READ_TOOLS, ...MANAGE_TOOLS];

/** Sessionboard's tool catalog (definitions only: what the gateway lists and scope-checks). */
export function sessionboardTools(): ToolDefinition[] {
  return CATALOG.map(({ run: _run, args: _args, ...definition }) => definition);
}

/**
 * Runs one catalog tool against the Sessionboard REST API. A 401 is checked against the other region; a plain 403
 * is attributed to the tool's documented scope only when that is a single scope outside the default read access
 * (see `attributePlain403`).
 */
export async function callSessionboardTool(
  ctx: ProviderContext,
  name: string,
  args: Record<string, unknown>,
): Promise<ToolOutput> {
  const tool = CATALOG.find((t) => t.name === name);
  if (!tool) {
    throw new InputError(
      `Sessionboard has no tool '${name}'.`,
      `Use one of: ${CATALOG.map((t) => t.name).join(', ')}.`,
    );
  }
  try {
    return await tool.run(ctx, args);
  } catch (error) {
    if (error instanceof UpstreamError && error.status === 401) await throwIfOtherRegion(ctx);
    if (error instanceof UpstreamError && error.status === 403)
      throw attributePlain403(
        error,
        [...new Set(tool.requiredScopes(args))],
        tool.scopeBasis ?? 'documented',
        DEFAULT_READ_SCOPES,
      );
    throw error;
  }
}
