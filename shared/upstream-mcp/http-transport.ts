import type { IncomingMessage } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isInitializedNotification, isJSONRPCErrorResponse, isJSONRPCRequest, isJSONRPCResultResponse, type JSONRPCMessage, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import { createParser } from 'eventsource-parser';
import { UpstreamError } from '../errors.js';
import { BodyTooLargeError, discard, formatBytes, readText, type RawResponse, sendRequest } from '../net/node-http.js';
import { networkFailure } from '../net/network-failure.js';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy, retryDelayBefore } from '../net/retry-policy.js';
import { applyHostOverride, assertSafeUrl } from '../net/url-safety.js';
import type { McpHttpFailure } from './http-failure.js';
import { upstreamErrorFromResponse } from './http-status-errors.js';

/** How to reach a remote MCP server whose credential is a fixed header (a token, or none). */
export interface UpstreamTransportOptions {
  /** The MCP endpoint (HTTPS, or HTTP on this computer). Every request goes here and nowhere else. */
  endpoint: string;
  /** Headers carrying the credential (e.g. `Authorization: Bearer …`). */
  credentials: Record<string, string>;
  /** Bound on each POST exchange (until its response is complete) and on opening the listening stream. */
  timeoutMs: number;
  /** Used in error text, e.g. "Remote MCP server 'Acme'". */
  serviceName: string;
  retry?: RetryPolicy;
  /** The provider's own mapping of its documented MCP HTTP errors. */
  mapError?: (response: McpHttpFailure) => UpstreamError | undefined;
  /** Reopening the listening (GET) stream after it ends: first delay, growth cap, consecutive failures before giving up. */
  reconnect?: { initialDelayMs: number; maxDelayMs: number; maxFailures: number };
  /** Bound on one JSON body or one server-sent event. */
  maxMessageBytes?: number;
}

/** How an event stream ended: whether it carried a response, the last event id seen, and the error that cut it short. */
interface StreamOutcome {
  answered: boolean;
  /** Events received (a listening stream that ends without any is polled more slowly). */
  events: number;
  lastEventId?: string;
  error?: Error;
}

/** The shortest wait before reopening a stream, whatever the server's `retry:` says (unless configured lower, for tests). */
const MIN_RECONNECT_MS = 500;

const DEFAULT_RECONNECT = { initialDelayMs: 1_000, maxDelayMs: 30_000, maxFailures: 3 };

/**
 * The MCP Streamable HTTP client transport (2025-03-26 and later) for the SDK's `Client`, on `node:http` rather than
 * `fetch` (see `net/node-http.ts` for why), with Bridgekeeper's upstream hygiene built in:
 * - requests go only to the endpoint, which must be HTTPS (loopback excepted), so the credential never leaves its origin;
 *   redirects are never followed;
 * - each POST is bounded by `timeoutMs`; a 429 is retried (Retry-After honoured, never past that bound);
 * - a failed POST becomes a typed `UpstreamError` (401 credential, 403 scope, 404, 429, 5xx) that names the server
 *   and says what to do, which the SDK hands back to the caller as is;
 * - every message from the server is checked against the JSON-RPC schema, and bodies and events are size-bounded.
 *
 * Responses come as JSON or as an SSE stream (which may carry server requests and notifications first). After
 * initialization a GET stream listens for server-initiated messages (e.g. `tools/list_changed`); it is reopened with
 * backoff when it ends and resumed with Last-Event-ID. A POST stream that ends before its response, after an event
 * id, is resumed the same way (servers may close streams early and expect the client to poll). OAuth connections use
 * the SDK's own transport instead, whose sign-in and refresh flows need `fetch` anyway.
 */
export class UpstreamHttpTransport implements Transport {
  onclose?: Transport['onclose'];
  onerror?: Transport['onerror'];
  onmessage?: Transport['onmessage'];
  sessionId?: string;

  readonly #options: UpstreamTransportOptions;
  readonly #endpoint: URL;
  readonly #target: URL;
  readonly #closed = new AbortController();
  readonly #reconnect: { initialDelayMs: number; maxDelayMs: number; maxFailures: number };
  readonly #maxMessageBytes: number;
  #protocolVersion: string | undefined;
  #serverRetryMs: number | undefined;
  #listening = false;

