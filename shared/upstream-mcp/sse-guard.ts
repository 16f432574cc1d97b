import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { UpstreamError } from '../errors.js';
import { failureResponse } from './relayed-failures.js';

/** How an event stream from the upstream ended. */
export interface StreamEnd {
  /** Events received. */
  events: number;
  /** The last event id seen (the point to resume from). */
  lastEventId?: string;
  /** What cut it short (a network error, an abort, or the size bound); none when the server ended it. */
  error?: unknown;
}

/** Options of `guardEventStream`. */
export interface EventStreamGuard {
  /** Bound on one event. */
  maxMessageBytes: number;
  /** A server's `retry:` below this is raised to it, so a server asking for 0 is not polled in a tight loop. */
  minRetryMs: number;
  /** Request ids this stream is to answer (a POST's answer stream, or one resumed); empty for the listening stream. */
  pending: Set<string | number>;
  /** The error for one event over `maxMessageBytes`. */
  tooLarge(): UpstreamError;
  /**
   * Called once when the stream is over, with `pending` holding what is still unanswered. Returning a failure ends the
   * stream with an error response for each unanswered request (the calls fail at once with it); otherwise the stream
   * ends as the server's did (the SDK then resumes it where it can).
   */
  onEnd(end: StreamEnd): UpstreamError | undefined;
}

const encoder = new TextEncoder();

/**
 * Re-emits an SSE body event by event, as the SDK transport reads it, while watching it: each event is bounded in size
 * (an oversized one is never passed on), answers to `pending` requests are ticked off, a too-small `retry:` is raised,
 * and an end without the answers can be turned into error responses (see `onEnd`). Comments are dropped.
 */
export function guardEventStream(
  body: ReadableStream<Uint8Array>,
  guard: EventStreamGuard,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  // An answer stream whose answers all came is complete, however its connection ends afterwards.
  const answerStream = guard.pending.size > 0;
  const decoder = new TextDecoder();
  let out = '';
  let events = 0;
  let lastEventId: string | undefined;
  let sinceEvent = 0;
  let ended = false;
  const parser = createParser({
    onEvent: (event) => {
      events++;
      sinceEvent = 0;
      if (event.id) lastEventId = event.id;
      if (!event.event || event.event === 'message') tickOff(event.data, guard.pending);
      out += serialize(event);
    },
    onRetry: (ms) => {
      out += `retry: ${Math.max(ms, guard.minRetryMs)}\n\n`;
    },
  });
  const finish = (controller: ReadableStreamDefaultController<Uint8Array>, error?: unknown) => {
    if (ended) return;
    ended = true;
    const failure = guard.onEnd({
      events,
      ...(lastEventId !== undefined ? { lastEventId } : {}),
      ...(error !== undefined ? { error } : {}),
    });
    if (failure && guard.pending.size > 0) {
      const text = [...guard.pending].map((id) => `data: ${JSON.stringify(failureResponse(id, failure))}\n\n`).join('');
      guard.pending.clear();
      controller.enqueue(encoder.encode(text));
      controller.close();
    } else if (error !== undefined && !(answerStream && guard.pending.size === 0)) {
      controller.error(error);
    } else {
      controller.close();
    }
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          finish(controller, error ?? new Error('the stream was cut off'));
          return;
        }
        if (chunk.done) {
          parser.feed(decoder.decode());
          flush(controller);
          finish(controller);
          return;
        }
        sinceEvent += chunk.value.byteLength;
        if (sinceEvent > guard.maxMessageBytes) {
          void reader.cancel().catch(() => undefined);
          finish(controller, guard.tooLarge());
          return;
        }
        parser.feed(decoder.decode(chunk.value, { stream: true }));
        if (flush(controller)) return;
      }
    },
    async cancel(reason) {
      if (!ended) {
        ended = true;
        guard.onEnd({
          events,
          ...(lastEventId !== undefined ? { lastEventId } : {}),
          error: reason ?? new Error('cancelled'),
        });
      }
      await reader.cancel(reason).catch(() => undefined);
    },
  });

  function flush(controller: ReadableStreamDefaultController<Uint8Array>): boolean {
    if (!out) return false;
    controller.enqueue(encoder.encode(out));
    out = '';
    return true;
  }
}

function serialize(event: EventSourceMessage): string {
  let text = event.event ? `event: ${event.event}\n` : '';
  if (event.id) text += `id: ${event.id}\n`;
  for (const line of event.data.split('\n')) text += `data: ${line}\n`;
  return `${text}\n`;
}

/** Removes from `pending` the ids of the JSON-RPC responses in one event's data. */
function tickOff(data: string, pending: Set<string | number>): void {
  if (pending.size === 0 || !data) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return;
  }
  for (const message of [parsed].flat()) {
    if (
      message &&
      typeof message === 'object' &&
      !('method' in message) &&
      ('result' in message || 'error' in message)
    ) {
      pending.delete((message as unknown as { id: string | number }).id);
    }
  }
}
