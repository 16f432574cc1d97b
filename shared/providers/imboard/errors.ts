import { IMBOARD_BAT_PREFIX, IMBOARD_PAT_PREFIX } from './token-facts.js';
import { UpstreamError } from '../../errors.js';
import {
  BAT_MANAGE,
  ErrorBodySchema,
  EXPIRED_MESSAGE,
  ME_PATH,
  PAT_MANAGE,
  REVOKED_MESSAGE,
  SCOPE_IN_MESSAGE,
  WHOAMI_PATH,
} from './api-surface.js';

/** The routes seed 004 shows literally (under /api/v1). */
const DOCUMENTED_PATHS: readonly string[] = [WHOAMI_PATH, ME_PATH];

/** Which kind of I'mBoard credential made the call (from its prefix). */
export type ImboardTokenKind = 'pat' | 'board_token' | 'jwt' | 'unknown';

/** The token kind from its documented prefix. */
export function imboardTokenKind(secret: string | null): ImboardTokenKind {
  if (!secret) return 'unknown';
  if (secret.startsWith(IMBOARD_PAT_PREFIX)) return 'pat';
  if (secret.startsWith(IMBOARD_BAT_PREFIX)) return 'board_token';
  return secret.split('.').length === 3 ? 'jwt' : 'unknown';
}

/** What we know about the failed call, so the message can be specific. */
export interface ImboardErrorContext {
  operation: string;
  tokenKind: ImboardTokenKind;
  requiredScope?: string;
  /** Scopes the connection is known to hold (undefined = unknown). */
  granted?: Set<string>;
  /** The route is board-scoped (/boards/:boardId/…). */
  boardRoute?: boolean;
  /** The board the call targeted, for a role refusal that concerns that board only. */
  boardId?: string;
  write?: boolean;
  retryAfterMs?: number;
  /** The method and path sent (a 404 on an ASSUMED route may mean I'mBoard has no such route). */
  route?: { method: string; path: string };
}

/** Maps an I'mBoard error response (documented codes, else status) to an `UpstreamError` with a next step. */
export function imboardError(status: number, body: unknown, ctx: ImboardErrorContext): UpstreamError {
  const parsed = ErrorBodySchema.safeParse(body);
  const err = parsed.success ? ('error' in parsed.data ? parsed.data.error : parsed.data) : undefined;
  const said = err?.message ? ` (I'mBoard said: ${err.message.slice(0, 200)})` : '';
  const extra = { status, ...(ctx.retryAfterMs !== undefined ? { retryAfterMs: ctx.retryAfterMs } : {}) };
  const bat = ctx.tokenKind === 'board_token';
  const newToken = bat
    ? `Ask a board owner or admin to create a new board access token in ${BAT_MANAGE}`
    : `Create a new token in ${PAT_MANAGE}`;
  const readd = 'then add it again with `bridgekeeper connections add imboard`.';
  const code = err?.code ?? codeForStatus(status);
  switch (code) {
    case 'UNAUTHENTICATED':
      return new UpstreamError(
        'unauthenticated',
        `I'mBoard received no token, or the Authorization header was malformed${said}.`,
        `Re-add the connection with the whole token (it starts with ${IMBOARD_PAT_PREFIX} or ${IMBOARD_BAT_PREFIX}); ${readd}`,
        extra,
      );
    case 'INVALID_API_TOKEN': {
      const text = err?.message ?? '';
      const kind = EXPIRED_MESSAGE.test(text) ? 'expired' : REVOKED_MESSAGE.test(text) ? 'revoked' : 'invalid_token';
      const what =
        kind === 'expired' ? 'has expired' : kind === 'revoked' ? 'was revoked' : 'is expired, revoked or unknown';
      return new UpstreamError(
        kind,
        `I'mBoard says this token ${what}; it fails at once (there is no grace period)${said}.`,
        `${newToken}, ${readd}`,
        extra,
      );
    }
    case 'ACCOUNT_SUSPENDED':
      return new UpstreamError(
        'account_suspended',
        `Your I'mBoard account is suspended, so every API call fails${said}.`,
        "Contact I'mBoard support to restore the account.",
        extra,
      );
    case 'ACCOUNT_INACTIVE':
      return new UpstreamError(
        'account_inactive',
        `Your I'mBoard account is inactive, so every API call fails${said}.`,
        "Reactivate your account in I'mBoard settings, then try again.",
        extra,
      );
    case 'BILLING_RESTRICTED':
      return new UpstreamError(
        'billing_restricted',
        `The board's billing state blocks ${ctx.operation}${said}.`,
        "A board owner needs to resolve the board's billing in I'mBoard; until then this operation is blocked.",
        extra,
      );
    case 'RESOURCE_NOT_FOUND':
      return notFound(ctx, bat, said, extra);
    case 'RATE_LIMITED':
      return new UpstreamError(
        'rate_limited',
        "I'mBoard is rate-limiting requests.",
        'Wait a little and try again.',
        extra,
      );
    case 'FORBIDDEN':
      return forbidden(ctx, err?.message ?? '', said, extra);
    default:
      return status >= 500
        ? new UpstreamError('server_error', `I'mBoard had a problem (HTTP ${status}).`, 'Try again in a minute.', extra)
        : new UpstreamError(
            'bad_response',
            `I'mBoard answered HTTP ${status} to ${ctx.operation}${said}.`,
            'Try again; if it persists, report it with this message.',
            extra,
          );
  }
}

