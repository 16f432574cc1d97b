import { maskSecret } from '../../secrets/mask.js';
import { type ProviderContext, type Whoami, WhoamiSchema } from '../types.js';
import type { TokenInfo } from './api-surface.js';
import { apiBaseUrl, regionLabel, regionOf } from './hosts.js';
import { describeScope, expandScopes } from './scopes.js';
import { hidePiiNote, mcpModeNote, usesMcpMode } from './whoami-notes.js';

/**
 * whoami from the ASSUMED `GET /v1/token` answer (only when a service serves it): server-reported scopes, token
 * name, organization, Hide PII, event restrictions and MCP prerequisites. MCP facts are shown for the mode the
 * connection uses: a REST-mode connection does not need them, so `flags.mcpAccess` is only set in MCP mode.
 */
export function enrichedWhoami(ctx: ProviderContext, info: TokenInfo): Whoami {
  const { token, organization } = info;
  const legacy = token.scopes.length === 0;
  const listed = new Set(token.scopes);
  const effective = expandScopes(token.scopes);
  const scopes = [...effective].map((scope) => {
    const base = describeScope(scope) ?? scope;
    const implied = legacy ? ' (implied: legacy token)' : listed.has(scope) ? '' : ' (granted to every token)';
    return { scope, provenance: 'server' as const, description: `${base}${implied}` };
  });
  const mcpMode = usesMcpMode(ctx.connection);
  const mcpMissing = mcpPrerequisitesMissing(info, effective);
  const notes: string[] = [];
  if (legacy)
    notes.push(
      'Legacy token: it has no scopes listed, so it reads everything and can write nothing. Generate a new scoped token to allow writes.',
    );
  notes.push(mcpModeNote(mcpMode, mcpMissing.length === 0 ? { met: true } : { met: false, missing: mcpMissing }));
  notes.push(hidePiiNote(token.hidePii));
  if (token.eventRestrictions?.length)
    notes.push(
      `Restricted to ${token.eventRestrictions.length === 1 ? 'one event' : `${token.eventRestrictions.length} events`}: ${token.eventRestrictions.map((e) => e.name).join(', ')}.`,
    );
  if (organization.region !== regionOf(ctx.connection) && !ctx.connection.baseUrl)
    notes.push(`The organization reports region ${regionLabel(organization.region)}.`);
  const whoami: Whoami = {
    service: 'sessionboard',
    serviceName: 'Sessionboard',
    host: new URL(apiBaseUrl(ctx.connection)).host,
    region: organization.region,
    principal: { type: 'org', id: organization.id, name: organization.name },
    context: [{ type: 'service', id: token.id, name: token.name }],
    tokenKind: legacy ? 'legacy_api_token' : 'api_token',
    tokenKindLabel: `${legacy ? 'Legacy organization' : 'Organization'} API token "${token.name}"`,
    ...(ctx.secret ? { maskedToken: maskSecret(ctx.secret) } : {}),
    scopes,
    scopesReported: true,
    missingScopes: [],
    expiresAt: token.expiresAt ?? null,
    flags: {
      hidePii: token.hidePii,
      legacyToken: legacy,
      ...(mcpMode ? { mcpAccess: mcpMissing.length === 0 } : {}),
      ...(token.eventRestrictions?.length ? { eventRestrictions: token.eventRestrictions.map((e) => e.id) } : {}),
    },
    notes,
    checkedAt: new Date().toISOString(),
  };
  return WhoamiSchema.parse(whoami);
}

/** Which of the seed's MCP prerequisites are missing, in plain words. */
export function mcpPrerequisitesMissing(info: TokenInfo, effective: Set<string>): string[] {
  const missing: string[] = [];
  if (!info.organization.aiFeatures) missing.push('AI features are not enabled for the organization');
  if (!info.organization.mcpAccess) missing.push('MCP access is not enabled on the organization');
  if (!info.token.mcpAccess) missing.push("the token's MCP Access toggle is off");
  if (!effective.has('read:insights')) missing.push('the token lacks the read:insights scope');
  return missing;
}
