import type { Connection } from '../connections/model.js';
import { KeychainUnavailableError } from '../errors.js';
import type { ConnectionTool } from './gateway-tool.js';

/** Name (before namespacing) of the entry that stands in for a connection whose tools cannot be listed. */
export const UNAVAILABLE_TOOL_NAME = 'tools_unavailable';

/**
 * The list failure the assistant must be told about on the list itself, if `error` is one (or was caused by one,
 * e.g. wrapped by the MCP SDK's OAuth flow): the keychain cannot be reached, so the connection's tools are missing
 * for a reason on this computer that the person can fix (not a passing upstream fault).
 */
export function listedFailure(error: unknown): KeychainUnavailableError | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof KeychainUnavailableError) return e;
  }
  return undefined;
}

/**
 * The entry listed in place of a connection's tools when they cannot be listed because the keychain is unreachable:
 * its description says why and what the person can do, and calling it checks again (listing the real tools as soon
 * as the keychain answers) or answers with the same error. Without it the assistant would just see a shorter list.
 */
export function unavailableTool(connection: Connection, error: KeychainUnavailableError): ConnectionTool {
  return {
    source: 'unavailable',
    definition: {
      name: UNAVAILABLE_TOOL_NAME,
      title: 'Tools unavailable: keychain not reachable',
      description:
        `The tools of this account cannot be offered right now. ${error.message} ${error.hint} ` +
        `Tell the person; call this tool to check again once they have fixed it.`,
      inputSchema: { type: 'object', properties: {} },
      access: 'read',
      requiredScopes: () => [],
    },
  };
}