/**
 * FORBIDDEN (seed 004) means a role refusal, a missing scope, or a board token off its routes. A missing scope is
 * reported (and learned by the gateway) only when I'mBoard names one; otherwise it is a refusal for this call on
 * this board, and nothing is learned about the token.
 */
function forbidden(ctx: ImboardErrorContext, message: string, said: string, extra: { status: number }): UpstreamError {
  if (ctx.tokenKind === 'board_token' && ctx.boardRoute === false) {
    return new UpstreamError(
      'forbidden',
      `Board access tokens only work on board routes (/boards/:boardId/…), so ${ctx.operation} is refused${said}.`,
      `Use a personal access token (${PAT_MANAGE}) for account-level and portfolio tools.`,
      extra,
    );
  }
  const named = SCOPE_IN_MESSAGE.exec(message)?.[1];
  if (named && !ctx.granted?.has(named)) {
    const hint =
      ctx.tokenKind === 'board_token'
        ? `Ask a board owner or admin for a ${named.endsWith(':write') ? 'Read & write ' : ''}board access token with ${named} (${BAT_MANAGE}).`
        : `Create a token with ${named} in ${PAT_MANAGE} (Full access preset, or pick the scope; read and write are separate scopes), then re-add the connection.`;
    return new UpstreamError(
      'missing_scope',
      `I'mBoard refused ${ctx.operation}: the token lacks ${named}${said}.`,
      hint,
      { ...extra, missingScopes: [named] },
    );
  }
  const where = ctx.boardId ? ` on board ${ctx.boardId}` : '';
  const scopeNote =
    ctx.requiredScope && ctx.granted?.has(ctx.requiredScope) ? `, even though the token has ${ctx.requiredScope}` : '';
  return new UpstreamError(
    'forbidden',
    `I'mBoard refused ${ctx.operation}${where} (FORBIDDEN)${scopeNote}: your role${where ? ' on this board' : ''} does not allow it. I'mBoard named no missing scope, so this is treated as a role refusal for this ${where ? 'board' : 'call'} only${said}.`,
    `Ask a board owner or admin for that permission in I'mBoard${where ? ', or use a board where your role allows it' : ''}. If you think the token lacks a scope, run \`bridgekeeper whoami\` to see what it holds.`,
    extra,
  );
}

/**
 * RESOURCE_NOT_FOUND. On a route Bridgekeeper ASSUMED it may also mean I'mBoard has no such route: said as a third
 * possibility when the route names ids (board routes), as the only one when it names none (`/boards`, `/portfolio`).
 */
function notFound(
  ctx: ImboardErrorContext,
  bat: boolean,
  said: string,
  extra: { status: number; retryAfterMs?: number },
): UpstreamError {
  const route = ctx.route && !DOCUMENTED_PATHS.includes(ctx.route.path) ? ctx.route : undefined;
  const noRoute = route
    ? `I'mBoard does not offer ${route.method} /api/v1${route.path} at all (its documentation shows only ${DOCUMENTED_PATHS.map((p) => `/api/v1${p}`).join(' and ')}; Bridgekeeper assumed this route)`
    : '';
  const noTool = "tool does not work with your I'mBoard: tell the Bridgekeeper maintainers.";
  const ifRight = route ? ` If the ids are right, this ${noTool}` : '';
  if (route && !ctx.boardRoute && !bat)
    return new UpstreamError('not_found', `${ctx.operation}: ${noRoute}${said}.`, `This ${noTool}`, extra);
  if (bat)
    return new UpstreamError(
      'not_found',
      `I'mBoard found nothing for ${ctx.operation}: it does not exist, or it is not on the one board this board token is pinned to (I'mBoard does not say which)${route ? `, or ${noRoute}` : ''}${said}.`,
      `Board tokens reach only their own board: leave boardId out to use it, or use a personal access token for other boards.${ifRight}`,
      extra,
    );
  return new UpstreamError(
    'not_found',
    `I'mBoard found nothing for ${ctx.operation}${route ? `: the id does not exist, or ${noRoute}` : ''}${said}.`,
    `Check the id (list_boards / list_meetings show valid ids).${ifRight}`,
    extra,
  );
}

function codeForStatus(status: number): string {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'RESOURCE_NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  return `HTTP_${status}`;
}
