import type { Provider } from '../types.js';
import { bearerHeaders } from './graphql.js';
import { graphqlUrl, mcpUrl } from './hosts.js';
import { SESSIONS_WEBSITE_SCOPES, effectiveScopes, grantHint } from './scopes.js';
import { recognizeToken } from './token-shape.js';
import { SESSIONS_WEBSITE_TOOLS, callSessionsWebsiteTool } from './tools.js';
import { sessionsWebsiteWhoami } from './whoami.js';

/**
 * sessions.website: a business's partner API (GraphQL at `/@<handle>/api/graphql`) with an `sk_live_…` key bound
 * to that one business, and the business MCP server at `/@<handle>/api/mcp` (OAuth `mcp:business`).
 */
export const provider: Provider = {
  id: 'sessions-website',
  displayName: 'sessions.website',
  authKinds: ['token', 'oauth'],
  credentialHelp: {
    whereToGet: 'In the sessions.website business admin, open Settings → API keys, name a key, grant it scopes, and copy its secret (shown once at creation).',
    tips: [
      'A key works only on its own business: use that business\'s handle (the part after /@ in its address).',
      'Grant only the scopes you need: participants, registrations, products, purchases (read) and webhooks (read/write).',
      "A scope the key holds but the business doesn't have resolves to nothing.",
      'Treat the secret like a password; rotate it in Settings → API keys if it leaks.',
    ],
    placeholder: 'sk_live_…',
  },
  scopes: SESSIONS_WEBSITE_SCOPES,
  grantHint,
  recognizeToken,
  effectiveScopes,
  apiBaseUrl: graphqlUrl,
  authHeaders: (_connection, secret) => bearerHeaders(secret),
  mcpEndpoint: mcpUrl,
  whoami: sessionsWebsiteWhoami,
  tools: () => SESSIONS_WEBSITE_TOOLS.map(({ name, title, description, inputSchema, access, destructive, requiredScopes }) => ({ name, title, description, inputSchema, access, requiredScopes, ...(destructive ? { destructive } : {}) })),
  callTool: callSessionsWebsiteTool,
};
