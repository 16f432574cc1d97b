import { InputError, UpstreamError } from '../../errors.js';
import type { ProviderContext } from '../types.js';
import { GraphqlResponseSchema, type GraphqlError } from './api-surface.js';
import { mapGraphqlError, mapHttpFailure } from './errors.js';
import { graphqlUrl, handleOf, originOf } from './hosts.js';

/** A successful GraphQL answer: `data`, plus any field errors the caller chose to inspect. */
export interface GraphqlResult {
  data: Record<string, unknown>;
  errors: GraphqlError[];
  status: number;
}

/** `Authorization: Bearer sk_live_…` for a key (empty without one). */
export function bearerHeaders(secret: string | null): Record<string, string> {
  return secret ? { authorization: `Bearer ${secret}` } : {};
}

/**
 * POSTs one GraphQL document to the connection's `/@<handle>/api/graphql`, sending the key only to that origin
 * over HTTPS (loopback excepted). Transport failures and, unless `keepErrors`, any `errors[]` entry become
 * mapped `UpstreamError`s.
 */
export async function graphqlRequest(
  ctx: ProviderContext,
  query: string,
  variables: Record<string, unknown> = {},
  options: { keepErrors?: boolean } = {},
): Promise<GraphqlResult> {
  if (!ctx.secret) {
    throw new InputError('This sessions.website connection has no API key.', 'Add it again with `bridgekeeper connections add sessions-website --handle <handle> --label … --token-stdin`.');
  }
  const handle = handleOf(ctx.connection);
  const response = await ctx.http.request({
    method: 'POST',
    url: graphqlUrl(ctx.connection),
    credentials: bearerHeaders(ctx.secret),
    trustedOrigin: originOf(ctx.connection),
    json: { query, variables },
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  if (response.status < 200 || response.status >= 300) {
    throw mapHttpFailure({ status: response.status, body: response.body, headers: response.headers, handle });
  }
  const parsed = GraphqlResponseSchema.safeParse(response.body);
  if (!parsed.success) {
    throw new UpstreamError('bad_response', 'sessions.website answered with something that is not a GraphQL response.', 'Check the base URL points at sessions.website; try again later.', { status: response.status });
  }
  const errors = parsed.data.errors ?? [];
  if (errors.length > 0 && !options.keepErrors) throw mapGraphqlError(errors[0]!);
  return { data: parsed.data.data ?? {}, errors, status: response.status };
}
