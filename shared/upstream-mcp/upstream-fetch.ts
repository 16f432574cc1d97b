import { setTimeout as sleep } from 'node:timers/promises';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { UpstreamError } from '../errors.js';
import { formatBytes } from '../net/node-http.js';
import { networkFailure } from '../net/network-failure.js';
import { proxyAwareFetch } from '../net/proxy-fetch.js';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy, retryDelayBefore } from '../net/retry-policy.js';
import { applyHostOverride, assertSafeUrl } from '../net/url-safety.js';
import type { McpHttpFailure } from './http-failure.js';
import { upstreamErrorFromResponse } from './http-status-errors.js';
import { type Bound, boundSignal, pause } from './bound-signal.js';
import { jsonAnswerProblem, mediaTypeOf, parseMessages, safeToResend } from './jsonrpc-messages.js';
import { failureStream, noStream } from './relayed-failures.js';
import { guardEventStream, type StreamEnd } from './sse-guard.js';

/** Reopening the listening (GET) stream and resuming answer streams: first delay, growth cap, failures in a row allowed. */
export interface ReconnectPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  maxFailures: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { initialDelayMs: 1_000, maxDelayMs: 30_000, maxFailures: 3 };

/** The shortest wait before reopening a stream, whatever the server's `retry:` says (unless configured lower, for tests). */
const MIN_RECONNECT_MS = 500;

/** Options for the `fetch` handed to the SDK's `StreamableHTTPClientTransport`. */
export interface UpstreamFetchOptions {
  /** The connection's own MCP endpoint (HTTPS, or HTTP on this computer): credentials go only to its origin. */
  endpoint: string;
  /** Headers carrying the credential (e.g. `Authorization: Bearer …`); none for OAuth (the SDK adds the token). */
  credentials: Record<string, string>;
  /** Bound on each POST exchange (until its answer is complete), on opening a stream and on any other request. */
  timeoutMs: number;
  /** Used in error text, e.g. "Remote MCP server 'Acme'". */
  serviceName: string;
  retry?: RetryPolicy;
  /**
   * OAuth connections: a 401 from the endpoint is handed back to the SDK (its `authProvider` refreshes the grant), and
   * answers from other origins (the authorization server) are returned as they are.
   */
  oauth?: boolean;
  /** The provider's own mapping of its documented MCP HTTP errors. */
  mapError?: (response: McpHttpFailure) => UpstreamError | undefined;
  /** Bound on one JSON body or one server-sent event. */
  maxMessageBytes?: number;
  reconnect?: ReconnectPolicy;
  /** Failures nobody's call is waiting for (the listening stream): the transport's `onerror`. */
  onBackgroundError?: (error: Error) => void;
}

/** The longest a tool call may run, progress and elicitations included (the gateway's call deadline stops sooner). */
export const LONGEST_CALL_MS = 30 * 60_000;

/** An answer the SDK is to resume on a GET with Last-Event-ID: the requests still unanswered and the call's deadline. */
interface Resumption {
  ids: Set<string | number>;
  deadline: number;
  write: boolean;
  failures: number;
}

/**
 * The one `fetch` every upstream MCP session runs on (the SDK's `StreamableHTTPClientTransport`, token or OAuth), with
 * Bridgekeeper's upstream hygiene:
 * - HTTPS only (loopback excepted); the credential only to the endpoint's origin, never on a redirect (not followed);
 *   `HTTPS_PROXY`/`NO_PROXY` honoured (`net/proxy-fetch.ts`);
 * - each POST exchange bounded by `timeoutMs`; a 429 retried (Retry-After honoured) only while that bound allows; a
 *   read sent once more when a reused keep-alive socket turns out dead; a tool call never sent twice;
 * - a failed answer becomes a typed `UpstreamError` (401, 403 scopes, 404 session gone, 429, 5xx, redirect, wrong
 *   content type, oversized, not JSON-RPC) naming the server and saying what to do, which the SDK passes through;
 * - answer streams are watched (`sse-guard.ts`): an answer stream that ends without the answer and without a point to
 *   resume from fails its call at once; one with an event id is left to the SDK to resume (Last-Event-ID), within the
 *   call's deadline; a resumption the server cannot serve fails the call plainly instead of leaving it hanging;
 * - the listening stream: a server's `retry:` is honoured but never below half a second, a server that keeps ending
 *   it at once is polled ever more slowly, one that answers with an error is retried a few times with backoff
 *   (reported to `onBackgroundError`), and one without it (405, 409, no event stream) is left alone.
 */
