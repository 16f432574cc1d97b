import { UpstreamError } from '../../errors.js';
import { maskSecret } from '../../secrets/mask.js';
import { type ProviderContext, type Whoami, WhoamiSchema } from '../types.js';
import { ERROR_CODES, WHOAMI_MINIMAL_QUERY, WHOAMI_QUERY, WhoamiDataSchema, type WhoamiData } from './api-surface.js';
import { mapGraphqlError } from './errors.js';
import { graphqlRequest } from './graphql.js';
import { handleOf, originOf } from './hosts.js';
import { oauthWhoami } from './oauth-whoami.js';
import { describeScope, intersectScopes } from './scopes.js';

/**
 * Asks sessions.website who the key is: the business it is bound to, the key's name, scopes and expiry, and the
 * business's grants. Effective scopes (key ∩ business) are reported with provenance `server`; when the server
 * cannot tell, the user's declared scopes are reported with provenance `declared`.
 */
export async function sessionsWebsiteWhoami(ctx: ProviderContext): Promise<Whoami> {
  if (ctx.connection.authKind === 'oauth') return oauthWhoami(ctx);
  const handle = handleOf(ctx.connection);
  const data = await fetchIdentity(ctx);
  const notes: string[] = [];
  const key = data.apiKey ?? undefined;
  const grants = data.activeBusiness.grantedScopes;
  let scopes: Whoami['scopes'];
  if (key) {
    const effective = intersectScopes(key.scopes, grants);
    scopes = effective.map((scope) => ({ scope, provenance: 'server' as const, description: describeScope(scope) }));
    notes.push(`Key scopes: ${list(key.scopes)}.`);
    if (grants) notes.push(`Business grants: ${list(grants)}. Effective access is the intersection: ${list(effective)}.`);
    const dropped = key.scopes.filter((s) => !effective.includes(s));
    if (dropped.length > 0) notes.push(`The key holds ${list(dropped)}, but the business does not have ${dropped.length === 1 ? 'that grant' : 'those grants'}, so ${dropped.length === 1 ? 'it resolves' : 'they resolve'} to nothing.`);
  } else {
    scopes = ctx.connection.declaredScopes.map((scope) => ({ scope, provenance: 'declared' as const, description: describeScope(scope) }));
    notes.push('sessions.website did not report this key\'s scopes; the scopes shown are the ones you declared (--scopes).');
  }
  notes.push(`The key is bound to @${data.activeBusiness.handle ?? handle}: it works only on that business's endpoint; presenting it elsewhere is refused.`);
  return WhoamiSchema.parse({
    service: 'sessions-website',
    serviceName: 'sessions.website',
    host: new URL(originOf(ctx.connection)).host,
    principal: { type: 'business', id: data.activeBusiness.id, name: data.activeBusiness.name },
    context: key ? [{ type: 'service', id: key.id, name: key.name }] : [],
    tokenKind: 'sk_live',
    tokenKindLabel: key ? `sessions.website partner API key '${key.name}'` : 'sessions.website partner API key',
    ...(ctx.secret ? { maskedToken: maskSecret(ctx.secret) } : {}),
    scopes,
    scopesReported: Boolean(key),
    missingScopes: ctx.connection.learnedGaps.map((g) => ({ scope: g.scope, provenance: 'learned' as const, tool: g.tool })),
    ...(key ? { expiresAt: key.expiresAt } : {}),
    flags: {},
    notes,
    checkedAt: new Date().toISOString(),
  } satisfies Whoami);
}

async function fetchIdentity(ctx: ProviderContext): Promise<WhoamiData> {
  const full = await graphqlRequest(ctx, WHOAMI_QUERY, {}, { keepErrors: true });
  const unknownField = full.errors.some((e) => e.extensions?.code === ERROR_CODES.validation);
  if (full.errors.length > 0 && !unknownField) throw mapGraphqlError(full.errors[0]!);
  const raw = unknownField ? (await graphqlRequest(ctx, WHOAMI_MINIMAL_QUERY)).data : full.data;
  const parsed = WhoamiDataSchema.safeParse(raw);
  if (!parsed.success) {
    throw new UpstreamError('bad_response', 'sessions.website answered the identity query in an unexpected shape.', 'Check the base URL points at sessions.website; try again later.');
  }
  return parsed.data;
}

function list(scopes: readonly string[]): string {
  return scopes.length > 0 ? scopes.join(', ') : '(none)';
}
