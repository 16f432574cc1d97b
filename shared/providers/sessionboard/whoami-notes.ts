import type { Connection } from '../../connections/model.js';

/** True when the connection re-exposes Sessionboard's own MCP server instead of Bridgekeeper's REST tools. */
export function usesMcpMode(connection: Connection): boolean {
  return connection.metadata.mode === 'mcp';
}

/** The seed's MCP prerequisites, in its order. */
export const MCP_PREREQUISITES_TEXT =
  "AI features and MCP access enabled on the organization, the token's MCP Access toggle on, and the read:insights scope";

/** What we know about the MCP prerequisites. */
export type McpKnowledge = { met: true } | { met: false; missing: string[] } | { met: 'unknown' };

/**
 * The MCP prerequisites said truthfully for the connection's mode: an MCP-mode connection needs them (Sessionboard
 * answers 403 otherwise); a REST-mode connection does not, so nothing is said to be refused.
 */
export function mcpModeNote(mcpMode: boolean, known: McpKnowledge): string {
  if (!mcpMode) {
    const other =
      known.met === false
        ? ` Sessionboard's own MCP server would refuse this token (${known.missing.join('; ')}), which does not matter here.`
        : '';
    return `This connection uses the Sessionboard Public API (REST), which does not need MCP access.${other}`;
  }
  if (known.met === true) return "This connection uses Sessionboard's MCP server, and its prerequisites are met.";
  if (known.met === false)
    return `This connection uses Sessionboard's MCP server, which will answer 403 until this is fixed: ${known.missing.join('; ')}.`;
  return `This connection uses Sessionboard's MCP server, which needs ${MCP_PREREQUISITES_TEXT}; otherwise it answers 403.`;
}

/** Hide PII in Sessionboard's words (it recommends keeping it on). */
export function hidePiiNote(hidePii: boolean | undefined): string {
  if (hidePii === true)
    return 'Hide PII is on (recommended): emails and phone numbers come back masked (j***@a***.com, ***-***-4567).';
  if (hidePii === false)
    return 'Hide PII is off: emails and phone numbers come back in full. Sessionboard recommends switching it on (Organization Settings → API Tokens → edit the token), especially for AI assistants.';
  return "Sessionboard recommends keeping the token's Hide PII setting on (Organization Settings → API Tokens): emails and phone numbers then come back masked.";
}
