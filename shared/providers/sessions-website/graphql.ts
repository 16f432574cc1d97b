import { InputError, UpstreamError } from '../../errors.js';
import type { ProviderContext } from '../types.js';
import { ERROR_CODES, GraphqlResponseSchema, type GraphqlError } from './api-surface.js';
import { mapGraphqlError, mapHttpFailure } from './errors.js';
import { graphqlUrl, handleOf, originOf } from './hosts.js';

/** A GraphQL answer: `data`, plus any field errors the caller chose to inspect. */
export interface GraphqlResult {
  data: Record<string, unknown>;
  errors: GraphqlError[];
  status: number;
  /** The server rejected the document itself (unknown field, argument or type): nothing was executed. */
  validationFailed: boolean;
}

/** What a caller accepts instead of an exception. */
export interface GraphqlOptions {
  /** Return field-level `errors[]` (HTTP 200) instead of throwing the first one. */
  keepErrors?: boolean;
  /**
   * Return a document validation failure (Apollo: HTTP 400 `GRAPHQL_VALIDATION_FAILED`; other servers: 200 with
   * errors and no data) as `validationFailed` instead of throwing: for queries that rest on assumed field names.
   */
  allowValidationFailure?: boolean;
}

/** `Authorization: Bearer <live key>` for a key (empty without one). */
export function bearerHeaders(secret: string | null): Record<string, string> {
  return secret ? { authorization: `Bearer ${secret}` } : {};
}

const VALIDATION_MESSAGE =
  /Cannot query field|Unknown argument|Unknown type|is not defined by type|Field "[^"]+" (?:of type|must not have)|Variable "\$[^"]+" of type/i;

/** True when `errors` say the document itself was invalid against the server's schema (nothing ran). */
export function isValidationFailure(errors: readonly GraphqlError[], data: unknown): boolean {
  if (errors.length === 0 || (data !== null && data !== undefined)) return false;
  return errors.some((e) => e.extensions?.code === ERROR_CODES.validation || VALIDATION_MESSAGE.test(e.message));
}

/**
 * POSTs one GraphQL document to the connection's `/@<handle>/api/graphql`, sending the key only to that origin
 * over HTTPS (loopback excepted). Transport failures and, unless `keepErrors`, any `errors[]` entry become
 * mapped `UpstreamError`s; see `GraphqlOptions` for validation failures.
 */
export async function graphqlRequest(
  ctx: ProviderContext,
  query: string,
  variables: Record<string, unknown> = {},
  options: GraphqlOptions = {},
): Promise<GraphqlResult> {
  if (!ctx.secret) {
    throw new InputError(
      'This sessions.website connection has no API key.',
      'Add it again with `bridgekeeper connections add sessions-website --handle <handle> --label … --token-stdin`.',
    );
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
  const parsed = GraphqlResponseSchema.safeParse(response.body);
  const errors = parsed.success ? (parsed.data.errors ?? []) : [];
  const invalidDocument =
    parsed.success &&
    (response.status === 400 || response.status === 200) &&
    isValidationFailure(errors, parsed.data.data);
  if (invalidDocument && options.allowValidationFailure)
    return { data: {}, errors, status: response.status, validationFailed: true };
  if (response.status < 200 || response.status >= 300) {
    throw mapHttpFailure({ status: response.status, body: response.body, headers: response.headers, handle });
  }
  if (!parsed.success) {
    throw new UpstreamError(
      'bad_response',
      'sessions.website answered with something that is not a GraphQL response.',
      'Check the base URL points at sessions.website; try again later.',
      { status: response.status },
    );
  }
  if (errors.length > 0 && !options.keepErrors) throw mapGraphqlError(errors[0]!);
  return { data: parsed.data.data ?? {}, errors, status: response.status, validationFailed: invalidDocument };
}
