import { extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';
import { UpstreamError } from '../errors.js';
import { type HeaderLookup, parseJsonOrText } from '../net/node-http.js';
import { parseRetryAfter } from '../net/retry-policy.js';
import { retryAfterText } from '../net/upstream-rules.js';
import type { McpHttpFailure } from './http-failure.js';

/**
 * The fields of a `WWW-Authenticate: Bearer error="insufficient_scope", scope="a b"` challenge (quoted or not), read
 * by the MCP SDK's own parser (the one OAuth discovery uses too).
 */
export function parseWwwAuthenticate(header: string | null): {
  error?: string;
  scope?: string[];
  resourceMetadata?: string;
} {
  if (!header) return {};
  const { error, scope, resourceMetadataUrl } = extractWWWAuthenticateParams(
    new Response(null, { headers: { 'www-authenticate': header } }),
  );
  const scopes = scope?.split(/\s+/).filter(Boolean) ?? [];
  return {
    ...(error ? { error } : {}),
    ...(scopes.length > 0 ? { scope: scopes } : {}),
    ...(resourceMetadataUrl ? { resourceMetadata: resourceMetadataUrl.href } : {}),
  };
}

/** Turns a failed HTTP response (status, headers and body text, already read) from a remote MCP server into a typed `UpstreamError` with a next step. */
export function upstreamErrorFromResponse(
  response: { status: number; headers: HeaderLookup; text: string },
  serviceName: string,
  host: string,
  mapError?: (response: McpHttpFailure) => UpstreamError | undefined,
): UpstreamError {
  const { status, text: full } = response;
  const mapped = mapError?.({ status, body: parseJsonOrText(full), headers: response.headers });
  if (mapped) return mapped;
  const text = full.slice(0, 300);
  const detail = extractMessage(text);
  const www = parseWwwAuthenticate(response.headers.get('www-authenticate'));
  const who = `${serviceName} (${host})`;
  if (status === 401) {
    return new UpstreamError(
      www.resourceMetadata && !detail ? 'needs_sign_in' : 'invalid_token',
      `${who} refused the credential (401${detail ? `: ${detail}` : ''}): it is missing, expired or revoked.`,
      'Create a new token (or sign in again) and update this connection with `bridgekeeper connections add`.',
      { status },
    );
  }
  if (status === 403) {
    if (www.error === 'insufficient_scope' || www.scope) {
      return new UpstreamError(
        'missing_scope',
        `${who} refused the call: the token lacks ${www.scope?.join(', ') ?? 'a required scope'}.`,
        'Grant the scope to the token on the server, then try again.',
        { status, ...(www.scope ? { missingScopes: www.scope } : {}) },
      );
    }
    return new UpstreamError(
      'forbidden',
      `${who} refused the call (403${detail ? `: ${detail}` : ''}).`,
      "Check the token's permissions on the server.",
      { status },
    );
  }
  if (status === 404)
    return new UpstreamError(
      'not_found',
      `${who} has no MCP endpoint at this address (404).`,
      'Check the MCP server URL of this connection.',
      { status },
    );
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    return new UpstreamError(
      'rate_limited',
      `${who} is rate-limiting requests (429).`,
      `Wait ${retryAfterMs ? retryAfterText(retryAfterMs) : 'a minute'} and try again.`,
      { status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
    );
  }
  if (status >= 500)
    return new UpstreamError(
      'server_error',
      `${who} had an internal error (${status}).`,
      'The server may be having trouble: try again in a few minutes.',
      { status },
    );
  return new UpstreamError(
    'bad_request',
    `${who} rejected the request (${status}${detail ? `: ${detail}` : ''}).`,
    'Check the tool arguments and try again.',
    { status },
  );
}

function extractMessage(text: string): string {
  if (!text) return '';
  try {
    const body = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
    const m = typeof body.error === 'string' ? body.error : (body.error?.message ?? body.message);
    return typeof m === 'string' ? m.slice(0, 200) : '';
  } catch {
    return text.replace(/\s+/g, ' ').slice(0, 200);
  }
}
