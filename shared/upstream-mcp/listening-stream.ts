import type { UpstreamError } from '../errors.js';
import { boundSignal, pause } from './bound-signal.js';
import { cancelBody, type FetchContext } from './fetch-context.js';
import { mediaTypeOf } from './jsonrpc-messages.js';
import { noStream } from './relayed-failures.js';
import { guardEventStream } from './sse-guard.js';

/**
 * The listening GET stream (server-initiated messages) of one upstream MCP session: a server's `retry:` is honoured
 * but never below `minRetryMs`, a server that keeps ending it at once is polled ever more slowly, one that answers
 * with an error is retried a few times with backoff (reported to `onBackgroundError`), and one without it (405, 409,
 * no event stream) is left alone.
 */
export function createListener(
  ctx: FetchContext,
): (target: URL, init: RequestInit | undefined, headers: Headers) => Promise<Response> {
  const { options, reconnect, maxMessageBytes, minRetryMs, tooLarge, send, failedRequest, failedAnswer } = ctx;
  const listening = { endedAt: 0, quiet: 0, failures: 0 };

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
        report(failedRequest(error, bound, caller));
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
        await cancelBody(response);
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

  return listen;
}
