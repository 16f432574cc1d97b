import { decodeJwtClaimsUnverified, jwtAudience, jwtExpiry, jwtScopes, type JwtClaims } from '../../util/jwt-claims.js';
import { UpstreamError } from '../../errors.js';
import { maskSecret } from '../../secrets/mask.js';
import type { Principal, ProviderContext, Whoami } from '../types.js';
import {
  JWT_TENANT_CLAIMS,
  SESSION_SERVICES_HOST,
  TenantConfigSchema,
  TENANT_CONFIG_PATH,
  VALIDATION_PATH,
  WHOAMI_PATH,
  WhoamiResponseSchema,
} from './api-surface.js';
import { sessionServicesBaseUrl, sessionServicesRequest, tenantIdOf } from './request.js';
import { describeSessionServicesScope } from './scopes.js';
import { TENANT_ID_EXAMPLE } from './token-facts.js';

type Me = {
  sub: string;
  tenantId?: string | undefined;
  email?: string | undefined;
  name?: string | undefined;
  permissions: string[];
  expiresAt?: string | null | undefined;
};

const NOT_REPORTED =
  "Session Services does not report a token's permissions: Bridgekeeper forwards every call and learns a missing permission from the service's 403.";
const UNVERIFIED = (what: string) =>
  `The JWT's claims (${what}) were decoded WITHOUT verifying the signature: shown as expected, never used to refuse a call.`;

/**
 * Who a Session Services connection is.
 * - Valid or not is decided by the DOCUMENTED call only: `GET /events` with `x-tenant-id` (plus `Authorization:
 *   Bearer` when there is a token). 400/404 there = the tenant id is wrong; 401 = the token is missing or invalid.
 * - Enrichment (ASSUMED endpoints, never fatal): `/tenant/config` for the tenant's name, `/auth/me` for the user and
 *   the permissions the service reports (`server`). A 401 from `/auth/me` still means the token is invalid.
 * - Otherwise identity and scopes come from the token's unverified JWT claims (`expected`), or are unknown for a
 *   token that is not a JWT. A token only ever accepted by the public `/events` is said to be "not verified yet".
 */
export async function sessionServicesWhoami(ctx: ProviderContext): Promise<Whoami> {
  const tenantId = tenantIdOf(ctx.connection);
  const refusedNote = await validateOnEvents(ctx, tenantId);
  const tenantName = await enrichTenantName(ctx);
  const tenant: Principal = { type: 'tenant', id: tenantId, ...(tenantName ? { name: tenantName } : {}) };
  const base = {
    service: 'session-services',
    serviceName: 'Session Services',
    host: ctx.connection.baseUrl ? new URL(sessionServicesBaseUrl(ctx.connection)).host : SESSION_SERVICES_HOST,
    checkedAt: new Date().toISOString(),
    missingScopes: [],
  };
  const tenantNote = [
    ...(tenantName
      ? []
      : [
          `Tenant ${tenantId} answered the documented GET /events; its display name is not available (Session Services does not document a tenant-name endpoint).`,
        ]),
    ...(refusedNote ? [refusedNote] : []),
  ];
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
      notes: [
        ...tenantNote,
        'Only public tools are available: list and fetch events, admissions, sections, venues, tenant config, order quotes and storefront checkout orders. Add a Bearer token from Session Services OpenAuth to manage events or orders.',
      ],
    };
  }
  const claims = decodeJwtClaimsUnverified(ctx.secret);
  const me = await enrichMe(ctx);
  return me
    ? fromMe(ctx.secret, me, claims, tenant, base, tenantNote)
    : fromClaims(ctx.secret, claims, tenant, base, tenantNote, refusedNote === undefined);
}

/**
 * `GET /events` (DOCUMENTED): the only call that may refuse the connection. Returns a note when the token was
 * answered 403 there (seed: the token lacks a permission — so it was recognised): the tenant is then checked without
 * the token, and the connection is not refused for a permission it may not need.
 */
async function validateOnEvents(ctx: ProviderContext, tenantId: string): Promise<string | undefined> {
  try {
    await sessionServicesRequest(ctx, { method: 'GET', path: VALIDATION_PATH, operation: 'whoami (GET /events)' });
    return undefined;
  } catch (error) {
    if (ctx.secret && error instanceof UpstreamError && error.status === 403) {
      await validateOnEvents({ ...ctx, secret: null }, tenantId);
      return 'Session Services answered 403 to GET /events with this token: it recognised the token, which lacks a permission the authenticated event list needs. Public tools work; other tools will tell.';
    }
    if (error instanceof UpstreamError && (error.status === 400 || error.status === 404)) {
      throw new UpstreamError(
        error.status === 400 ? 'bad_request' : 'not_found',
        `Session Services did not accept the tenant id ${tenantId} (HTTP ${error.status} to GET /events: the tenant id is missing, malformed or unknown).`,
        `Check the tenant id in the Session Services dashboard (it looks like ${TENANT_ID_EXAMPLE}) and add the connection again with the right --tenant.`,
        { status: error.status, cause: error },
      );
    }
    throw error;
  }
}

/** ASSUMED `/tenant/config`: the tenant's display name, or undefined whatever went wrong. */
async function enrichTenantName(ctx: ProviderContext): Promise<string | undefined> {
  try {
    const response = await sessionServicesRequest(ctx, {
      method: 'GET',
      path: TENANT_CONFIG_PATH,
      operation: 'whoami (tenant config)',
      useToken: false,
    });
    const config = TenantConfigSchema.safeParse(response.body);
    return config.success ? config.data.data.name : undefined;
  } catch (error) {
    if (error instanceof UpstreamError) return undefined;
    throw error;
  }
}

