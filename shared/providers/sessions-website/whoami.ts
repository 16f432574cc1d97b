import type { z } from 'zod';
import { UpstreamError } from '../../errors.js';
import { maskSecret } from '../../secrets/mask.js';
import { type ProviderContext, type Whoami, WhoamiSchema } from '../types.js';
import {
  BUSINESS_ENRICHMENT_QUERY,
  BusinessEnrichmentSchema,
  IdentitySchema,
  KEY_ENRICHMENT_QUERY,
  KeyEnrichmentSchema,
  WHOAMI_QUERY,
  type Identity,
} from './api-surface.js';
import { wrongBusiness } from './errors.js';
import { graphqlRequest } from './graphql.js';
import { handleOf, originOf } from './hosts.js';
import { oauthWhoami } from './oauth-whoami.js';
import { describeScope, intersectScopes } from './scopes.js';

/**
 * Asks sessions.website who the key is. The documented query `{ activeBusiness { id name } }` alone decides
 * valid / invalid / wrong business. Two optional enrichment queries (ASSUMED fields: the key's name, scopes and
 * expiry; the business's handle and grants) run afterwards; when the server does not know them (HTTP 400
 * `GRAPHQL_VALIDATION_FAILED`, 200 with errors, any other failure or shape) they are ignored and the answer says
 * what is not known. Scopes: what the server reported (`server`), else the person's declared ones (`declared`),
 * else none — the gateway then forwards calls and learns from the service's refusals.
 */
export async function sessionsWebsiteWhoami(ctx: ProviderContext): Promise<Whoami> {
  if (ctx.connection.authKind === 'oauth') return oauthWhoami(ctx);
  const handle = handleOf(ctx.connection);
  const identity = await fetchIdentity(ctx, handle);
  const [key, business] = await Promise.all([
    enrich(ctx, KEY_ENRICHMENT_QUERY, KeyEnrichmentSchema),
    enrich(ctx, BUSINESS_ENRICHMENT_QUERY, BusinessEnrichmentSchema),
  ]);
  const apiKey = key?.apiKey ?? undefined;
  const grants = business?.activeBusiness.grantedScopes;
  const { scopes, notes } = describeScopes(ctx, apiKey?.scopes, grants);
  notes.unshift(
    `Valid partner API key for ${identity.activeBusiness.name} (@${handle}); checked with sessions.website's documented identity query.`,
  );
  notes.push(
    `The key is bound to @${handle}: it works only on that business's endpoint; presenting it elsewhere is refused.`,
  );
  if (!apiKey) notes.push("The key's name and expiry are not reported by sessions.website's documented API.");
  return WhoamiSchema.parse({
    service: 'sessions-website',
    serviceName: 'sessions.website',
    host: new URL(originOf(ctx.connection)).host,
    principal: { type: 'business', id: identity.activeBusiness.id, name: identity.activeBusiness.name },
    context: apiKey ? [{ type: 'service', id: apiKey.id, name: apiKey.name }] : [],
    tokenKind: 'sk_live',
    tokenKindLabel: apiKey ? `sessions.website partner API key '${apiKey.name}'` : 'sessions.website partner API key',
    ...(ctx.secret ? { maskedToken: maskSecret(ctx.secret) } : {}),
    scopes,
    scopesReported: Boolean(apiKey),
    missingScopes: ctx.connection.learnedGaps.map((g) => ({
      scope: g.scope,
      provenance: 'learned' as const,
      tool: g.tool,
    })),
    ...(apiKey && apiKey.expiresAt !== undefined ? { expiresAt: apiKey.expiresAt } : {}),
    flags: {},
    notes,
    checkedAt: new Date().toISOString(),
  } satisfies Whoami);
}

/** The scopes to report and the notes that say where they come from and what is not known. */
function describeScopes(
  ctx: ProviderContext,
  keyScopes: string[] | undefined,
  grants: string[] | undefined,
): { scopes: Whoami['scopes']; notes: string[] } {
  const notes: string[] = [];
  if (keyScopes) {
    const effective = intersectScopes(keyScopes, grants);
    notes.push(`Key scopes (reported by sessions.website): ${list(keyScopes)}.`);
    if (grants) {
      notes.push(`Business grants: ${list(grants)}. Effective access is the intersection: ${list(effective)}.`);
      const dropped = keyScopes.filter((s) => !effective.includes(s));
      if (dropped.length > 0)
        notes.push(
          `The key holds ${list(dropped)}, but the business does not have ${dropped.length === 1 ? 'that grant' : 'those grants'}, so ${dropped.length === 1 ? 'it resolves' : 'they resolve'} to nothing.`,
        );
    } else {
      notes.push(
        "The business's own grants are not reported: a key scope the business lacks resolves to nothing, and Bridgekeeper learns that from the first refusal.",
      );
    }
    return {
      scopes: effective.map((scope) => ({ scope, provenance: 'server' as const, description: describeScope(scope) })),
      notes,
    };
  }
  const declared = ctx.connection.declaredScopes;
  if (declared.length > 0) {
    notes.push(
      `sessions.website does not report a key's scopes through its documented API; the scopes shown are the ones you declared (${list(declared)}), not the service's word: they predict which tools should work, but every call is forwarded and Bridgekeeper learns a missing scope from the service's refusal.`,
    );
  } else {
    notes.push(
      "sessions.website does not report a key's scopes through its documented API, and none were declared: every tool is offered, and Bridgekeeper learns a missing scope from the service's first refusal. Declare the key's scopes with --scopes to see them here.",
    );
  }
  return {
    scopes: declared.map((scope) => ({ scope, provenance: 'declared' as const, description: describeScope(scope) })),
    notes,
  };
}

/** The documented identity query; a refusal of it (it needs no scope) is the key presented at another business. */
async function fetchIdentity(ctx: ProviderContext, handle: string): Promise<Identity> {
  let raw: Record<string, unknown>;
  try {
    raw = (await graphqlRequest(ctx, WHOAMI_QUERY)).data;
  } catch (error) {
    if (error instanceof UpstreamError && error.kind === 'forbidden') throw wrongBusiness(handle, error.status);
    throw error;
  }
  const parsed = IdentitySchema.safeParse(raw);
  if (!parsed.success) {
    throw new UpstreamError(
      'bad_response',
      'sessions.website answered the identity query { activeBusiness { id name } } in an unexpected shape.',
      'Check the base URL points at sessions.website; try again later.',
    );
  }
  return parsed.data;
}

/** One optional enrichment query: its data when the server knows the fields and answers in the expected shape, else undefined. */
async function enrich<T>(ctx: ProviderContext, query: string, schema: z.ZodType<T>): Promise<T | undefined> {
  try {
    const result = await graphqlRequest(ctx, query, {}, { keepErrors: true, allowValidationFailure: true });
    if (result.validationFailed || result.errors.length > 0) return undefined;
    const parsed = schema.safeParse(result.data);
    return parsed.success ? parsed.data : undefined;
  } catch (error) {
    // Enrichment never decides anything: a missing or differently-shaped field, or any failure, leaves it unknown.
    if (ctx.signal?.aborted) throw error;
    return undefined;
  }
}

function list(scopes: readonly string[]): string {
  return scopes.length > 0 ? scopes.join(', ') : '(none)';
}
