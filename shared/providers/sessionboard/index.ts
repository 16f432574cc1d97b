import type { Provider } from '../types.js';
import { mapSessionboardMcpError } from './errors.js';
import { apiBaseUrl, mcpEndpoint, SESSIONBOARD_REGIONS } from './hosts.js';
import { mcpToolScopeBasis, mcpToolScopes } from './mcp-scopes.js';
import { tokenHeaders } from './request.js';
import { effectiveScopes, expectedScopes, grantHint, SESSIONBOARD_SCOPES } from './scopes.js';
import { recognizeToken } from './token-shape.js';
import { callSessionboardTool, sessionboardTools } from './tools.js';
import { sessionboardWhoami } from './whoami.js';

/**
 * Sessionboard: organization API tokens sent as `x-access-token` to the US or EU Public API, or Sessionboard's
 * own MCP server. Every Sessionboard fact lives in this folder, marked documented or assumed in `api-surface.ts`.
 */
export const provider: Provider = {
  id: 'sessionboard',
  displayName: 'Sessionboard',
  connectionFields: ['region'],
  authKinds: ['token', 'oauth'],
  regions: SESSIONBOARD_REGIONS,
  credentialHelp: {
    whereToGet:
      'Sessionboard admin → Organization Settings → API Tokens → Generate Token (organization administrators only). The token is shown once: copy it immediately.',
    tips: [
      'Grant only the scopes you need; every token gets the default read access (events, sessions, speakers, contacts, sponsors, exhibitors). Saved reports, dashboards, insights and writes need their own scopes.',
      "Bridgekeeper's default (REST) mode needs no MCP access. Only for the MCP mode (Sessionboard's own MCP server): switch on the token's MCP Access and grant read:insights; AI features and MCP must also be enabled on the organization.",
      'Keep Hide PII on (recommended): emails and phones then come back masked.',
      'Restrict the token to specific events when it only needs one.',
      'Pick the region your organization is hosted in: US (public-api.sessionboard.com) or EU (public-api-eu.sessionboard.com).',
    ],
    placeholder: 'paste the API token from Organization Settings → API Tokens',
  },
  scopes: SESSIONBOARD_SCOPES,
  grantHint,
  recognizeToken,
  effectiveScopes,
  expectedScopes,
  apiBaseUrl,
  authHeaders: (_connection, secret) => tokenHeaders(secret),
  mcpEndpoint,
  mcpToolScopes,
  mcpToolScopeBasis,
  mapMcpHttpError: mapSessionboardMcpError,
  whoami: sessionboardWhoami,
  tools: () => sessionboardTools(),
  callTool: callSessionboardTool,
};

export { mapSessionboardError } from './errors.js';
