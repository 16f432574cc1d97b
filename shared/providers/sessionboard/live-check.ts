import { UpstreamError } from '../../errors.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../net/retry-policy.js';
import { connectUpstream } from '../../upstream-mcp/upstream-client.js';
import type { ProviderContext } from '../types.js';
import { API_HOSTS, EVENTS_PATH, type TokenInfo, TokenInfoSchema, WHOAMI_PATH } from './api-surface.js';
import { parseList } from './envelopes.js';
import { mapSessionboardMcpError } from './errors.js';
import { apiBaseUrl, mcpEndpoint, otherRegion, regionLabel, regionOf } from './hosts.js';
import { sessionboardRequest, tokenHeaders } from './request.js';

/** What the documented call (`GET /v1/events`) told us about a token that it accepted. */
export interface EventsCheck {
  /** How many events the token can see on the first page, when the answer was a list we could read. */
  eventCount?: number;
}

/**
 * The live check on the one documented call, `GET /v1/events` with `x-access-token`: 2xx = valid; 401 = invalid,
 * unless the other region's documented host accepts the same token (then `wrong_region`); 404 = this host does not
 * serve the Public API. Any other failure is the mapped error (429, 5xx …).
 */
export async function checkWithEvents(ctx: ProviderContext): Promise<EventsCheck> {
  let body: unknown;
  try {
    body = (await sessionboardRequest(ctx, { path: EVENTS_PATH })).body;
  } catch (error) {
    if (error instanceof UpstreamError && error.status === 401) await throwIfOtherRegion(ctx);
    if (error instanceof UpstreamError && error.status === 404) {
      const host = new URL(apiBaseUrl(ctx.connection)).host;
      throw new UpstreamError(
        'not_found',
        `${host} does not answer Sessionboard's documented GET /v1/events (HTTP 404), so it is not the Sessionboard Public API.`,
        "Leave out --base-url to use your region's documented host (public-api.sessionboard.com or public-api-eu.sessionboard.com), or fix the URL.",
        { status: 404 },
      );
    }
    throw error;
  }
  try {
    return { eventCount: parseList(body).rows.length };
  } catch {
    return {}; // accepted, in a shape we do not read: still a valid token
  }
}

/**
 * After a 401 on a connection that uses the documented hosts: throws `wrong_region` when the other region's
 * documented `GET /v1/events` accepts the token; otherwise returns (the original 401 stands).
 */
export async function throwIfOtherRegion(ctx: ProviderContext): Promise<void> {
  if (ctx.connection.baseUrl || ctx.connection.authKind === 'oauth') return;
  const region = regionOf(ctx.connection);
  const other = otherRegion(region);
  try {
    await sessionboardRequest(ctx, { path: EVENTS_PATH, origin: API_HOSTS[other] });
  } catch {
    return; // not valid there either: the original 401 stands
  }
  throw new UpstreamError(
    'wrong_region',
    `This token belongs to Sessionboard's ${regionLabel(other)} region, but the connection uses ${regionLabel(region)} (${new URL(API_HOSTS[region]).host}).`,
    `Choose region ${regionLabel(other)} (--region ${other}) when adding the connection.`,
    { status: 401, fix: { kind: 'switch_region', region: other, regionLabel: regionLabel(other) } },
  );
}

/**
 * ASSUMED enrichment: `GET /v1/token`. Returns the token's details when the service answers 2xx in the shape we
 * assume; `undefined` for anything else (404, 405, 400, 501, another body, a network failure): never an error.
 */
export async function fetchTokenInfo(ctx: ProviderContext): Promise<TokenInfo | undefined> {
  const origin = apiBaseUrl(ctx.connection);
  try {
    const response = await ctx.http.request({
      method: 'GET',
      url: `${origin}${WHOAMI_PATH}`,
      credentials: tokenHeaders(ctx.secret),
      trustedOrigin: new URL(origin).origin,
      retry: false,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    if (response.status < 200 || response.status >= 300) return undefined;
    const parsed = TokenInfoSchema.safeParse(response.body);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** What an MCP-mode connection's endpoint said to an `initialize` (seed 000: 403 when a prerequisite is missing). */
export type McpProbe = { reachable: true } | { reachable: false; reason: string } | { reachable: 'unknown' };

/** How long the add-time MCP check waits for the handshake (and for the server to acknowledge the session's end). */
const MCP_PROBE_TIMEOUT_MS = 15_000;

/** A check at add time is asked once: a 429 is an unknown answer, not a reason to wait. */
const NO_RETRIES: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxRetries: 0 };

/**
 * DOCUMENTED check for MCP mode: opens an MCP session with the token on the region's MCP endpoint through the one
 * upstream MCP client (`upstream-mcp/`, which sends the token only to that origin), then ends it (`DELETE` with the
 * session id, when the server gave one). Handshake done = the prerequisites hold; 403 = one is missing (named when
 * the body says which); anything else (network, other statuses, a 429: not retried) = not known, never an error.
 */
export async function probeMcpAccess(ctx: ProviderContext): Promise<McpProbe> {
  try {
    const session = await connectUpstream({
      endpoint: mcpEndpoint(ctx.connection),
      credentials: tokenHeaders(ctx.secret),
      timeoutMs: MCP_PROBE_TIMEOUT_MS,
      serviceName: 'Sessionboard',
      mapError: mapSessionboardMcpError,
      retry: NO_RETRIES,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    await session.close();
    return { reachable: true };
  } catch (error) {
    if (error instanceof UpstreamError && error.status === 403) return { reachable: false, reason: error.message };
    return { reachable: 'unknown' };
  }
}
