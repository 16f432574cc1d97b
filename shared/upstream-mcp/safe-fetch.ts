import { setTimeout as sleep } from 'node:timers/promises';
import { UpstreamError } from '../errors.js';
import type { McpHttpFailure } from './http-failure.js';
import { networkFailure } from '../net/network-failure.js';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy, retryDelayBefore } from '../net/retry-policy.js';
import { applyHostOverride, assertSafeUrl } from '../net/url-safety.js';
import { upstreamErrorFromResponse } from './http-status-errors.js';

/** Options for the `fetch` handed to the SDK's `StreamableHTTPClientTransport`. */
export interface SafeFetchOptions {
  /** The connection's own MCP endpoint: credentials go only to its origin. */
  endpoint: string;
  /** Headers carrying the credential (e.g. `Authorization: Bearer …`). */
  credentials: Record<string, string>;
  /** Per-request timeout. */
  timeoutMs: number;
  retry?: RetryPolicy;
  /** Service name used in error text, e.g. "Acme MCP server". */
  serviceName: string;
  /**
   * OAuth connections: a 401 from the endpoint is handed back to the SDK (its `authProvider` refreshes the grant),
   * and responses from other origins (the authorization server) are never turned into errors here.
   */
  oauth?: boolean;
  /** The provider's own mapping of its documented MCP errors (e.g. Sessionboard's 403 naming the MCP prerequisite). */
  mapError?: (response: McpHttpFailure) => UpstreamError | undefined;
}

/**
 * A `fetch` with Bridgekeeper's upstream hygiene for remote MCP servers: HTTPS only (loopback excepted),
 * credentials attached only for the endpoint's origin, redirects never followed, a per-request timeout and
 * bounded 429 retries honouring Retry-After. A failed POST becomes a typed `UpstreamError` (401 → credential
 * problem, 403 with `insufficient_scope` → missing scopes, 5xx → server error), which the SDK passes through.
 */
export function createSafeFetch(options: SafeFetchOptions): typeof fetch {
  const endpoint = assertSafeUrl(options.endpoint);
  const trusted = endpoint.origin;
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const credentialHeaders = Object.entries(options.credentials);
  return async (input, init) => {
    const url = assertSafeUrl(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init?.headers);
    if (url.origin === trusted) for (const [k, v] of credentialHeaders) headers.set(k, v);
    else for (const [k] of credentialHeaders) headers.delete(k);
    const method = (init?.method ?? 'GET').toUpperCase();
    const target = applyHostOverride(url);
    // The SDK gives up on the request after `timeoutMs`: a retry that would start later is only a misleading timeout.
    const deadline = Date.now() + options.timeoutMs;
    for (let attempt = 0; ; attempt++) {
      const timeout = AbortSignal.timeout(options.timeoutMs);
      let response: Response;
      try {
        response = await fetch(target, { ...init, headers, redirect: 'manual', signal: init?.signal ? AbortSignal.any([timeout, init.signal]) : timeout });
      } catch (error) {
        throw fetchFailure(url, error, options, init?.signal ?? undefined);
      }
      if (response.status === 429 && method === 'POST') {
        const delay = retryDelayBefore(deadline, policy, attempt, parseRetryAfter(response.headers.get('retry-after')));
        if (delay !== undefined) {
          await response.body?.cancel();
          try {
            // A cancelled call (the assistant gave up) stops waiting too.
            await sleep(delay, undefined, init?.signal ? { signal: init.signal } : {});
          } catch (error) {
            throw fetchFailure(url, error, options, init?.signal ?? undefined);
          }
          continue;
        }
      }
      if (response.status >= 300 && response.status < 400 && url.origin === trusted) {
        await response.body?.cancel();
        throw new UpstreamError('bad_response', `${options.serviceName} (${url.host}) answered with a redirect; Bridgekeeper does not follow redirects with your credentials.`, 'Check the MCP server URL of this connection; the server may have moved.', { status: response.status });
      }
      // Only the MCP endpoint itself: the same origin may also host the OAuth token endpoint, whose refusals
      // (e.g. invalid_grant) the SDK's auth flow must see as they are.
      const isEndpoint = url.origin === trusted && url.pathname === endpoint.pathname;
      if (!response.ok && method === 'POST' && isEndpoint && !(options.oauth && response.status === 401)) {
        const text = await response.text().catch(() => '');
        throw upstreamErrorFromResponse({ status: response.status, headers: response.headers, text }, options.serviceName, url.host, options.mapError);
      }
      return response;
    }
  };
}

function fetchFailure(url: URL, error: unknown, options: SafeFetchOptions, callerSignal?: AbortSignal): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const name = (error as Error)?.name;
  if (callerSignal?.aborted) return new UpstreamError('timeout', `The request to ${options.serviceName} (${url.host}) was cancelled.`, 'Try again.', { cause: error });
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new UpstreamError('timeout', `${options.serviceName} (${url.host}) did not answer within ${Math.round(options.timeoutMs / 100) / 10} s.`, 'The server may be slow or down: try again in a minute.', { cause: error });
  }
  const { why, next } = networkFailure(error);
  return new UpstreamError('network', `Could not reach ${options.serviceName} (${url.host}): ${why}.`, next, { cause: error });
}
