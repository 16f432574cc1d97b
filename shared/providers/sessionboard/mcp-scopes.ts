import { MCP_WRITE_TOOL_SCOPES } from './api-surface.js';
import { metadataScope } from './manage-tools.js';

/**
 * Scopes an upstream Sessionboard MCP tool needs: read:insights for every tool (DOCUMENTED, seed 000: "Required for
 * … any MCP / AI assistant connection"), plus the write scope of a known `manage_*` tool (ASSUMED).
 */
export function mcpToolScopes(toolName: string, args: Record<string, unknown>): string[] {
  if (toolName === 'manage_metadata') return ['read:insights', metadataScope(args.kind)];
  const write = MCP_WRITE_TOOL_SCOPES[toolName];
  return write ? ['read:insights', write] : ['read:insights'];
}

/**
 * Whether an MCP tool's scope requirement is documented (read:insights only) or includes an assumed write scope
 * (the `manage_*` guesses): an assumed requirement never refuses a call locally; Sessionboard's 403 decides.
 */
export function mcpToolScopeBasis(toolName: string): 'documented' | 'assumed' {
  return toolName === 'manage_metadata' || MCP_WRITE_TOOL_SCOPES[toolName] ? 'assumed' : 'documented';
}
