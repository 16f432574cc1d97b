import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { proxyAwareFetch } from '../../net/proxy-fetch.js';
import { assertSafeUrl } from '../../net/url-safety.js';

/**
 * A `fetch` for the MCP SDK's OAuth helpers that refuses, with a typed `insecure_url` error, any request to a
 * non-HTTPS, non-loopback address: discovery documents, registration, token and revocation endpoints alike.
 * Every request gets a timeout so a silent server never hangs a gateway, and goes through the configured HTTPS proxy
 * like the MCP sessions themselves (`net/proxy-fetch.ts`).
 */
export function safeFetch(timeoutMs = 20_000): FetchLike {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input.href;
    assertSafeUrl(url);
    const signals = [AbortSignal.timeout(timeoutMs), ...(init?.signal ? [init.signal] : [])];
    return proxyAwareFetch(input, { ...init, signal: AbortSignal.any(signals) });
  };
}
