import { UpstreamError } from '../../errors.js';
import { ErrorBodySchema, TOKEN_SOURCE, VALIDATION_PATH } from './api-surface.js';
import { TENANT_ID_EXAMPLE } from './token-facts.js';

/** What we know about the failed call, to make the message specific. */
export interface SessionServicesErrorContext {
  /** The tool (or 'whoami') that failed. */
  operation: string;
  /** The scope the endpoint needs, when known. */
  requiredScope?: string | null;
  /** The token's own exp claim said it has expired. */
  tokenExpired?: boolean;
  hasToken: boolean;
  retryAfterMs?: number;
  /** The method and path sent (a 404 on an ASSUMED path may mean the service has no such path); ids in it or not. */
  route?: { method: string; path: string; namesIds?: boolean };
}

/** Turns a Session Services error status (seed: 400 no tenant, 401 bad token, 403 missing scope) into an `UpstreamError`. */
export function sessionServicesError(status: number, body: unknown, ctx: SessionServicesErrorContext): UpstreamError {
  const parsed = ErrorBodySchema.safeParse(body);
  const said = parsed.success ? ('error' in parsed.data ? parsed.data.error.message : parsed.data.message) : undefined;
  const detail = said ? ` (Session Services said: ${said.slice(0, 200)})` : '';
  const requiredFromBody = parsed.success && 'error' in parsed.data ? parsed.data.error.requiredScope : undefined;
  const scope = requiredFromBody ?? ctx.requiredScope ?? undefined;
  // The seed documents what a 403 means (the token lacks the endpoint's scope) but not which scope an endpoint needs:
  // a scope named by the service is a fact, the tool's own mapping is Bridgekeeper's assumption, and says so.
  const scopeText = requiredFromBody
    ? ` (${requiredFromBody})`
    : scope
      ? ` (probably ${scope}: Bridgekeeper's assumption, Session Services did not name it)`
      : '';
  const extra = { status, ...(ctx.retryAfterMs !== undefined ? { retryAfterMs: ctx.retryAfterMs } : {}) };
  switch (true) {
    case status === 400:
      return new UpstreamError(
        'bad_request',
        `Session Services refused the request to ${ctx.operation}: the tenant id (x-tenant-id) is missing or malformed, or an argument is invalid${detail}.`,
        `Check the connection has a tenant id like ${TENANT_ID_EXAMPLE} (re-add it with --tenant) and the arguments you passed.`,
        extra,
      );
    case status === 401 && !ctx.hasToken:
      return new UpstreamError(
        'unauthenticated',
        `Session Services needs a signed-in token for ${ctx.operation}; this connection has only a tenant id${detail}.`,
        `Add a Bearer token from ${TOKEN_SOURCE} to use authenticated tools.`,
        extra,
      );
    case status === 401 && ctx.tokenExpired === true:
      return new UpstreamError(
        'expired',
        `Your Session Services token has expired${detail}.`,
        `Get a new token from ${TOKEN_SOURCE}, then run \`bridgekeeper connections add session-services\` again.`,
        extra,
      );
    case status === 401:
      return new UpstreamError(
        'invalid_token',
        `Session Services rejected the token as missing or invalid${detail}.`,
        `Check you pasted the whole token, or get a new one from ${TOKEN_SOURCE}.`,
        extra,
      );
    case status === 403:
      return new UpstreamError(
        'missing_scope',
        `The Session Services token lacks the permission scope needed for ${ctx.operation}${scopeText}${detail}.`,
        `Ask your Session Services admin for a token with the ${scope ?? 'required'} permission (FULL grants everything).`,
        { ...extra, ...(scope ? { missingScopes: [scope] } : {}) },
      );
    case status === 404 && ctx.route !== undefined && !isDocumentedRoute(ctx.route):
      return new UpstreamError(
        'not_found',
        `Session Services answered 404 Not Found for ${ctx.route.method} ${ctx.route.path} (${ctx.operation}): ${ctx.route.namesIds ? 'either an id in it does not exist, or ' : ''}Session Services does not offer this path (its documentation shows only GET ${VALIDATION_PATH}; Bridgekeeper assumed this one)${detail}.`,
        `${ctx.route.namesIds ? 'Check the ids you passed (list_events shows valid event ids). If they are right, this' : 'This'} tool does not work with your Session Services: tell the Bridgekeeper maintainers, and ask the Session Services team for the API reference of this operation.`,
        extra,
      );
    case status === 404:
      return new UpstreamError(
        'not_found',
        `Session Services found nothing for ${ctx.operation}${detail}.`,
        'Check the id you passed (and that the tenant id is the right one).',
        extra,
      );
    case status === 429:
      return new UpstreamError(
        'rate_limited',
        'Session Services is rate-limiting requests.',
        'Wait a little and try again.',
        extra,
      );
    case status >= 500:
      return new UpstreamError(
        'server_error',
        `Session Services had a problem (HTTP ${status}).`,
        'Try again in a minute; if it persists, contact Session Services.',
        extra,
      );
    default:
      return new UpstreamError(
        'bad_response',
        `Session Services answered HTTP ${status} to ${ctx.operation}${detail}.`,
        'Try again; if it persists, report it with this message.',
        extra,
      );
  }
}

/** The one call seed 003 shows: `GET /events`. */
function isDocumentedRoute(route: { method: string; path: string }): boolean {
  return route.method === 'GET' && route.path === VALIDATION_PATH;
}
