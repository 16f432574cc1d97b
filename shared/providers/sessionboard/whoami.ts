import { UpstreamError } from '../../errors.js';
import { maskSecret } from '../../secrets/mask.js';
import { type ProviderContext, type Whoami, WhoamiSchema } from '../types.js';
import { API_HOSTS, type TokenInfo, TokenInfoSchema, WHOAMI_PATH } from './api-surface.js';
import { apiBaseUrl, otherRegion, regionLabel, regionOf } from './hosts.js';
import { sessionboardOauthWhoami } from './oauth-whoami.js';
import { sessionboardRequest } from './request.js';
import { describeScope, expandScopes } from './scopes.js';

/**
 * Asks Sessionboard who this token is. A 401 on a connection that uses the documented hosts is double-checked
 * against the other region, so a US token pointed at EU (or the reverse) is reported as exactly that.
 */
export async function sessionboardWhoami(ctx: ProviderContext): Promise<Whoami> {
  if (ctx.connection.authKind === 'oauth') return sessionboardOauthWhoami(ctx);
  let info: TokenInfo;
  try {
    info = parseInfo((await sessionboardRequest(ctx, { path: WHOAMI_PATH })).body);
  } catch (error) {
    if (error instanceof UpstreamError && error.status === 401) {
      await throwIfOtherRegion(ctx);
    }
    throw error;
  }
  return toWhoami(ctx, info);
}

function parseInfo(body: unknown): TokenInfo {
  const parsed = TokenInfoSchema.safeParse(body);
  if (!parsed.success) {
    throw new UpstreamError('bad_response', 'Sessionboard answered the token check in an unexpected format.', 'Try again; if it persists, update Bridgekeeper.');
  }
  return parsed.data;
}

/**
 * After a 401 on a connection that uses the documented hosts: throws `wrong_region` when the token is valid in the
 * other region; otherwise returns (the original 401 stands).
 */
export async function throwIfOtherRegion(ctx: ProviderContext): Promise<void> {
  if (ctx.connection.baseUrl || ctx.connection.authKind === 'oauth') return;
  const region = regionOf(ctx.connection);
  const other = otherRegion(region);
  try {
    await sessionboardRequest(ctx, { path: WHOAMI_PATH, origin: API_HOSTS[other] });
  } catch {
    return; // not valid there either: the original 401 stands
  }
  throw new UpstreamError(
    'wrong_region',
    `This token belongs to Sessionboard's ${regionLabel(other)} region, but the connection uses ${regionLabel(region)} (${new URL(API_HOSTS[region]).host}).`,
    `Choose region ${regionLabel(other)} (--region ${other}) when adding the connection.`,
    { status: 401 },
  );
}

function toWhoami(ctx: ProviderContext, info: TokenInfo): Whoami {
  const { token, organization } = info;
  const legacy = token.scopes.length === 0;
  const listed = new Set(token.scopes);
  const effective = expandScopes(token.scopes);
  const scopes = [...effective].map((scope) => {
    const base = describeScope(scope) ?? scope;
    const implied = legacy ? ' (implied: legacy token)' : listed.has(scope) ? '' : ' (granted to every token)';
    return { scope, provenance: 'server' as const, description: `${base}${implied}` };
  });
  const mcpMissing = mcpPrerequisitesMissing(info, effective);
  const notes: string[] = [];
  if (legacy) notes.push('Legacy token: it has no scopes listed, so it reads everything and can write nothing. Generate a new scoped token to allow writes.');
  if (mcpMissing.length > 0) notes.push(`MCP (AI assistant) access is off: ${mcpMissing.join('; ')}.`);
  if (token.hidePii) notes.push('Hide PII is on: emails and phone numbers come back masked (j***@a***.com, ***-***-4567).');
  if (token.eventRestrictions?.length) notes.push(`Restricted to ${token.eventRestrictions.length === 1 ? 'one event' : `${token.eventRestrictions.length} events`}: ${token.eventRestrictions.map((e) => e.name).join(', ')}.`);
  if (organization.region !== regionOf(ctx.connection) && !ctx.connection.baseUrl) notes.push(`The organization reports region ${regionLabel(organization.region)}.`);
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
    missingScopes: [],
    expiresAt: token.expiresAt ?? null,
    flags: {
      hidePii: token.hidePii,
      legacyToken: legacy,
      mcpAccess: mcpMissing.length === 0,
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
