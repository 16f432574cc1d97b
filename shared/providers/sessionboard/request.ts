import { InputError } from '../../errors.js';
import type { HttpResponse } from '../../net/http-client.js';
import type { ProviderContext } from '../types.js';
import { TOKEN_HEADER } from './api-surface.js';
import { mapSessionboardError } from './errors.js';
import { apiBaseUrl } from './hosts.js';

/** One Sessionboard REST call. */
export interface SessionboardCall {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  /** Override the origin (used to probe the other region). */
  origin?: string;
}

/** The `x-access-token` header for a secret. */
export function tokenHeaders(secret: string | null): Record<string, string> {
  return secret ? { [TOKEN_HEADER]: secret } : {};
}

/**
 * Sends a call with the token only to the connection's own origin (HTTPS, loopback excepted) and returns the
 * response on 2xx; anything else becomes the mapped `UpstreamError`.
 */
export async function sessionboardRequest(ctx: ProviderContext, call: SessionboardCall): Promise<HttpResponse> {
  if (!ctx.secret) {
    throw new InputError(
      'This Sessionboard connection has no API token.',
      'Add it again with `bridgekeeper connections add sessionboard --label … --token-stdin`.',
    );
  }
  const origin = call.origin ?? apiBaseUrl(ctx.connection);
  const url = new URL(`${origin}${call.path}`);
  for (const [key, value] of Object.entries(call.query ?? {})) {
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  }
  const response = await ctx.http.request({
    method: call.method ?? 'GET',
    url: url.toString(),
    credentials: tokenHeaders(ctx.secret),
    trustedOrigin: new URL(origin).origin,
    ...(call.json !== undefined ? { json: call.json } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  if (response.status >= 200 && response.status < 300) return response;
  throw mapSessionboardError(response, 'rest', { method: call.method ?? 'GET', path: call.path });
}
