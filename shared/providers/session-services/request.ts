import { InputError } from '../../errors.js';
import { decodeJwtClaimsUnverified } from '../../util/jwt-claims.js';
import type { Connection } from '../../connections/model.js';
import type { HttpResponse } from '../../net/http-client.js';
import { parseRetryAfter } from '../../net/retry-policy.js';
import type { ProviderContext } from '../types.js';
import { SESSION_SERVICES_BASE_URL, TENANT_HEADER, TENANT_ID_PATTERN, TENANT_ID_PREFIX } from './api-surface.js';
import { sessionServicesError } from './errors.js';

/** The connection's tenant id; a typed error saying how to fix it when missing. */
export function tenantIdOf(connection: Connection): string {
  const tenant = connection.metadata.tenantId;
  if (typeof tenant !== 'string' || !TENANT_ID_PATTERN.test(tenant)) {
    throw new InputError(
      `The Session Services connection '${connection.label}' has no valid tenant id.`,
      `Remove it and add it again with --tenant ${TENANT_ID_PREFIX}… (your tenant id is in the Session Services dashboard).`,
    );
  }
  return tenant;
}

/** The API origin for a connection (its base URL override, else api.session.services). */
export function sessionServicesBaseUrl(connection: Connection): string {
  return (connection.baseUrl ?? SESSION_SERVICES_BASE_URL).replace(/\/+$/, '');
}

/** `x-tenant-id` always; `Authorization: Bearer` only when there is a token. */
export function sessionServicesAuthHeaders(connection: Connection, secret: string | null): Record<string, string> {
  return { [TENANT_HEADER]: tenantIdOf(connection), ...(secret ? { authorization: `Bearer ${secret}` } : {}) };
}

/** Sends one request with the connection's credentials; non-2xx becomes a mapped `UpstreamError`. */
export async function sessionServicesRequest(
  ctx: ProviderContext,
  req: {
    method: 'GET' | 'POST' | 'PATCH';
    path: string;
    query?: Record<string, string>;
    json?: unknown;
    operation: string;
    requiredScope?: string | null;
    useToken?: boolean;
    /** The path names ids (filled from a template): a 404 may mean a wrong id. */
    namesIds?: boolean;
  },
): Promise<HttpResponse> {
  const base = sessionServicesBaseUrl(ctx.connection);
  const url = new URL(base + req.path);
  for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
  const secret = req.useToken === false ? null : ctx.secret;
  const response = await ctx.http.request({
    method: req.method,
    url: url.toString(),
    credentials: sessionServicesAuthHeaders(ctx.connection, secret),
    trustedOrigin: new URL(base).origin,
    ...(req.json !== undefined ? { json: req.json } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  if (response.status >= 200 && response.status < 300) return response;
  const claims = secret ? decodeJwtClaimsUnverified(secret) : undefined;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  throw sessionServicesError(response.status, response.body, {
    operation: req.operation,
    route: { method: req.method, path: req.path, namesIds: req.namesIds ?? false },
    requiredScope: req.requiredScope ?? null,
    hasToken: Boolean(secret),
    tokenExpired: claims?.exp !== undefined ? claims.exp * 1000 <= Date.now() : undefined,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

/** Fills `{name}` path segments from args (URL-encoded); returns the path and the arguments left over. */
export function fillPath(
  template: string,
  args: Record<string, unknown>,
): { path: string; rest: Record<string, unknown> } {
  const rest = { ...args };
  const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = rest[name];
    delete rest[name];
    if (typeof value !== 'string' || value.length === 0)
      throw new InputError(`The argument '${name}' is required.`, `Pass ${name} as a non-empty string.`);
    return encodeURIComponent(value);
  });
  return { path, rest };
}
