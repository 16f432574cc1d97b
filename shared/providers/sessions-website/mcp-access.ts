import type { Connection } from '../../connections/model.js';
import { InputError, UpstreamError } from '../../errors.js';
import { LIVE_KEY_PREFIX } from './token-facts.js';

const WHY = `sessions.website API keys (${LIVE_KEY_PREFIX}…) reach only the partner API; its MCP server accepts only a browser sign-in (OAuth, scope mcp:business), which acts as you with your staff permissions.`;

function signInCommand(connection: Connection): string {
  const handle =
    typeof connection.metadata.handle === 'string' && connection.metadata.handle
      ? connection.metadata.handle
      : '<handle>';
  return `bridgekeeper connections add sessions-website --handle ${handle} --label "…" --oauth`;
}

/** True when the connection would put an API key (not an OAuth sign-in) on the business MCP server. */
export function keyOnMcp(connection: Connection): boolean {
  return connection.metadata.mode === 'mcp' && connection.authKind === 'token';
}

/**
 * Refuses, when a connection is added, `--mode mcp` with an API key (seed 002: keys reach only the partner API; the
 * MCP server uses OAuth with `mcp:business`). Nothing is stored or sent.
 */
export function checkNewConnection(connection: Connection): void {
  if (!keyOnMcp(connection)) return;
  throw new InputError(
    `An API key cannot connect to the sessions.website MCP server: ${WHY}`,
    `Leave out --mode mcp to use the key with Bridgekeeper's partner-API tools (participants, registrations, products, purchases, webhooks), or sign in with the browser to use the MCP server's staff tools: \`${signInCommand(connection)}\`, then \`bridgekeeper login "<label>"\`.`,
  );
}

/**
 * The gateway's guard for a stored connection (made before this rule, or edited by hand) that would send its key to
 * the MCP server: a typed error, so its tools are reported unavailable and the key is never sent.
 */
export function refuseKeyOnMcp(connection: Connection): UpstreamError {
  return new UpstreamError(
    'forbidden',
    `Bridgekeeper does not send the API key of '${connection.label}' to the sessions.website MCP server: ${WHY}`,
    `Remove '${connection.label}' and add the key again without --mode mcp (partner-API tools), or connect with the browser sign-in: \`${signInCommand(connection)}\`.`,
  );
}