  constructor(options: UpstreamTransportOptions) {
    this.#options = options;
    this.#endpoint = assertSafeUrl(options.endpoint);
    this.#target = applyHostOverride(this.#endpoint);
    this.#reconnect = options.reconnect ?? DEFAULT_RECONNECT;
    this.#maxMessageBytes = options.maxMessageBytes ?? 16 * 1_048_576;
  }

  async start(): Promise<void> {
    if (this.#closed.signal.aborted) throw new Error('This transport was closed; open a new one.');
  }

  setProtocolVersion(version: string): void {
    this.#protocolVersion = version;
  }

  async close(): Promise<void> {
    if (this.#closed.signal.aborted) return;
    this.#closed.abort();
    this.onclose?.();
  }

  /** Sends one message. (The SDK's `resumptionToken` send option is not supported: Bridgekeeper never uses it.) */
  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (this.#closed.signal.aborted) throw this.#failure('network', 'connection was closed by Bridgekeeper.', 'Try again.');
    const { signal, release } = this.#deadline();
    try {
      await this.#exchange(message, signal, options?.onresumptiontoken);
    } finally {
      release();
    }
  }

  /**
   * A signal that fires `timeoutMs` from now or when the transport closes, and its release. (Not `AbortSignal.any`
   * over the transport's lifelong close signal: that would collect one dependent per message for the whole session.)
   */
  #deadline(): { signal: AbortSignal; release(): void } {
    const controller = new AbortController();
    const stop = () => controller.abort();
    const timer = setTimeout(stop, this.#options.timeoutMs);
    this.#closed.signal.addEventListener('abort', stop, { once: true });
    return {
      signal: controller.signal,
      release: () => {
        clearTimeout(timer);
        this.#closed.signal.removeEventListener('abort', stop);
      },
    };
  }

  async #exchange(message: JSONRPCMessage, deadline: AbortSignal, onEventId?: (id: string) => void): Promise<void> {
    const response = await this.#post(message, deadline);
    const sessionId = response.headers.get('mcp-session-id');
    if (sessionId) this.sessionId = sessionId;
    if (response.status === 202 || !isJSONRPCRequest(message)) {
      discard(response.body);
      // The session is set up: listen for what the server sends on its own.
      if (isInitializedNotification(message)) this.#listen();
      return;
    }
    const mediaType = mediaTypeOf(response.headers.get('content-type'));
    if (mediaType === 'application/json') {
      const text = await this.#read(response.body, deadline);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw this.#failure('bad_response', 'answered with a body that is not JSON.', 'Check that the URL points at a Streamable-HTTP MCP endpoint.', error);
      }
      const answered = [parsed].flat().map((item) => this.#deliver(item)).includes(true);
      if (!answered) throw this.#failure('bad_response', 'answered without a JSON-RPC response.', 'Check that the URL points at a Streamable-HTTP MCP endpoint.');
      return;
    }
    if (mediaType === 'text/event-stream') {
      const outcome = await this.#consume(response.body, deadline, onEventId);
      if (outcome.answered || this.#closed.signal.aborted) return;
      if (outcome.error instanceof UpstreamError) throw outcome.error;
      if (outcome.lastEventId !== undefined) {
        // The server closed the stream early but said where it was: pick the response up on a GET stream.
        await this.#resume(outcome.lastEventId, deadline);
        return;
      }
      throw this.#failure('network', `closed the response stream before answering${outcome.error ? ` (${describe(outcome.error)})` : ''}.`, 'Try again; if it keeps happening the server may be restarting or overloaded.', outcome.error);
    }
    discard(response.body);
    throw this.#failure('bad_response', `answered with ${mediaType || 'no content type'} instead of MCP's JSON or event stream.`, 'Check that the URL points at a Streamable-HTTP MCP endpoint.');
  }

  /** POSTs one message, retrying 429s within the deadline; any other failure becomes an `UpstreamError`. */
  async #post(message: JSONRPCMessage, deadline: AbortSignal): Promise<RawResponse> {
    const policy = this.#options.retry ?? DEFAULT_RETRY_POLICY;
    const endsAt = Date.now() + this.#options.timeoutMs;
    const body = JSON.stringify(message);
    for (let attempt = 0; ; attempt++) {
      const response = await this.#request('POST', { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, deadline, body, safeToResend(message));
      if (response.status === 429) {
        const delay = retryDelayBefore(endsAt, policy, attempt, parseRetryAfter(response.headers.get('retry-after')));
        if (delay !== undefined) {
          discard(response.body);
          await sleep(delay, undefined, { signal: deadline }).catch((error: unknown) => {
            throw this.#requestFailure(error, deadline);
          });
          continue;
        }
      }
      if (response.status >= 200 && response.status < 300) return response;
      if (response.status === 404 && this.sessionId) {
        discard(response.body);
        throw this.#failure('session_expired', 'no longer knows this session (it may have restarted).', 'Try again: Bridgekeeper opens a new session.', undefined, 404);
      }
      if (response.status >= 300 && response.status < 400) {
        discard(response.body);
        throw this.#failure('bad_response', 'answered with a redirect; Bridgekeeper does not follow redirects with your credentials.', 'Check the MCP server URL of this connection; the server may have moved.', undefined, response.status);
      }
      const text = await this.#read(response.body, deadline).catch(() => '');
      throw upstreamErrorFromResponse({ status: response.status, headers: response.headers, text }, this.#options.serviceName, this.#endpoint.host, this.#options.mapError);
    }
  }

  /** `idempotent`: safe to send again on a fresh socket if a reused keep-alive one turns out to be dead. */
  async #request(method: 'GET' | 'POST', extra: Record<string, string>, signal: AbortSignal, body?: string, idempotent = method === 'GET'): Promise<RawResponse> {
    const headers: Record<string, string> = { ...extra, ...this.#options.credentials };
    if (this.sessionId) headers['mcp-session-id'] = this.sessionId;
    if (this.#protocolVersion) headers['mcp-protocol-version'] = this.#protocolVersion;
    try {
      return await sendRequest({ method, url: this.#target, headers, signal, idempotent, ...(body === undefined ? {} : { body }) });
    } catch (error) {
      throw this.#requestFailure(error, signal, !idempotent);
    }
  }

  async #read(body: IncomingMessage, signal: AbortSignal): Promise<string> {
    try {
      return await readText(body, this.#maxMessageBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) throw this.#tooLarge();
      throw this.#requestFailure(error, signal);
    }
  }

  #tooLarge(): UpstreamError {
    return this.#failure('bad_response', `sent one message larger than ${formatBytes(this.#maxMessageBytes)}.`, 'Ask for less (a narrower filter or a smaller page), then try again.');
  }

  /** Reads an SSE stream to its end, delivering each message; says whether a response came and the last event id. */
  #consume(body: IncomingMessage, signal: AbortSignal, onEventId?: (id: string) => void): Promise<StreamOutcome> {
    return new Promise((resolve) => {
      let answered = false;
      let events = 0;
      let lastEventId: string | undefined;
      let pending = 0;
      const parser = createParser({
        onEvent: (event) => {
          pending = 0;
          events++;
          if (event.id) {
            lastEventId = event.id;
            onEventId?.(event.id);
          }
          if (!event.data || (event.event && event.event !== 'message')) return;
          let parsed: unknown;
          try {
            parsed = JSON.parse(event.data);
          } catch (error) {
            this.onerror?.(this.#failure('bad_response', 'sent an event that is not JSON.', 'The server may be misbehaving: try again later.', error));
            return;
          }
          if (this.#deliver(parsed)) answered = true;
        },
        onRetry: (ms) => {
          this.#serverRetryMs = ms;
        },
      });
      let settled = false;
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        resolve({ answered, events, ...(lastEventId !== undefined ? { lastEventId } : {}), ...(error ? { error } : {}) });
      };
      const decoder = new StringDecoder('utf8');
      body.on('data', (chunk: Buffer) => {
        pending += chunk.length;
        if (pending > this.#maxMessageBytes) {
          body.destroy(this.#tooLarge());
          return;
        }
        parser.feed(decoder.write(chunk));
      });
      body.on('end', () => finish());
      body.on('error', (error) => finish(signal.aborted ? this.#requestFailure(error, signal) : error));
      body.on('close', () => finish(body.readableEnded ? undefined : signal.aborted ? this.#requestFailure(new Error('aborted'), signal) : new Error('the stream was cut off')));
    });
  }

  /** Checks one JSON-RPC message from the server and hands it to the client; true when it was a response. */
  #deliver(value: unknown): boolean {
    const parsed = JSONRPCMessageSchema.safeParse(value);
    if (!parsed.success) {
      this.onerror?.(this.#failure('bad_response', 'sent a message that is not valid JSON-RPC.', 'The server may be misbehaving: try again later.'));
      return false;
    }
    const message = parsed.data;
    const isResponse = isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message);
    // The SDK runs notification handlers a microtask later but settles a response at once (dropping its progress
    // handler): a response that arrived in the same chunk as progress notifications waits its turn behind them.
    if (isResponse) queueMicrotask(() => this.onmessage?.(message));
    else this.onmessage?.(message);
    return isResponse;
  }

  /**
   * Opens a GET stream for server-initiated messages and keeps it open: reopened (with Last-Event-ID) when it ends,
   * with backoff, until the transport closes or it fails `maxFailures` times in a row. A server without one (405) is
   * fine.
   */
  #listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    void (async () => {
      let lastEventId: string | undefined;
      // `failures` (errors in a row) ends listening; `quiet` (streams that ended without a single event) only slows
      // reopening down, so a server that closes its stream at once is not polled in a tight loop.
      let quiet = 0;
      for (let failures = 0; !this.#closed.signal.aborted; ) {
        try {
          const outcome = await this.#openStream(lastEventId, (id) => (lastEventId = id));
          if (outcome === 'unsupported') break;
          failures = 0;
          quiet = outcome.events === 0 ? quiet + 1 : 0;
          if (outcome.error) throw outcome.error;
        } catch (error) {
          if (this.#closed.signal.aborted) break;
          // The session is gone: the next call finds out and opens a new one; listening on this one is pointless.
          if (error instanceof UpstreamError && error.kind === 'session_expired') break;
          failures++;
          this.onerror?.(error instanceof Error ? error : new Error(String(error)));
          if (failures >= this.#reconnect.maxFailures) break;
        }
        await sleep(this.#backoff(failures + quiet), undefined, { signal: this.#closed.signal, ref: false }).catch(() => undefined);
      }
      this.#listening = false;
    })();
  }

  /**
   * Picks up the answer to a POST whose stream the server closed early (after an event id) on GET streams resumed
   * with Last-Event-ID, within the POST's own deadline. Fails plainly if the server cannot resume (no GET stream) or
   * the stream keeps breaking.
   */
  async #resume(from: string, deadline: AbortSignal): Promise<void> {
    let lastEventId = from;
    let attempts = 0;
    for (let failures = 0; ; ) {
      let outcome: StreamOutcome | 'unsupported';
      try {
        outcome = await this.#openStream(lastEventId, (id) => (lastEventId = id), deadline);
      } catch (error) {
        // The server had the call and lost the session while answering: the call may have run, so it must not be
        // sent again as if it never arrived (which is what session_expired means to the gateway).
        if (error instanceof UpstreamError && error.kind === 'session_expired') {
          throw this.#failure('network', 'lost the session while answering (it may have restarted).', 'The call may have been carried out: check in the service before trying it again.', error, 404);
        }
        if (deadline.aborted || ++failures >= this.#reconnect.maxFailures) throw this.#requestFailure(error, deadline);
        outcome = { answered: false, events: 0 };
      }
      if (outcome === 'unsupported') {
        throw this.#failure('network', 'closed the response stream before answering and offers no stream to resume it on.', 'Try again; if it keeps happening the server may be restarting or overloaded.');
      }
      if (outcome.answered) return;
      if (outcome.error instanceof UpstreamError) throw outcome.error;
      if (outcome.error && ++failures >= this.#reconnect.maxFailures) throw this.#requestFailure(outcome.error, deadline);
      await sleep(this.#backoff(++attempts), undefined, { signal: deadline }).catch((error: unknown) => {
        throw this.#requestFailure(error, deadline);
      });
    }
  }

  /**
   * The wait before reopening a stream: growing with `attempts` (failed or empty streams in a row) up to the maximum,
   * and never shorter than the server's `retry:` or a floor of half a second.
   */
  #backoff(attempts: number): number {
    const grown = Math.min(this.#reconnect.initialDelayMs * 1.5 ** attempts, this.#reconnect.maxDelayMs);
    return Math.max(grown, this.#serverRetryMs ?? 0, Math.min(MIN_RECONNECT_MS, this.#reconnect.initialDelayMs));
  }

  /**
   * One GET stream, read to its end. Without `bound`, only opening it is bounded by `timeoutMs` (a listening stream then
   * lives until it ends or the transport closes); with `bound` (resuming an answer) all of it is.
   */
  async #openStream(lastEventId: string | undefined, onEventId: (id: string) => void, bound?: AbortSignal): Promise<StreamOutcome | 'unsupported'> {
    const stream = new AbortController();
    const stop = () => stream.abort();
    const stoppers = [this.#closed.signal, ...(bound ? [bound] : [])];
    for (const signal of stoppers) signal.addEventListener('abort', stop, { once: true });
    if (stoppers.some((signal) => signal.aborted)) stop();
    const timer = bound ? undefined : setTimeout(stop, this.#options.timeoutMs);
    try {
      const response = await this.#request('GET', { accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, stream.signal);
      const isStream = response.status === 200 && mediaTypeOf(response.headers.get('content-type')) === 'text/event-stream';
      // 405: no GET stream at all; 409: the server allows one at a time and another is open; 200 with anything but
      // an event stream: nothing to listen to either.
      if (response.status === 405 || response.status === 409 || (response.status === 200 && !isStream)) {
        clearTimeout(timer);
        discard(response.body);
        return 'unsupported';
      }
      if (response.status === 404 && this.sessionId) {
        discard(response.body);
        throw this.#failure('session_expired', 'no longer knows this session (it may have restarted).', 'Try again: Bridgekeeper opens a new session.', undefined, 404);
      }
      if (response.status !== 200) {
        // Still under the opening timer: an error body that never ends must not hold the stream open.
        const text = await this.#read(response.body, stream.signal).catch(() => '');
        throw upstreamErrorFromResponse({ status: response.status, headers: response.headers, text }, this.#options.serviceName, this.#endpoint.host, this.#options.mapError);
      }
      clearTimeout(timer);
      return await this.#consume(response.body, stream.signal, onEventId);
    } finally {
      clearTimeout(timer);
      for (const signal of stoppers) signal.removeEventListener('abort', stop);
    }
  }

  /** `write`: the request may have been carried out (a tool call), so a dropped connection must not read as "never sent". */
  #requestFailure(error: unknown, signal: AbortSignal, write = false): UpstreamError {
    if (error instanceof UpstreamError) return error;
    if (this.#closed.signal.aborted) return this.#failure('network', 'connection was closed by Bridgekeeper.', 'Try again.', error);
    if (signal.aborted) return this.#failure('timeout', `did not answer within ${Math.round(this.#options.timeoutMs / 100) / 10} s.`, 'The server may be slow or down: try again in a minute.', error);
    const { lead, why, next } = networkFailure(error, { write });
    return new UpstreamError('network', `${lead} ${this.#who()}: ${why}.`, next, { cause: error });
  }

  #failure(kind: ConstructorParameters<typeof UpstreamError>[0], what: string, next: string, cause?: unknown, status?: number): UpstreamError {
    return new UpstreamError(kind, `${this.#who()} ${what}`, next, { ...(cause === undefined ? {} : { cause }), ...(status === undefined ? {} : { status }) });
  }

  #who(): string {
    return `${this.#options.serviceName} (${this.#endpoint.host})`;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
}

/** `text/event-stream; charset=utf-8` → `text/event-stream`. */
function mediaTypeOf(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** JSON-RPC methods that only read: sending one twice (after a dead keep-alive socket) changes nothing. */
const READ_METHODS = new Set(['initialize', 'ping', 'tools/list', 'prompts/list', 'prompts/get', 'resources/list', 'resources/templates/list', 'resources/read', 'completion/complete']);

/** True when a message may be sent again if its keep-alive socket turns out dead: reads and notifications, never a tool call. */
function safeToResend(message: JSONRPCMessage): boolean {
  if (isJSONRPCRequest(message)) return READ_METHODS.has(message.method);
  return 'method' in message; // a notification; a response to the server is not repeated
}
