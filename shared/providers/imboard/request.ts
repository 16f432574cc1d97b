import { InputError } from '../../errors.js';
import type { Connection } from '../../connections/model.js';
import type { HttpResponse } from '../../net/http-client.js';
import { parseRetryAfter } from '../../net/retry-policy.js';
import type { ProviderContext } from '../types.js';
import { IMBOARD_BASE_URL } from './api-surface.js';
import { imboardError, imboardTokenKind, type ImboardErrorContext } from './errors.js';
import { IMBOARD_BAT_PREFIX, IMBOARD_PAT_PREFIX } from './token-facts.js';

/** The API base for a connection (its base URL override, else https://app.imboard.ai/api/v1). */
export function imboardBaseUrl(connection: Connection): string {
  return (connection.baseUrl ?? IMBOARD_BASE_URL).replace(/\/+$/, '');
}

/** `Authorization: Bearer <token>` for PATs, board tokens and browser JWTs alike. */
export function imboardAuthHeaders(_connection: Connection, secret: string | null): Record<string, string> {
  if (!secret)
    throw new InputError(
      "This I'mBoard connection has no token.",
      `Remove it and add it again with a token from Account > API Access (${IMBOARD_PAT_PREFIX}…) or Board settings → Access tokens (${IMBOARD_BAT_PREFIX}…).`,
    );
  return { authorization: `Bearer ${secret}` };
}

/** Sends one request with the connection's token; non-2xx becomes a mapped `UpstreamError`. */
export async function imboardRequest(
  ctx: ProviderContext,
  req: {
    method: 'GET' | 'POST' | 'PATCH';
    path: string;
    json?: unknown;
    error: Omit<ImboardErrorContext, 'tokenKind' | 'retryAfterMs'>;
  },
): Promise<HttpResponse> {
  const base = imboardBaseUrl(ctx.connection);
  const response = await ctx.http.request({
    method: req.method,
    url: base + req.path,
    credentials: imboardAuthHeaders(ctx.connection, ctx.secret),
    trustedOrigin: new URL(base).origin,
    ...(req.json !== undefined ? { json: req.json } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  if (response.status >= 200 && response.status < 300) return response;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  throw imboardError(response.status, response.body, {
    ...req.error,
    route: { method: req.method, path: req.path },
    tokenKind: imboardTokenKind(ctx.secret),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}
