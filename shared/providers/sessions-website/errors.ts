import { UpstreamError } from '../../errors.js';
import { parseRetryAfter } from '../../net/retry-policy.js';
import { retryAfterText } from '../../net/upstream-rules.js';
import type { HeaderLookup } from '../../net/node-http.js';
import { ERROR_CODES, ERROR_REASONS, GraphqlResponseSchema, type GraphqlError } from './api-surface.js';
import { grantHint } from './scopes.js';

const NEW_KEY =
  'Create a new key in the sessions.website business admin → Settings → API keys, then add it with `bridgekeeper connections add sessions-website --handle <handle> --label … --token-stdin`.';

/** What the mapper needs to know about the failed call. */
export interface FailedGraphqlCall {
  status: number;
  body: unknown;
  headers?: HeaderLookup;
  /** The handle the call went to (named in wrong-business messages). */
  handle: string;
}

/** Maps a non-2xx sessions.website response to an `UpstreamError` that says what happened and what to do. */
export function mapHttpFailure(call: FailedGraphqlCall): UpstreamError {
  const parsed = GraphqlResponseSchema.safeParse(call.body);
  const first = parsed.success ? parsed.data.errors?.[0] : undefined;
  const code = first?.extensions?.code;
  const reason = first?.extensions?.reason;
  const status = call.status;
  if (status === 401 || code === ERROR_CODES.unauthenticated) {
    if (reason === ERROR_REASONS.keyRevoked)
      return new UpstreamError('revoked', 'sessions.website says this API key has been revoked.', NEW_KEY, { status });
    if (reason === ERROR_REASONS.keyExpired)
      return new UpstreamError('expired', 'This sessions.website API key has expired.', NEW_KEY, { status });
    return new UpstreamError(
      'invalid_token',
      `sessions.website did not accept this API key at @${call.handle} (it is unknown, mistyped or revoked, or it belongs to another business: a key works only on its own business's handle).`,
      `Check --handle is the business that created the key. ${NEW_KEY}`,
      { status },
    );
  }
  if (status === 403 && reason === ERROR_REASONS.keyBusinessMismatch) return wrongBusiness(call.handle, status);
  if (status === 403 && reason === ERROR_REASONS.insecureTransport) {
    return new UpstreamError(
      'insecure_url',
      'sessions.website accepts API keys only over HTTPS.',
      'Use an https:// base URL.',
      { status },
    );
  }
  if (status === 403 && first?.extensions?.requiredScope) return mapGraphqlError(first);
  if (status === 403 && first) {
    // A whole request refused without a documented reason: seed 002 names two causes, say both.
    return new UpstreamError(
      'forbidden',
      `sessions.website refused the request at @${call.handle} (403): ${first.message.replace(/\.$/, '')}.`,
      "A key is refused on another business's handle (check --handle is the business that created the key) and for data outside its scopes (check them in the business admin → Settings → API keys).",
      { status },
    );
  }
  if (status === 403) {
    return new UpstreamError(
      'forbidden',
      'sessions.website refused the request (403).',
      "Check the key's scopes in the business admin → Settings → API keys.",
      { status },
    );
  }
  if (status === 404) {
    return new UpstreamError(
      'not_found',
      `sessions.website has no business with the handle @${call.handle}.`,
      'Check the handle: it is the part after /@ in your business address.',
      { status },
    );
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(call.headers?.get('retry-after') ?? null);
    const wait = retryAfterMs !== undefined ? `in ${retryAfterText(retryAfterMs)}` : 'in a minute';
    return new UpstreamError(
      'rate_limited',
      'sessions.website is rate limiting this key (429 Too Many Requests).',
      `Wait and try again ${wait}.`,
      { status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
    );
  }
  if (status === 400)
    return new UpstreamError(
      'bad_request',
      `sessions.website rejected the request: ${first?.message ?? 'bad request'}.`,
      'Fix the arguments and try again.',
      { status },
    );
  if (status >= 500)
    return new UpstreamError(
      'server_error',
      `sessions.website had a server error (HTTP ${status}).`,
      'Try again in a few minutes.',
      { status },
    );
  return new UpstreamError(
    'bad_response',
    `sessions.website answered with unexpected HTTP ${status}.`,
    'Try again; if it persists, check the base URL.',
    { status },
  );
}

/**
 * A key refused at a handle that is not its business's (seed 002: "a key only works on its own business's handle
 * endpoint; presenting it elsewhere is refused"). Used for the assumed `KEY_BUSINESS_MISMATCH` reason and for any
 * 403 on the identity query, which needs no scope, so a refusal there can only be the key refused at this handle.
 */
export function wrongBusiness(handle: string, status = 403): UpstreamError {
  return new UpstreamError(
    'wrong_handle',
    `sessions.website refused this key at @${handle}: the key belongs to another business, and a key only works on its own business's handle.`,
    `Use the handle of the business that created the key (--handle), or create a key in @${handle}'s business admin → Settings → API keys.`,
    { status },
  );
}

/** Maps one GraphQL `errors[]` entry (HTTP 200 or 403) to an `UpstreamError`. */
export function mapGraphqlError(error: GraphqlError): UpstreamError {
  const code = error.extensions?.code;
  const reason = error.extensions?.reason;
  const scope = error.extensions?.requiredScope;
  if (code === ERROR_CODES.forbidden && scope && reason === ERROR_REASONS.businessGrantMissing) {
    return new UpstreamError(
      'missing_scope',
      `sessions.website refused: the business itself does not have the '${scope}' grant, so the key's '${scope}' scope resolves to nothing.`,
      `Ask sessions.website to enable '${scope}' for the business; the key cannot add it.`,
      { status: 403, missingScopes: [scope] },
    );
  }
  if (code === ERROR_CODES.forbidden && scope) {
    return new UpstreamError(
      'missing_scope',
      `sessions.website refused: this API key lacks the '${scope}' scope.`,
      grantHint(scope),
      { status: 403, missingScopes: [scope] },
    );
  }
  if (code === ERROR_CODES.forbidden) {
    return new UpstreamError(
      'forbidden',
      `sessions.website refused: ${error.message}`,
      "Check the key's scopes in the business admin → Settings → API keys.",
      { status: 403 },
    );
  }
  if (code === ERROR_CODES.unauthenticated) {
    return new UpstreamError('invalid_token', 'sessions.website did not accept this API key.', NEW_KEY, {
      status: 401,
    });
  }
  if (code === ERROR_CODES.notFound) {
    return new UpstreamError(
      'not_found',
      `sessions.website found nothing there: ${error.message}`,
      'Check the id; list the records first to find the right one.',
      { status: 404 },
    );
  }
  if (code === ERROR_CODES.badInput || code === ERROR_CODES.validation) {
    return new UpstreamError(
      'bad_request',
      `sessions.website rejected the request: ${error.message}`,
      'Fix the arguments and try again.',
      { status: 400 },
    );
  }
  return new UpstreamError(
    'bad_response',
    `sessions.website answered with an error: ${error.message}`,
    'Try again; if it persists, contact sessions.website support.',
  );
}
