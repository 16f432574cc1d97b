import { maskSecret } from '../../secrets/mask.js';
import { type ProviderContext, type Whoami, WhoamiSchema } from '../types.js';
import { apiBaseUrl, regionLabel, regionOf } from './hosts.js';
import { checkWithEvents, type EventsCheck, fetchTokenInfo, type McpProbe, probeMcpAccess } from './live-check.js';
import { sessionboardOauthWhoami } from './oauth-whoami.js';
import { DEFAULT_READ_SCOPES, describeScope } from './scopes.js';
import { enrichedWhoami } from './whoami-enriched.js';
import { hidePiiNote, mcpModeNote, usesMcpMode } from './whoami-notes.js';

/**
 * Asks Sessionboard who this token is. The verdict (valid / invalid / revoked / wrong region) comes from the
 * documented `GET /v1/events` alone; the assumed `GET /v1/token` is then tried as enrichment, and when it is absent
 * or answers in a shape we do not know, whoami says plainly what is known and what is not.
 */
export async function sessionboardWhoami(ctx: ProviderContext): Promise<Whoami> {
  if (ctx.connection.authKind === 'oauth') return sessionboardOauthWhoami(ctx);
  const events = await checkWithEvents(ctx);
  const info = await fetchTokenInfo(ctx);
  if (info) return enrichedWhoami(ctx, info);
  const mcp = usesMcpMode(ctx.connection) ? await probeMcpAccess(ctx) : undefined;
  return documentedWhoami(ctx, events, mcp);
}

/**
 * whoami from the documented surface only: the token is valid for its region; its scopes are not reported (the
 * documented default reads are shown as `expected`, never used to refuse), nor are the organization, token name,
 * Hide PII, event restrictions or expiry.
 */
function documentedWhoami(ctx: ProviderContext, events: EventsCheck, mcp: McpProbe | undefined): Whoami {
  const region = regionOf(ctx.connection);
  const host = new URL(apiBaseUrl(ctx.connection)).host;
  const where = ctx.connection.baseUrl ? `at ${host}` : `for the ${regionLabel(region)} region`;
  const seen =
    events.eventCount === undefined
      ? ''
      : ` (it sees ${events.eventCount === 1 ? '1 event' : `${events.eventCount} events`} on the first page)`;
  const mcpMode = usesMcpMode(ctx.connection);
  const notes = [
    `Valid token ${where}: Sessionboard accepted it on GET /v1/events${seen}.`,
    "Sessionboard does not report this token's scopes: Bridgekeeper learns them from refusals. Every token has Sessionboard's default read access (events, sessions, speakers, contacts, sponsors, exhibitors); saved reports, dashboards, insights (SbQL) and writes need scopes granted in Organization Settings → API Tokens.",
    'Not reported by Sessionboard either: the organization and token names, Hide PII, event restrictions and expiry.',
    mcpModeNote(
      mcpMode,
      !mcp || mcp.reachable === 'unknown'
        ? { met: 'unknown' }
        : mcp.reachable
          ? { met: true }
          : { met: false, missing: [mcp.reason] },
    ),
    hidePiiNote(undefined),
  ];
  const whoami: Whoami = {
    service: 'sessionboard',
    serviceName: 'Sessionboard',
    host,
    region,
    principal: { type: 'org' },
    context: [],
    tokenKind: 'api_token',
    tokenKindLabel: `Organization API token (${regionLabel(region)} region)`,
    ...(ctx.secret ? { maskedToken: maskSecret(ctx.secret) } : {}),
    scopes: DEFAULT_READ_SCOPES.map((scope) => ({
      scope,
      provenance: 'expected' as const,
      description: `${describeScope(scope) ?? scope} (Sessionboard's documented default read access; not reported by the service)`,
    })),
    scopesReported: false,
    missingScopes: [],
    flags: mcp && mcp.reachable !== 'unknown' ? { mcpAccess: mcp.reachable } : {},
    notes,
    checkedAt: new Date().toISOString(),
  };
  return WhoamiSchema.parse(whoami);
}
