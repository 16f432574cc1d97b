import { decodeJwtClaimsUnverified, jwtAudience, jwtExpiry, jwtScopes } from '../../auth/jwt-claims.js';
import { UpstreamError } from '../../errors.js';
import { maskSecret } from '../../secrets/mask.js';
import type { Principal, ProviderContext, Whoami } from '../types.js';
import { SESSION_SERVICES_HOST, TenantConfigSchema, TENANT_CONFIG_PATH, WHOAMI_PATH, WhoamiResponseSchema } from './api-surface.js';
import { sessionServicesBaseUrl, sessionServicesRequest, tenantIdOf } from './request.js';
import { describeSessionServicesScope } from './scopes.js';

const UNVERIFIED_NOTE = 'JWT claims (subject, scopes, expiry) were decoded WITHOUT verifying the signature: they are unverified.';

/**
 * Who a Session Services connection is: the tenant (confirmed via the public tenant config) and, with a token,
 * the user and permissions from the authenticated who-am-I endpoint (ASSUMPTION, see api-surface) or, when the
 * service has none, from the token's unverified JWT claims.
 */
export async function sessionServicesWhoami(ctx: ProviderContext): Promise<Whoami> {
  const tenantId = tenantIdOf(ctx.connection);
  const configResponse = await sessionServicesRequest(ctx, { method: 'GET', path: TENANT_CONFIG_PATH, operation: 'whoami (tenant config)', useToken: false });
  const config = TenantConfigSchema.safeParse(configResponse.body);
  if (!config.success) throw badResponse('tenant config');
  const tenant: Principal = { type: 'tenant', id: tenantId, name: config.data.data.name };
  const base = {
    service: 'session-services',
    serviceName: 'Session Services',
    host: ctx.connection.baseUrl ? new URL(sessionServicesBaseUrl(ctx.connection)).host : SESSION_SERVICES_HOST,
    checkedAt: new Date().toISOString(),
    missingScopes: [],
  };
  if (!ctx.secret) {
    return {
      ...base,
      principal: tenant,
      context: [],
      tokenKind: 'tenant',
      tokenKindLabel: 'Tenant id only (public access)',
      scopes: [],
      expiresAt: null,
      flags: { tenantOnly: true },
      notes: ['Only public tools are available: list and fetch events, admissions, sections, venues, tenant config and order quotes. Add a Bearer token from Session Services OpenAuth to manage events or orders.'],
    };
  }
  const claims = decodeJwtClaimsUnverified(ctx.secret);
  const notes = [UNVERIFIED_NOTE];
  const me = await fetchMe(ctx);
  let scopes: string[];
  let principal: Principal;
  let expiresAt = claims ? jwtExpiry(claims) : undefined;
  if (me) {
    scopes = me.permissions;
    principal = { type: 'user', id: me.sub, ...(me.name ? { name: me.name } : {}), ...(me.email ? { email: me.email } : {}) };
    if (me.expiresAt !== undefined) expiresAt = me.expiresAt ?? undefined;
    if (me.tenantId && me.tenantId !== tenantId) notes.push(`The token belongs to tenant ${me.tenantId}, not ${tenantId}: calls will probably be refused.`);
  } else {
    scopes = claims ? jwtScopes(claims) : [];
    principal = { type: 'user', ...(claims?.sub ? { id: claims.sub } : {}), ...(claims?.email ? { email: claims.email } : {}), ...(claims?.name ? { name: claims.name } : {}) };
    notes.push('Session Services has no who-am-I endpoint here, so identity and scopes come only from the unverified claims.');
  }
  if (claims?.iss) notes.push(`Issuer (unverified): ${claims.iss}.`);
  const audience = claims ? jwtAudience(claims) : [];
  if (audience.length > 0) notes.push(`Audience (unverified): ${audience.join(', ')}.`);
  if (scopes.includes('FULL')) notes.push('FULL grants complete admin-level access: every tool is allowed.');
  return {
    ...base,
    principal,
    context: [tenant],
    tokenKind: 'jwt',
    tokenKindLabel: 'Session Services OpenAuth token (JWT)',
    maskedToken: maskSecret(ctx.secret),
    scopes: scopes.map((scope) => ({ scope, provenance: 'server' as const, ...(describeSessionServicesScope(scope) ? { description: describeSessionServicesScope(scope) } : {}) })),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    flags: {},
    notes,
  };
}

async function fetchMe(ctx: ProviderContext) {
  try {
    const response = await sessionServicesRequest(ctx, { method: 'GET', path: WHOAMI_PATH, operation: 'whoami' });
    const parsed = WhoamiResponseSchema.safeParse(response.body);
    if (!parsed.success) throw badResponse('who-am-I');
    return parsed.data.data;
  } catch (error) {
    if (error instanceof UpstreamError && error.kind === 'not_found') return undefined;
    throw error;
  }
}

function badResponse(what: string): UpstreamError {
  return new UpstreamError('bad_response', `Session Services answered the ${what} request with data Bridgekeeper does not understand.`, 'Check the connection points at api.session.services; if it does, update Bridgekeeper.');
}
