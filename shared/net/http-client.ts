import { UpstreamError } from '../errors.js';
import { BodyTooLargeError, type HeaderLookup, parseJsonOrText, readText, sendRequest } from './node-http.js';
import { proxyConfigured, sendViaProxy } from './proxy-fetch.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import {
  redirectStep,
  requestFailure,
  tooLargeError,
  tooManyRedirectsError,
  withRateLimitRetries,
} from './upstream-rules.js';
import { applyHostOverride, assertSafeUrl } from './url-safety.js';

/** One HTTP request. `credentials` are headers that carry secrets: they go only to `trustedOrigin`. */
export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  credentials?: Record<string, string>;
  /** The only origin credentials may be sent to (defaults to the URL's own origin). */
  trustedOrigin?: string;
  json?: unknown;
  timeoutMs?: number;
  signal?: AbortSignal;
  retry?: RetryPolicy | false;
}

/** A parsed response. `body` is JSON when the response says so (or parses), else text. */
export interface HttpResponse {
  status: number;
  headers: HeaderLookup;
  body: unknown;
  url: string;
  /** How many 429 retries happened before this response. */
  retries: number;
}

/** The HTTP client every provider uses. Hides the transport so safety rules live in one place. */
export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
}

const MAX_REDIRECTS = 3;

/**
 * The client every API provider uses (on `node:http`, see `node-http.ts`; through `HTTPS_PROXY` when one is set, see
 * `proxy-fetch.ts`), enforcing Bridgekeeper's upstream hygiene:
 * HTTPS only (loopback excepted), credentials only to their own origin, redirects to another origin refused, one
 * timeout for the whole call, and bounded 429 retries honouring Retry-After (never waiting past that timeout). Only
 * GETs are ever sent twice. Network failures and timeouts become `UpstreamError`s with a next step.
 */
export class UpstreamHttpClient implements HttpClient {
  readonly #defaultTimeoutMs: number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(options: { timeoutMs?: number; sleep?: (ms: number, signal?: AbortSignal) => Promise<void> } = {}) {
    this.#defaultTimeoutMs = options.timeoutMs ?? 30_000;
    this.#sleep = options.sleep ?? sleep;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const policy =
      req.retry === false ? { ...DEFAULT_RETRY_POLICY, maxRetries: 0 } : (req.retry ?? DEFAULT_RETRY_POLICY);
    // Retries stay within one timeout's worth of time: past that, the 429 goes back to the caller, whose message says
    // how long to wait, instead of the assistant's own request timing out with nothing to say.
    const timeoutMs = req.timeoutMs ?? this.#defaultTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    // One bound for the whole call (every attempt and redirect), so a slow retry cannot add another full timeout.
    const timeout = AbortSignal.timeout(timeoutMs);
    const { response, retries } = await withRateLimitRetries(() => this.#once(req, timeoutMs, timeout), {
      policy,
      deadline,
      retryAfter: (r) => r.headers.get('retry-after'),
      wait: (ms) => this.#sleep(ms, req.signal),
    });
    return { ...response, retries };
  }

  async #once(req: HttpRequest, timeoutMs: number, timeout: AbortSignal): Promise<Omit<HttpResponse, 'retries'>> {
    const original = assertSafeUrl(req.url);
    const trusted = req.trustedOrigin ? new URL(req.trustedOrigin).origin : original.origin;
    if (req.credentials && Object.keys(req.credentials).length > 0 && original.origin !== trusted) {
      throw new UpstreamError(
        'insecure_url',
        `Refusing to send this connection's credentials to ${original.origin}: they belong to ${trusted}.`,
        "Check the connection's base URL.",
      );
    }
    let url = original;
    let method = req.method ?? 'GET';
    let body = req.json === undefined ? undefined : JSON.stringify(req.json);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const target = applyHostOverride(url);
      const headers: Record<string, string> = {
        accept: 'application/json',
        ...req.headers,
        ...(url.origin === trusted ? req.credentials : {}),
      };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
      let response: Awaited<ReturnType<typeof sendRequest>>;
      let text: string;
      try {
        const raw = {
          method,
          url: target,
          headers,
          ...(body === undefined ? {} : { body }),
          signal,
          idempotent: method === 'GET',
        };
        response = proxyConfigured() ? await sendViaProxy(raw) : await sendRequest(raw);
        text = await readText(response.body);
      } catch (error) {
        throw networkError(url, error, timeoutMs, req.signal, timeout, method !== 'GET');
      }
      const redirect = redirectStep(
        url.host,
        { status: response.status, location: response.headers.get('location') },
        url,
        method,
        { sameOrigin: true },
      );
      if (redirect) {
        method = redirect.method as typeof method;
        if (redirect.dropBody) body = undefined;
        url = assertSafeUrl(redirect.url.toString());
        continue;
      }
      return { status: response.status, headers: response.headers, body: parseJsonOrText(text), url: url.toString() };
    }
    throw tooManyRedirectsError(original.host);
  }
}

function networkError(
  url: URL,
  error: unknown,
  timeoutMs: number,
  callerSignal: AbortSignal | undefined,
  timeout: AbortSignal,
  write: boolean,
): UpstreamError {
  if (error instanceof BodyTooLargeError && !callerSignal?.aborted && !timeout.aborted)
    return tooLargeError(url.host, error.limitBytes, error);
  return requestFailure(url.host, error, {
    cancelled: callerSignal?.aborted ?? false,
    timedOut: timeout.aborted,
    timeoutMs,
    write,
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new UpstreamError('timeout', 'The request was cancelled while waiting to retry.', 'Try again.'));
      },
      { once: true },
    );
  });
}
