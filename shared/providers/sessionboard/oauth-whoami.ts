import type { ProviderContext, Whoami } from '../types.js';
import { mcpEndpoint, regionLabel, regionOf } from './hosts.js';
import { describeScope } from './scopes.js';

/**
 * "Who am I" for an OAuth sign-in to Sessionboard's MCP server (seed 000: "OAuth (recommended for most clients)").
 * That token is for the MCP server, not the Public API's token endpoint, so nothing is sent: the answer is built
 * from what the sign-in stored (granted scopes, identity metadata) and says so in its notes.
 */
export function sessionboardOauthWhoami(ctx: ProviderContext): Whoami {
  const { connection } = ctx;
  const region = regionOf(connection);
  const endpoint = mcpEndpoint(connection);
  const name = connection.metadata.principalName;
  const granted = connection.serverScopes ?? [];
  return {
    service: 'sessionboard',
    serviceName: 'Sessionboard',
    host: new URL(endpoint).host,
    region,
    principal: { type: 'user', ...(typeof name === 'string' ? { name } : {}) },
    context: [],
    tokenKind: 'oauth_mcp',
    tokenKindLabel: `Browser sign-in to Sessionboard's MCP server (OAuth, ${regionLabel(region)})`,
    scopes: granted.map((scope) => ({
      scope,
      provenance: 'server' as const,
      ...(describeScope(scope) ? { description: describeScope(scope) } : {}),
    })),
    missingScopes: connection.learnedGaps.map((g) => ({
      scope: g.scope,
      provenance: 'learned' as const,
      tool: g.tool,
    })),
    ...(typeof connection.metadata.expiresAt === 'string' || connection.metadata.expiresAt === null
      ? { expiresAt: connection.metadata.expiresAt }
      : {}),
    flags: {},
    notes: [
      `This sign-in reaches ${endpoint}. AI features and MCP access must be enabled on your organization; otherwise Sessionboard answers 403.`,
      'Details shown are from the sign-in, not a live check; Hide PII and event restrictions apply as set by your organization.',
    ],
    checkedAt: new Date().toISOString(),
  };
}
