import { MCP_WRITE_TOOL_SCOPES } from './api-surface.js';
import { metadataScope } from './manage-tools.js';

/**
 * Scopes an upstream Sessionboard MCP tool needs: read:insights for every tool (seed 000: "Required for … any MCP
 * / AI assistant connection"), plus the write scope of a known `manage_*` tool.
 */
export function mcpToolScopes(toolName: string, args: Record<string, unknown>): string[] {
  if (toolName === 'manage_metadata') return ['read:insights', metadataScope(args.kind)];
  const write = MCP_WRITE_TOOL_SCOPES[toolName];
  return write ? ['read:insights', write] : ['read:insights'];
}
