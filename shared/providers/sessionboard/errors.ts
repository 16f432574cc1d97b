import { UpstreamError } from '../../errors.js';
import { parseRetryAfter } from '../../net/retry-policy.js';
import { retryAfterText } from '../../net/upstream-rules.js';
import type { HeaderLookup } from '../../net/node-http.js';
import { ERROR_CODES, EVENTS_PATH, ErrorBodySchema, READ_PATHS } from './api-surface.js';
import { grantHint, SESSIONBOARD_SCOPES } from './scopes.js';

/** Where the failing call went: the REST API or the MCP server (403s there mean "MCP access is off"). */
export type SessionboardSurface = 'rest' | 'mcp';

const NEW_TOKEN =
  'Generate a new token in Sessionboard Organization Settings → API Tokens, then add it again with `bridgekeeper connections add sessionboard`.';

/** The pieces of a failed response the mapper needs. */
export interface FailedResponse {
  status: number;
  body: unknown;
  headers?: HeaderLookup;
}

/** The MCP prerequisite a 403 names (seed 000 "Prerequisites for MCP access"). */
const MCP_PREREQUISITES: Record<string, string> = {
  [ERROR_CODES.aiDisabled]: 'AI features are not enabled for your Sessionboard organization',
  [ERROR_CODES.orgMcpDisabled]: 'MCP access is not enabled on your Sessionboard organization',
  [ERROR_CODES.tokenMcpDisabled]: 'MCP Access is switched off on this API token',
};

const MCP_HINTS: Record<string, string> = {
  [ERROR_CODES.aiDisabled]:
    'Ask Sessionboard support or your account manager to enable AI features for the organization.',
  [ERROR_CODES.orgMcpDisabled]:
    'Ask Sessionboard support or your account manager to enable MCP access (a separate feature flag) on the organization.',
  [ERROR_CODES.tokenMcpDisabled]: 'Switch on MCP Access in Organization Settings → API Tokens → edit the token.',
};

/** What a failed response says, read leniently: the assumed `{ error: { code … } }` body, or a plain one. */
export interface ErrorDetails {
  /** Our assumed error code, when the body used that shape. */
  code?: string;
  /** A message for people, from whatever shape the body had (`error.message`, `message`, `error` text, plain text). */
  detail?: string;
  /** The one scope the body names (`required_scope`, or exactly one documented scope id in the message). */
  namedScope?: string;
}

/** Reads the error body: the assumed structured shape when present, otherwise a plain `{ message }`, text or nothing. */
export function errorDetails(body: unknown): ErrorDetails {
  const parsed = ErrorBodySchema.safeParse(body);
  if (parsed.success) {
    const { code, message, required_scope } = parsed.data.error;
    const named = required_scope ?? scopeNamedIn(message);
    return { code, ...(message ? { detail: message } : {}), ...(named ? { namedScope: named } : {}) };
  }
  const record = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const text = [record.message, record.error, record.detail, typeof body === 'string' ? body : undefined].find(
    (v): v is string => typeof v === 'string' && v.trim().length > 0,
  );
  const detail = text?.trim().slice(0, 300);
  const named = scopeNamedIn(detail);
  return { ...(detail ? { detail } : {}), ...(named ? { namedScope: named } : {}) };
}

/**
 * A plain 404 on a path Bridgekeeper assumed (seeds 000/001 show only `GET /v1/events`): the id may be wrong, or the
 * service may not have the path at all. Both are said, with what to do for each.
 */
function assumedPathNotFound(call: { method: string; path: string }): UpstreamError {
  const namesIds = call.path !== READ_PATHS.sbql(); // every other assumed path names an event, record or speaker
  const instead =
    "use Sessionboard's own tools instead (add the token with `--mode mcp`; it needs MCP Access and read:insights).";
  return new UpstreamError(
    'not_found',
    `Sessionboard answered 404 Not Found for ${call.method} ${call.path}: ${namesIds ? 'either an id in it does not exist, or ' : ''}Sessionboard does not offer this path (its documentation shows only GET ${EVENTS_PATH}; Bridgekeeper assumed this one).`,
    namesIds
      ? `Check the ids (list_events shows valid event ids). If they are right, this tool does not work with your Sessionboard: ${instead}`
      : `This tool does not work with your Sessionboard: ${instead}`,
    { status: 404 },
  );
}

/** The one documented scope id a message names, or undefined when it names none or several. */
function scopeNamedIn(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const named = SESSIONBOARD_SCOPES.map((s) => s.id).filter((id) => message.includes(id));
  return named.length === 1 ? named[0] : undefined;
}

/**
 * Maps a failed Sessionboard response to an `UpstreamError` whose message says what happened and what to do. `call`
 * (REST only) lets a plain 404 on an ASSUMED path say that Sessionboard may not offer that path at all.
 */
