import { setTimeout as sleep } from 'node:timers/promises';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { UpstreamError } from '../errors.js';
import { BufferedResponse } from '../net/buffered-response.js';
import { DEFAULT_RETRY_POLICY } from '../net/retry-policy.js';
import { redirectStep, withRateLimitRetries } from '../net/upstream-rules.js';
import { applyHostOverride, assertSafeUrl } from '../net/url-safety.js';
import { type Bound, boundSignal } from './bound-signal.js';
import { cancelBody, createFetchContext, type UpstreamFetchOptions } from './fetch-context.js';
import { checkJsonAnswer, mediaTypeOf, parseMessages, safeToResend } from './jsonrpc-messages.js';
import { createListener } from './listening-stream.js';
import { failureStream } from './relayed-failures.js';
import { guardEventStream, type StreamEnd } from './sse-guard.js';

export { DEFAULT_RECONNECT, type ReconnectPolicy, type UpstreamFetchOptions } from './fetch-context.js';

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
  const ctx = createFetchContext(options);
  const { endpoint, who, reconnect, maxMessageBytes, minRetryMs } = ctx;
  const { failure, timedOut, tooLarge, noAnswer, failedRequest, send, readBounded, failedAnswer } = ctx;
  const trusted = endpoint.origin;
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const credentialHeaders = Object.entries(options.credentials);
  const resumptions = new Map<string, Resumption>();
  const listen = createListener(ctx);

  /** An endpoint's redirect is never followed (`net/upstream-rules.ts`): its body is let go and the call fails. */
  async function refuseRedirect(response: Response, from: URL): Promise<void> {
    if (response.status < 300 || response.status >= 400) return;
    await cancelBody(response);
    redirectStep(who, { status: response.status, location: null }, from, 'GET', { sameOrigin: false });
  }

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
      let resent = false;
      const { response } = await withRateLimitRetries(
        async () => {
          for (;;) {
            try {
              return await send(target, init, headers, bound.signal);
            } catch (error) {
              // A read that met a keep-alive socket the server had just closed goes out once more; a write never does.
              if (!resent && !write && deadSocket(error) && !bound.signal.aborted) {
                resent = true;
                continue;
              }
              throw failedRequest(error, bound, caller, write);
            }
          }
        },
        {
          policy,
          deadline,
          retryAfter: (r) => r.headers.get('retry-after'),
          discard: (r) => cancelBody(r),
          wait: (ms) =>
            sleep(ms, undefined, { signal: bound.signal }).catch((error: unknown) => {
              throw failedRequest(error, bound, caller);
            }),
        },
      );
      const { status } = response;
      await refuseRedirect(response, target);
      if (status === 404 && headers.has('mcp-session-id')) {
        await cancelBody(response);
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
        const answer = checkJsonAnswer(text, ids);
        if (answer.problem !== undefined)
          throw failure('bad_response', answer.problem, 'Check that the URL points at a Streamable-HTTP MCP endpoint.');
        // Handed on parsed: the SDK's `response.json()` takes the value checked here instead of parsing the text again.
        const init = { status, statusText: response.statusText, headers: response.headers };
        return new BufferedResponse(text, init, { value: answer.value }).asResponse();
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
      await cancelBody(response);
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
    if (end.error !== undefined && call.write) return failedRequest(end.error, call.bound, call.caller, true);
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
      return retryOrFail(failedRequest(error, bound, caller, r.write));
    }
    const type = mediaTypeOf(response.headers.get('content-type'));
    if (response.status === 404 && headers.has('mcp-session-id')) {
      bound.release();
      await cancelBody(response);
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
      await cancelBody(response);
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

  /** Any other request (DELETE, OAuth discovery and token requests): bounded by `timeoutMs`, redirects not followed. */
  async function other(url: URL, target: URL, init: RequestInit | undefined, headers: Headers): Promise<Response> {
    const bound = boundSignal(options.timeoutMs, init?.signal, { releaseOnTimeout: true });
    let response: Response;
    try {
      response = await send(target, init, headers, bound.signal);
    } catch (error) {
      bound.release();
      throw failedRequest(error, bound, init?.signal);
    }
    if (url.origin === trusted && response.status >= 300 && response.status < 400) {
      bound.release();
      await refuseRedirect(response, target);
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
