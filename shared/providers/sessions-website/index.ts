import type { Provider } from '../types.js';
import { LIVE_KEY_PREFIX } from './api-surface.js';
import { bearerHeaders } from './graphql.js';
import { checkNewConnection, keyOnMcp, refuseKeyOnMcp } from './mcp-access.js';
import { graphqlUrl, mcpUrl } from './hosts.js';
import { SESSIONS_WEBSITE_SCOPES, effectiveScopes, grantHint } from './scopes.js';
import { recognizeToken } from './token-shape.js';
import { SESSIONS_WEBSITE_TOOLS, callSessionsWebsiteTool } from './tools.js';
import { sessionsWebsiteWhoami } from './whoami.js';

/**
 * sessions.website: a business's partner API (GraphQL at `/@<handle>/api/graphql`) with a live API key bound
 * to that one business, and the business MCP server at `/@<handle>/api/mcp` (OAuth `mcp:business`).
 */
export const provider: Provider = {
  id: 'sessions-website',
  displayName: 'sessions.website',
  connectionFields: ['handle'],
  authKinds: ['token', 'oauth'],
  credentialHelp: {
    whereToGet:
      'In the sessions.website business admin, open Settings → API keys, name a key, grant it scopes, and copy its secret (shown once at creation).',
    tips: [
      `API key or sign in? An API key (${LIVE_KEY_PREFIX}…) is a partner integration: it reaches only the partner API, only the scopes you grant it, and only its one business. Signing in with your browser instead acts as you, the signed-in staff member, with your real staff permissions, through the business's MCP server (upcoming sessions, attendance, create/cancel sessions). A key is never sent to the MCP server.`,
      "A key works only on its own business: use that business's handle (the part after /@ in its address).",
      'Grant only the scopes you need: participants, registrations, products, purchases (read) and webhooks (read/write).',
      "A scope the key holds but the business doesn't have resolves to nothing.",
      'Treat the secret like a password; rotate it in Settings → API keys if it leaks.',
    ],
    placeholder: `${LIVE_KEY_PREFIX}…`,
  },
  scopes: SESSIONS_WEBSITE_SCOPES,
  grantHint,
  recognizeToken,
  effectiveScopes,
  apiBaseUrl: graphqlUrl,
  // Only the gateway's MCP client asks for these: a key is never handed over for the MCP server (seed 002).
  authHeaders: (connection, secret) => {
    if (keyOnMcp(connection) || (connection.metadata.mode === 'mcp' && secret?.startsWith(LIVE_KEY_PREFIX)))
      throw refuseKeyOnMcp(connection);
    return bearerHeaders(secret);
  },
  mcpEndpoint: mcpUrl,
  checkNewConnection,
  whoami: sessionsWebsiteWhoami,
  tools: () =>
    SESSIONS_WEBSITE_TOOLS.map(
      ({ name, title, description, inputSchema, access, destructive, requiredScopes, scopeBasis }) => ({
        name,
        title,
        description,
        inputSchema,
        access,
        requiredScopes,
        ...(scopeBasis ? { scopeBasis } : {}),
        ...(destructive ? { destructive } : {}),
      }),
    ),
  callTool: callSessionsWebsiteTool,
};
