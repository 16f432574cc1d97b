import { UpstreamError } from '../errors.js';
import { networkFailure } from './network-failure.js';
import { formatBytes } from './node-http.js';
import { parseRetryAfter, type RetryPolicy, retryDelayBefore } from './retry-policy.js';

/**
 * The rules every upstream path follows, written once: the API providers' client (`http-client.ts`) and the upstream
 * MCP sessions' fetch (`upstream-mcp/upstream-fetch.ts`) both use them. `who` names the service in every text, e.g.
 * `api.sessionboard.com` or `Remote MCP server 'Acme' (mcp.acme.com)`.
 */

/** A bound in seconds as people read it: `30 s`, `2.5 s` (tenths, never more digits). */
export function secondsText(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** How long a Retry-After asks to wait, rounded up to whole seconds (`3 s`), for "wait 3 s and try again". */
export function retryAfterText(retryAfterMs: number): string {
  return `${Math.ceil(retryAfterMs / 1000)} s`;
}

/** The call's time bound ran out before the answer did. */
export function timeoutError(who: string, timeoutMs: number, cause?: unknown): UpstreamError {
  return new UpstreamError(
    'timeout',
    `${who} did not answer within ${secondsText(timeoutMs)}.`,
    'The service may be slow or down: try again in a minute.',
    cause === undefined ? {} : { cause },
  );
}

/** The caller gave up on the request (the assistant cancelled, the session closed). */
export function cancelledError(who: string, cause?: unknown): UpstreamError {
  return new UpstreamError(
    'timeout',
    `The request to ${who} was cancelled.`,
    'Try again.',
    cause === undefined ? {} : { cause },
  );
}

/** One answer (or, for MCP, one message of it) went past the size bound. */
export function tooLargeError(who: string, limitBytes: number, cause?: unknown): UpstreamError {
  return new UpstreamError(
    'bad_response',
    `${who} answered with more than ${formatBytes(limitBytes)}.`,
    'Ask for less (a narrower filter or a smaller page), then try again.',
    cause === undefined ? {} : { cause },
  );
}

/** No answer came: the network's reason in plain words; a write is said to have perhaps been carried out. */
export function networkError(who: string, error: unknown, write: boolean): UpstreamError {
  const { lead, why, next } = networkFailure(error, { write });
  return new UpstreamError('network', `${lead} ${who}: ${why}.`, next, { cause: error });
}

/**
 * Why a request got no answer, in order: the caller cancelled, the time bound ran out, or the network's reason.
 * An `UpstreamError` already raised (a refused redirect, an oversized body) is kept as it is.
 */
export function requestFailure(
  who: string,
  error: unknown,
  state: { cancelled: boolean; timedOut: boolean; timeoutMs: number; write: boolean },
): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (state.cancelled) return cancelledError(who, error);
  if (state.timedOut) return timeoutError(who, state.timeoutMs, error);
  return networkError(who, error, state.write);
}

/** Where a redirect continues, or why it is refused. */
export type RedirectStep = { url: URL; method: string; dropBody: boolean };

const REDIRECT_HINT =
  "Check the connection's address (region, base URL or MCP server URL); the service may have moved.";

/**
 * The redirect rule. Credentials never follow a redirect to another origin, and an MCP endpoint's redirects are not
 * followed at all (`sameOrigin: false`); a same-origin one continues as browsers do: 303 (and 301/302 after a POST)
 * as a GET without the body, 307/308 repeating the request. Returns undefined for an answer that is no redirect.
 */
export function redirectStep(
  who: string,
  response: { status: number; location: string | null },
  from: URL,
  method: string,
  rule: { sameOrigin: boolean },
): RedirectStep | undefined {
  const { status, location } = response;
  if (status < 300 || status >= 400) return undefined;
  if (!rule.sameOrigin)
    throw new UpstreamError(
      'bad_response',
      `${who} answered with a redirect; Bridgekeeper does not follow redirects with your credentials.`,
      REDIRECT_HINT,
      { status },
    );
  if (!location) return undefined;
  const next = URL.canParse(location, from.toString()) ? new URL(location, from) : undefined;
  if (!next || next.origin !== from.origin)
    throw new UpstreamError(
      'bad_response',
      `${who} redirected to ${next ? `another host (${next.host})` : 'an invalid address'}; Bridgekeeper does not follow it with your credentials.`,
      REDIRECT_HINT,
      { status },
    );
  const asGet = status === 303 || ((status === 301 || status === 302) && method === 'POST');
  return { url: next, method: asGet ? 'GET' : method, dropBody: asGet };
}

/** Too many same-origin redirects in a row. */
export function tooManyRedirectsError(who: string): UpstreamError {
  return new UpstreamError(
    'bad_response',
    `${who} redirected too many times.`,
    'Try again later; if it persists, check the base URL.',
  );
}

/**
 * The 429 rule: sends, and while the answer is a 429 waits (Retry-After honoured, else backoff with jitter) and sends
 * again, a bounded number of times and never past `deadline`: then the 429 goes back to the caller, whose message
 * says how long to wait. `discard` frees a 429's body before the wait. Callers send only what is safe to repeat
 * (a 429 means the server did not act on the request).
 */
export async function withRateLimitRetries<R extends { status: number }>(
  send: () => Promise<R>,
  options: {
    policy: RetryPolicy;
    deadline: number;
    retryAfter(response: R): string | null;
    wait(ms: number): Promise<void>;
    discard?(response: R): Promise<void>;
  },
): Promise<{ response: R; retries: number }> {
  for (let attempt = 0; ; attempt++) {
    const response = await send();
    if (response.status !== 429) return { response, retries: attempt };
    const delay = retryDelayBefore(
      options.deadline,
      options.policy,
      attempt,
      parseRetryAfter(options.retryAfter(response)),
    );
    if (delay === undefined) return { response, retries: attempt };
    await options.discard?.(response);
    await options.wait(delay);
  }
}