export function mapSessionboardError(
  res: FailedResponse,
  surface: SessionboardSurface = 'rest',
  call?: { method: string; path: string },
): UpstreamError {
  const { code, detail, namedScope } = errorDetails(res.body);
  const status = res.status;
  if (status === 404 && !code && call && call.path !== EVENTS_PATH) return assumedPathNotFound(call);
  if (status === 401) {
    if (code === ERROR_CODES.revoked) {
      return new UpstreamError('revoked', 'Sessionboard says this API token has been revoked.', NEW_TOKEN, { status });
    }
    return new UpstreamError(
      'invalid_token',
      'Sessionboard did not accept this API token (it is unknown, mistyped or revoked).',
      NEW_TOKEN,
      { status },
    );
  }
  if (status === 403) return map403(code, namedScope, detail, surface);
  if (status === 404) {
    return new UpstreamError(
      'not_found',
      `Sessionboard found nothing there${detail ? ` (${detail})` : ''}.`,
      'Check the id; list events or sessions first to find the right one.',
      { status },
    );
  }
  if (status === 400 || status === 422) {
    return new UpstreamError(
      'bad_request',
      `Sessionboard rejected the request: ${detail ?? 'invalid input'}.`,
      'Fix the arguments and try again.',
      { status },
    );
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(res.headers?.get('retry-after') ?? null);
    const wait = retryAfterMs !== undefined ? `in ${retryAfterText(retryAfterMs)}` : 'in a minute';
    return new UpstreamError(
      'rate_limited',
      'Sessionboard is rate limiting this token (429 Too Many Requests).',
      `Wait and try again ${wait}; spread out bulk work.`,
      { status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
    );
  }
  if (status >= 500) {
    return new UpstreamError(
      'server_error',
      `Sessionboard had a server error (HTTP ${status}).`,
      'Try again in a few minutes; if it persists, contact Sessionboard support.',
      { status },
    );
  }
  return new UpstreamError(
    'bad_response',
    `Sessionboard answered with unexpected HTTP ${status}.`,
    'Try again; if it persists, report it with the token name (never the token).',
    { status },
  );
}

/**
 * Sessionboard's own mapping of an MCP endpoint's failed HTTP answer (401, 403 = a missing MCP prerequisite, 429);
 * `undefined` leaves any other status to the upstream MCP client's generic texts.
 */
export function mapSessionboardMcpError(res: FailedResponse): UpstreamError | undefined {
  return res.status === 401 || res.status === 403 || res.status === 429 ? mapSessionboardError(res, 'mcp') : undefined;
}

function map403(
  code: string | undefined,
  requiredScope: string | undefined,
  detail: string | undefined,
  surface: SessionboardSurface,
): UpstreamError {
  const status = 403;
  if (code && MCP_PREREQUISITES[code]) {
    return new UpstreamError(
      'mcp_access_disabled',
      `Sessionboard refused MCP access: ${MCP_PREREQUISITES[code]}.`,
      MCP_HINTS[code]!,
      { status },
    );
  }
  if (requiredScope === 'read:insights' && surface === 'mcp') {
    return new UpstreamError(
      'mcp_access_disabled',
      'Sessionboard refused MCP access: this API token lacks the read:insights scope, which MCP requires.',
      grantHint('read:insights'),
      { status, missingScopes: ['read:insights'] },
    );
  }
  if (requiredScope && code !== ERROR_CODES.eventRestricted) {
    return new UpstreamError(
      'missing_scope',
      `Sessionboard refused: this API token lacks the '${requiredScope}' scope.`,
      grantHint(requiredScope),
      { status, missingScopes: [requiredScope] },
    );
  }
  if (code === ERROR_CODES.eventRestricted) {
    return new UpstreamError(
      'forbidden',
      'Sessionboard refused: this API token is restricted to other events.',
      "Use an event the token may reach (see `bridgekeeper whoami`), or edit the token's event restrictions in Organization Settings → API Tokens.",
      { status },
    );
  }
  if (surface === 'mcp') {
    return new UpstreamError(
      'mcp_access_disabled',
      `Sessionboard refused MCP access (403)${detail ? `: ${detail}` : ''}. One of these is missing: AI features for the organization, MCP access on the organization, the token's MCP Access toggle, or the read:insights scope.`,
      'Check each in Organization Settings → API Tokens (toggle, scope) and with Sessionboard support (organization flags).',
      { status },
    );
  }
  const plain = new UpstreamError(
    'forbidden',
    `Sessionboard refused the request (403)${detail ? `: ${detail}` : ''}.`,
    "Check the token's scopes and event restrictions in Organization Settings → API Tokens.",
    { status },
  );
  UNEXPLAINED_403.add(plain);
  return plain;
}

/** REST 403s whose body gave no reason Bridgekeeper recognises (no known code, no scope named). */
const UNEXPLAINED_403 = new WeakSet<UpstreamError>();

/**
 * A plain 403 (no reason Bridgekeeper recognises) from a REST tool whose documented requirement is exactly one
 * scope outside the default read access: the only documented cause left besides event restrictions is that scope,
 * so it is reported (and learned) as missing, with event restrictions named as the other possibility. Returns the
 * error unchanged otherwise (an assumed mapping, several scopes, a default read, or a 403 with a known reason).
 */
export function attributePlain403(
  error: UpstreamError,
  required: string[],
  basis: 'documented' | 'assumed',
  defaults: readonly string[],
): UpstreamError {
  if (!UNEXPLAINED_403.has(error)) return error;
  if (basis !== 'documented' || required.length !== 1 || defaults.includes(required[0]!)) return error;
  const scope = required[0]!;
  return new UpstreamError(
    'missing_scope',
    `Sessionboard refused the request (403) without saying why; the documented scope for it is '${scope}', which this token most likely lacks (if the token is restricted to other events, that is the reason instead).`,
    grantHint(scope),
    { status: 403, missingScopes: [scope] },
  );
}
