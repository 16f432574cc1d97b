import { InputError, UpstreamError } from '../../errors.js';
import type { ProviderContext, ToolDefinition, ToolOutput } from '../types.js';
import { MANAGE_TOOLS } from './manage-tools.js';
import { READ_TOOLS } from './read-tools.js';
import type { SessionboardTool } from './tool-spec.js';
import { throwIfOtherRegion } from './whoami.js';

const CATALOG: SessionboardTool[] = [...READ_TOOLS, ...MANAGE_TOOLS];

/** Sessionboard's tool catalog (definitions only: what the gateway lists and scope-checks). */
export function sessionboardTools(): ToolDefinition[] {
  return CATALOG.map(({ run: _run, ...definition }) => definition);
}

/** Runs one catalog tool against the Sessionboard REST API (a 401 is checked against the other region). */
export async function callSessionboardTool(ctx: ProviderContext, name: string, args: Record<string, unknown>): Promise<ToolOutput> {
  const tool = CATALOG.find((t) => t.name === name);
  if (!tool) {
    throw new InputError(`Sessionboard has no tool '${name}'.`, `Use one of: ${CATALOG.map((t) => t.name).join(', ')}.`);
  }
  try {
    return await tool.run(ctx, args);
  } catch (error) {
    if (error instanceof UpstreamError && error.status === 401) await throwIfOtherRegion(ctx);
    throw error;
  }
}