export function createUpstreamFetch(options: UpstreamFetchOptions): FetchLike {
  const endpoint = assertSafeUrl(options.endpoint);
  const trusted = endpoint.origin;
  const who = `${options.serviceName} (${endpoint.host})`;
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const reconnect = options.reconnect ?? DEFAULT_RECONNECT;
  const maxMessageBytes = options.maxMessageBytes ?? 16 * 1_048_576;
  const minRetryMs = Math.min(MIN_RECONNECT_MS, reconnect.initialDelayMs);
  const credentialHeaders = Object.entries(options.credentials);
  const resumptions = new Map<string, Resumption>();
  const listening = { endedAt: 0, quiet: 0, failures: 0 };

  const failure = (
    kind: UpstreamError['kind'],
    what: string,
    next: string,
    extra: { status?: number; cause?: unknown } = {},
  ) => new UpstreamError(kind, `${who} ${what}`, next, extra);
  const timedOut = (cause?: unknown) =>
    failure(
      'timeout',
      `did not answer within ${Math.round(options.timeoutMs / 100) / 10} s.`,
      'The server may be slow or down: try again in a minute.',
      { cause },
    );
  const tooLarge = () =>
    failure(
      'bad_response',
      `sent one message larger than ${formatBytes(maxMessageBytes)}.`,
      'Ask for less (a narrower filter or a smaller page), then try again.',
    );
  const noAnswer = (write: boolean, cause?: unknown) =>
    failure(
      'network',
      `closed the response stream before answering${cause ? ` (${describe(cause)})` : ''}.`,
      write
        ? 'It may have been carried out anyway: check in the service before trying it again.'
        : 'Try again; if it keeps happening the server may be restarting or overloaded.',
      { cause },
    );

  /** Why a request got no answer: cancelled (the transport closed), timed out, or the network's reason. */
  const requestFailure = (
    error: unknown,
    bound: Bound,
    caller: AbortSignal | null | undefined,
    write = false,
  ): UpstreamError => {
    if (error instanceof UpstreamError) return error;
    if (caller?.aborted)
      return new UpstreamError('timeout', `The request to ${who} was cancelled.`, 'Try again.', { cause: error });
    if (bound.timedOut) return timedOut(error);
    const { lead, why, next } = networkFailure(error, { write });
    return new UpstreamError('network', `${lead} ${who}: ${why}.`, next, { cause: error });
  };

  const send = (target: URL, init: RequestInit | undefined, headers: Headers, signal: AbortSignal) =>
    proxyAwareFetch(target, { ...init, headers, redirect: 'manual', signal });

  /** Reads a whole body as text within `maxMessageBytes`. */
  const readBounded = async (
    response: Response,
    bound: Bound,
    caller: AbortSignal | null | undefined,
  ): Promise<string> => {
    if (!response.body) return '';
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxMessageBytes) {
          void reader.cancel().catch(() => undefined);
          throw tooLarge();
        }
        chunks.push(value);
      }
    } catch (error) {
      throw requestFailure(error, bound, caller);
    }
    return Buffer.concat(chunks).toString('utf8');
  };

  /** A failed answer from the endpoint, as a typed error. */
  const failedAnswer = async (
    response: Response,
    bound: Bound,
    caller: AbortSignal | null | undefined,
  ): Promise<UpstreamError> => {
    const text = await readBounded(response, bound, caller).catch(() => '');
    return upstreamErrorFromResponse(
      { status: response.status, headers: response.headers, text },
      options.serviceName,
      endpoint.host,
      options.mapError,
    );
  };

  async function post(target: URL, init: RequestInit | undefined, headers: Headers): Promise<Response> {
    const messages = parseMessages(init?.body);
    const ids = new Set(
      messages.flatMap((m) =>
        typeof m.method === 'string' && (typeof m.id === 'string' || typeof m.id === 'number') ? [m.id] : [],
      ),
    );
    const write = !messages.every(safeToResend);
    const caller = init?.signal;
    const deadline = Date.now() + options.timeoutMs;
    const bound = boundSignal(options.timeoutMs, caller);
    let handedOn = false;
    try {
      let response: Response;
      for (let attempt = 0; ; attempt++) {
        try {
          response = await send(target, init, headers, bound.signal);
        } catch (error) {
          // A read that met a keep-alive socket the server had just closed goes out once more; a write never does.
          if (attempt === 0 && !write && deadSocket(error) && !bound.signal.aborted) continue;
          throw requestFailure(error, bound, caller, write);
        }
        if (response.status !== 429) break;
        const delay = retryDelayBefore(deadline, policy, attempt, parseRetryAfter(response.headers.get('retry-after')));
        if (delay === undefined) break;
        await response.body?.cancel().catch(() => undefined);
        await sleep(delay, undefined, { signal: bound.signal }).catch((error: unknown) => {
          throw requestFailure(error, bound, caller);
        });
      }
      const { status } = response;
      if (status >= 300 && status < 400) {
        await response.body?.cancel().catch(() => undefined);
        throw failure(
          'bad_response',
          'answered with a redirect; Bridgekeeper does not follow redirects with your credentials.',
          'Check the MCP server URL of this connection; the server may have moved.',
          { status },
        );
      }
      if (status === 404 && headers.has('mcp-session-id')) {
        await response.body?.cancel().catch(() => undefined);
        throw failure(
          'session_expired',
          'no longer knows this session (it may have restarted).',
          'Try again: Bridgekeeper opens a new session.',
          { status },
        );
      }
      if (options.oauth && status === 401) return response;
      if (!response.ok) throw await failedAnswer(response, bound, caller);
      if (status === 202 || ids.size === 0) return response;
      const type = mediaTypeOf(response.headers.get('content-type'));
      if (type === 'application/json') {
        const text = await readBounded(response, bound, caller);
        const problem = jsonAnswerProblem(text, ids);
        if (problem)
          throw failure('bad_response', problem, 'Check that the URL points at a Streamable-HTTP MCP endpoint.');
        return new Response(text, { status, statusText: response.statusText, headers: response.headers });
      }
      if (type === 'text/event-stream' && response.body) {
        handedOn = true;
        // The answer stream opened in time. From here the call's own deadline bounds it (the gateway's, which
        // restarts on progress and pauses while the person answers an elicitation): a long tool must not be cut
        // at timeoutMs. This bound only keeps a stream the server never ends from living past the longest call.
        bound.extend(Math.max(LONGEST_CALL_MS, options.timeoutMs));
        const body = guardEventStream(response.body, {
          maxMessageBytes,
          minRetryMs,
          pending: ids,
          tooLarge,
          onEnd: (end) => {
            bound.release();
            return afterAnswerStream(end, ids, { deadline, write, bound, caller });
          },
        });
        return new Response(body, { status, statusText: response.statusText, headers: response.headers });
      }
      await response.body?.cancel().catch(() => undefined);
      throw failure(
        'bad_response',
        `answered with ${type || 'no content type'} instead of MCP's JSON or event stream.`,
        'Check that the URL points at a Streamable-HTTP MCP endpoint.',
      );
    } finally {
      if (!handedOn) bound.release();
    }
  }

  /** An answer stream is over with `ids` unanswered: the failure to give the calls, or none when the SDK will resume it. */
  function afterAnswerStream(
    end: StreamEnd,
    ids: Set<string | number>,
    call: { deadline: number; write: boolean; bound: Bound; caller: AbortSignal | null | undefined },
    failures = 0,
  ): UpstreamError | undefined {
    if (ids.size === 0 || call.caller?.aborted) return undefined;
    if (end.error instanceof UpstreamError) return end.error;
    if (call.bound.timedOut) return timedOut(end.error);
    if (end.lastEventId !== undefined) {
      // The SDK reopens it with a GET carrying Last-Event-ID (SEP-1699); `resume` picks that GET out.
      forgetExpired();
      resumptions.set(end.lastEventId, { ids: new Set(ids), deadline: call.deadline, write: call.write, failures });
      return undefined;
    }
    if (end.error !== undefined && call.write) return requestFailure(end.error, call.bound, call.caller, true);
    return noAnswer(call.write, end.error);
  }

  function forgetExpired(): void {
    const now = Date.now();
    for (const [id, r] of resumptions) if (r.deadline < now) resumptions.delete(id);
  }

  /** The GET resuming an answer stream, bounded by its call's deadline; a resumption that cannot work fails the call. */
  async function resume(
    target: URL,
    init: RequestInit | undefined,
    headers: Headers,
    from: string,
    r: Resumption,
  ): Promise<Response> {
    resumptions.delete(from);
    const caller = init?.signal;
    const remaining = r.deadline - Date.now();
    if (remaining <= 0) return failureStream(r.ids, timedOut());
    const bound = boundSignal(remaining, caller);
    const retryOrFail = (error: UpstreamError): Response => {
      bound.release();
      // Below the SDK's own attempt count (reconnectionOptions.maxRetries = maxFailures) it tries again after a delay.
      if (++r.failures < reconnect.maxFailures && !bound.timedOut) {
        resumptions.set(from, r);
        throw error;
      }
      return failureStream(r.ids, error);
    };
    let response: Response;
    try {
      response = await send(target, init, headers, bound.signal);
    } catch (error) {
      if (caller?.aborted) {
        bound.release();
        throw error;
      }
      return retryOrFail(requestFailure(error, bound, caller, r.write));
    }
    const type = mediaTypeOf(response.headers.get('content-type'));
    if (response.status === 404 && headers.has('mcp-session-id')) {
      bound.release();
      await response.body?.cancel().catch(() => undefined);
      // The server had the call and lost the session while answering: the call may have run, so it must not be sent
      // again as if it never arrived (which is what session_expired means to the gateway).
      return failureStream(
        r.ids,
        failure(
          'network',
          'lost the session while answering (it may have restarted).',
          'The call may have been carried out: check in the service before trying it again.',
          { status: 404 },
        ),
      );
    }
    if (
      response.status === 405 ||
      response.status === 409 ||
      (response.ok && type !== 'text/event-stream') ||
      (response.ok && !response.body)
    ) {
      bound.release();
      await response.body?.cancel().catch(() => undefined);
      return failureStream(
        r.ids,
        failure(
          'network',
          'closed the response stream before answering and offers no stream to resume it on.',
          'Try again; if it keeps happening the server may be restarting or overloaded.',
        ),
      );
    }
    if (options.oauth && response.status === 401) {
      bound.release();
      return response;
    }
    if (!response.ok) return retryOrFail(await failedAnswer(response, bound, caller));
    const body = guardEventStream(response.body!, {
      maxMessageBytes,
      minRetryMs,
      pending: r.ids,
      tooLarge,
      onEnd: (end) => {
        bound.release();
        const failed = afterAnswerStream(
          end,
          r.ids,
          { deadline: r.deadline, write: r.write, bound, caller },
          r.failures,
        );
        // A resumed stream that ended with nothing new to resume from would be reopened as a plain listening stream.
        return (
          failed ??
          (end.lastEventId === undefined && r.ids.size > 0 && !caller?.aborted
            ? noAnswer(r.write, end.error)
            : undefined)
        );
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  /** The listening GET stream (server-initiated messages): opened within `timeoutMs`, then kept until it ends. */
  async function listen(target: URL, init: RequestInit | undefined, headers: Headers): Promise<Response> {
    const caller = init?.signal;
    const report = (error: UpstreamError) => options.onBackgroundError?.(error);
    // A server that keeps ending the stream at once (no event) is reopened ever more slowly.
    if (listening.quiet > 0 && !(await pause(listening.endedAt + backoff(listening.quiet) - Date.now(), caller)))
      return noStream();
    for (;;) {
      const bound = boundSignal(options.timeoutMs, caller);
      let response: Response;
      try {
        response = await send(target, init, headers, bound.signal);
      } catch (error) {
        bound.release();
        if (caller?.aborted) throw error;
        report(requestFailure(error, bound, caller));
        if (await retryListening(caller)) continue;
        return noStream();
      }
      const type = mediaTypeOf(response.headers.get('content-type'));
      // 405: no GET stream at all; 409: the server allows one at a time and another is open; 200 with anything but an
      // event stream: nothing to listen to either. 404: the session is gone, and the next call finds out.
      if (
        response.status === 405 ||
        response.status === 409 ||
        (response.ok && (type !== 'text/event-stream' || !response.body)) ||
        (response.status === 404 && headers.has('mcp-session-id'))
      ) {
        bound.release();
        await response.body?.cancel().catch(() => undefined);
        return noStream();
      }
      if (options.oauth && response.status === 401) {
        bound.release();
        return response;
      }
      if (!response.ok) {
        // Still under the opening bound: an error body that never ends must not hold the stream open.
        const error = await failedAnswer(response, bound, caller);
        bound.release();
        report(error);
        if (await retryListening(caller)) continue;
        return noStream();
      }
      bound.clearTimer();
      listening.failures = 0;
      const body = guardEventStream(response.body!, {
        maxMessageBytes,
        minRetryMs,
        pending: new Set(),
        tooLarge,
        onEnd: (end) => {
          bound.release();
          listening.endedAt = Date.now();
          listening.quiet = end.events === 0 ? listening.quiet + 1 : 0;
          return undefined;
        },
      });
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
  }

  /** After a failed opening: waits with backoff and says whether to try again (not after `maxFailures` in a row). */
  async function retryListening(caller: AbortSignal | null | undefined): Promise<boolean> {
    if (++listening.failures >= reconnect.maxFailures) {
      listening.failures = 0;
      return false;
    }
    return pause(backoff(listening.failures + listening.quiet), caller);
  }

  function backoff(attempts: number): number {
    return Math.max(Math.min(reconnect.initialDelayMs * 1.5 ** attempts, reconnect.maxDelayMs), minRetryMs);
  }

  /** Any other request (DELETE, OAuth discovery and token requests): bounded by `timeoutMs`, redirects not followed. */
  async function other(url: URL, target: URL, init: RequestInit | undefined, headers: Headers): Promise<Response> {
    const bound = boundSignal(options.timeoutMs, init?.signal, { releaseOnTimeout: true });
    let response: Response;
    try {
      response = await send(target, init, headers, bound.signal);
    } catch (error) {
      bound.release();
      throw requestFailure(error, bound, init?.signal);
    }
    if (response.status >= 300 && response.status < 400 && url.origin === trusted) {
      bound.release();
      await response.body?.cancel().catch(() => undefined);
      throw failure(
        'bad_response',
        'answered with a redirect; Bridgekeeper does not follow redirects with your credentials.',
        'Check the MCP server URL of this connection; the server may have moved.',
        { status: response.status },
      );
    }
    // The bound stays on while the caller reads the body; it lets go of the caller's signal when it fires.
    return response;
  }

  return async (input, init) => {
    const url = assertSafeUrl(String(input));
    const headers = new Headers(init?.headers);
    if (url.origin === trusted) for (const [name, value] of credentialHeaders) headers.set(name, value);
    else for (const [name] of credentialHeaders) headers.delete(name);
    const method = (init?.method ?? 'GET').toUpperCase();
    const target = applyHostOverride(url);
    // Only the MCP endpoint itself: the same origin may also host the OAuth token endpoint, whose refusals (e.g.
    // invalid_grant) the SDK's auth flow must see as they are.
    const isEndpoint = url.origin === trusted && url.pathname === endpoint.pathname;
    if (isEndpoint && method === 'POST') return post(target, init, headers);
    if (isEndpoint && method === 'GET') {
      const from = headers.get('last-event-id');
      const resumption = from ? resumptions.get(from) : undefined;
      return from && resumption ? resume(target, init, headers, from, resumption) : listen(target, init, headers);
    }
    return other(url, target, init, headers);
  };
}

/** A request that failed on a socket the server closed (most often a reused keep-alive one) before any answer. */
function deadSocket(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } })?.cause?.code ?? (error as { code?: unknown })?.code;
  return code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE';
}

function describe(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  const message = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  return message.slice(0, 200);
}