/** ASSUMED `/auth/me`: what the service reports about the token; undefined on any answer but 200-with-shape or 401. */
async function enrichMe(ctx: ProviderContext): Promise<Me | undefined> {
  try {
    const response = await sessionServicesRequest(ctx, { method: 'GET', path: WHOAMI_PATH, operation: 'whoami' });
    const parsed = WhoamiResponseSchema.safeParse(response.body);
    return parsed.success ? parsed.data.data : undefined;
  } catch (error) {
    if (error instanceof UpstreamError && error.status === 401) throw error;
    if (error instanceof UpstreamError) return undefined;
    throw error;
  }
}

type Base = Pick<Whoami, 'service' | 'serviceName' | 'host' | 'checkedAt' | 'missingScopes'>;

function scopesOf(list: string[], provenance: 'server' | 'expected'): Whoami['scopes'] {
  return list.map((scope) => {
    const description = describeSessionServicesScope(scope);
    return { scope, provenance, ...(description ? { description } : {}) };
  });
}

function claimNotes(claims: JwtClaims | undefined): string[] {
  if (!claims) return [];
  const notes: string[] = [];
  if (claims.iss) notes.push(`Issuer (unverified): ${claims.iss}.`);
  const audience = jwtAudience(claims);
  if (audience.length > 0) notes.push(`Audience (unverified): ${audience.join(', ')}.`);
  return notes;
}

function claimTenant(claims: JwtClaims | undefined): string | undefined {
  const value = JWT_TENANT_CLAIMS.map((name) => claims?.[name]).find((v) => typeof v === 'string');
  return typeof value === 'string' ? value : undefined;
}

function fromMe(
  secret: string,
  me: Me,
  claims: JwtClaims | undefined,
  tenant: Principal,
  base: Base,
  tenantNote: string[],
): Whoami {
  const notes = [...tenantNote, 'Identity and permissions as reported by Session Services (GET /auth/me).'];
  if (me.tenantId && me.tenantId !== tenant.id)
    notes.push(`The token belongs to tenant ${me.tenantId}, not ${tenant.id}: calls will probably be refused.`);
  if (me.permissions.includes('FULL')) notes.push('FULL grants complete admin-level access: every tool is allowed.');
  const expiresAt = me.expiresAt !== undefined ? me.expiresAt : claims ? jwtExpiry(claims) : undefined;
  return {
    ...base,
    principal: {
      type: 'user',
      id: me.sub,
      ...(me.name ? { name: me.name } : {}),
      ...(me.email ? { email: me.email } : {}),
    },
    context: [tenant],
    tokenKind: claims ? 'jwt' : 'opaque',
    tokenKindLabel: claims ? 'Session Services OpenAuth token (JWT)' : 'Session Services OpenAuth token',
    maskedToken: maskSecret(secret),
    scopes: scopesOf(me.permissions, 'server'),
    scopesReported: true,
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    flags: {},
    notes: [...notes, ...claimNotes(claims)],
  };
}

/** Identity from the token alone; `unconfirmed`: only the public GET /events accepted it (it may not check tokens). */
function fromClaims(
  secret: string,
  claims: JwtClaims | undefined,
  tenant: Principal,
  base: Base,
  tenantNote: string[],
  unconfirmed: boolean,
): Whoami {
  const notVerified = unconfirmed
    ? [
        'Token not verified yet: Session Services accepted it on GET /events, a public endpoint that may not check tokens. The first authenticated call will confirm it (a 401 then marks the connection invalid).',
      ]
    : [];
  if (!claims) {
    return {
      ...base,
      principal: tenant,
      context: [],
      tokenKind: 'opaque',
      tokenKindLabel: 'Session Services OpenAuth token (not a JWT: its contents are not readable)',
      maskedToken: maskSecret(secret),
      scopes: [],
      flags: {},
      notes: [...tenantNote, ...notVerified, NOT_REPORTED],
    };
  }
  const scopes = jwtScopes(claims);
  const expiresAt = jwtExpiry(claims);
  const tokenTenant = claimTenant(claims);
  const notes = [
    ...tenantNote,
    ...notVerified,
    UNVERIFIED('subject, permissions, expiry'),
    NOT_REPORTED,
    ...claimNotes(claims),
  ];
  if (tokenTenant && tokenTenant !== tenant.id)
    notes.push(
      `The token says (unverified) it belongs to tenant ${tokenTenant}, not ${tenant.id}: calls will probably be refused.`,
    );
  if (scopes.includes('FULL')) notes.push('The token claims FULL (complete admin-level access); unverified.');
  return {
    ...base,
    principal: {
      type: 'user',
      ...(claims.sub ? { id: claims.sub } : {}),
      ...(claims.email ? { email: claims.email } : {}),
      ...(claims.name ? { name: claims.name } : {}),
    },
    context: [tenant],
    tokenKind: 'jwt',
    tokenKindLabel: 'Session Services OpenAuth token (JWT, claims unverified)',
    maskedToken: maskSecret(secret),
    scopes: scopesOf(scopes, 'expected'),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    flags: {},
    notes,
  };
}
