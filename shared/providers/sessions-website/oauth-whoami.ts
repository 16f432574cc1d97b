import type { ProviderContext, Whoami } from '../types.js';
import { MCP_BUSINESS_SCOPE } from './api-surface.js';
import { handleOf, mcpUrl, originOf } from './hosts.js';
import { LIVE_KEY_PREFIX } from './token-facts.js';

export { MCP_BUSINESS_SCOPE };

/**
 * "Who am I" for a browser sign-in (OAuth `mcp:business`) connection. Such a token is for the business MCP server,
 * not the partner GraphQL API, so it is not sent to GraphQL; the answer is built from what the sign-in stored
 * (granted scopes, identity metadata) and says so in its notes.
 */
export function oauthWhoami(ctx: ProviderContext): Whoami {
  const { connection } = ctx;
  const handle = handleOf(connection);
  const granted = connection.serverScopes ?? [];
  const name = connection.metadata.principalName;
  return {
    service: 'sessions-website',
    serviceName: 'sessions.website',
    host: new URL(originOf(connection)).host,
    principal: { type: 'user', ...(typeof name === 'string' ? { name } : {}) },
    context: [{ type: 'business', name: `@${handle}` }],
    tokenKind: 'oauth_mcp',
    tokenKindLabel: 'Browser sign-in to the business MCP server (OAuth, mcp:business)',
    scopes: granted.map((scope) => ({
      scope,
      provenance: 'server' as const,
      ...(scope === MCP_BUSINESS_SCOPE
        ? { description: 'Act as you, the signed-in staff member, with your real permissions on this business' }
        : {}),
    })),
    missingScopes: connection.learnedGaps.map((g) => ({
      scope: g.scope,
      provenance: 'learned' as const,
      tool: g.tool,
    })),
    flags: {},
    notes: [
      `This sign-in reaches ${mcpUrl(connection) ?? 'the business MCP server'} as you: it is an access path, never an escalation; your staff role still applies.`,
      `It does not reach the partner GraphQL API (that needs a ${LIVE_KEY_PREFIX} key); details shown are from the sign-in, not a live check.`,
    ],
    checkedAt: new Date().toISOString(),
  };
}
