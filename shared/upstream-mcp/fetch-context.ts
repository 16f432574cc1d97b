import { UpstreamError } from '../errors.js';
import { bufferedBody } from '../net/buffered-response.js';
import { proxyAwareFetch } from '../net/proxy-fetch.js';
import type { RetryPolicy } from '../net/retry-policy.js';
import { requestFailure, timeoutError, tooLargeError } from '../net/upstream-rules.js';
import { assertSafeUrl } from '../net/url-safety.js';
import type { Bound } from './bound-signal.js';
import type { McpHttpFailure } from './http-failure.js';
import { upstreamErrorFromResponse } from './http-status-errors.js';

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

/**
 * What every part of the upstream MCP fetch (POST exchanges, resumed answer streams, the listening stream) shares:
 * the endpoint, the bounds, sending, bounded reading and the failures in the server's name (`net/upstream-rules.ts`
 * writes the rules; these name the server in them).
 */
export interface FetchContext {
  options: UpstreamFetchOptions;
  endpoint: URL;
  /** e.g. "Remote MCP server 'Acme' (mcp.acme.com)". */
  who: string;
  reconnect: ReconnectPolicy;
  maxMessageBytes: number;
  /** The shortest wait before reopening a stream. */
  minRetryMs: number;
  failure(
    kind: UpstreamError['kind'],
    what: string,
    next: string,
    extra?: { status?: number; cause?: unknown },
  ): UpstreamError;
  timedOut(cause?: unknown): UpstreamError;
  tooLarge(): UpstreamError;
  /** The stream closed before the answer; a write may have been carried out. */
  noAnswer(write: boolean, cause?: unknown): UpstreamError;
  /** Why a request got no answer: cancelled (the transport closed), timed out, or the network's reason. */
  failedRequest(error: unknown, bound: Bound, caller: AbortSignal | null | undefined, write?: boolean): UpstreamError;
  /** Sends without following redirects. */
  send(target: URL, init: RequestInit | undefined, headers: Headers, signal: AbortSignal): Promise<Response>;
  /** Reads a whole body as text within `maxMessageBytes`. */
  readBounded(response: Response, bound: Bound, caller: AbortSignal | null | undefined): Promise<string>;
  /** A failed answer from the endpoint, as a typed error. */
  failedAnswer(response: Response, bound: Bound, caller: AbortSignal | null | undefined): Promise<UpstreamError>;
}

/** The context of one upstream MCP fetch. */
export function createFetchContext(options: UpstreamFetchOptions): FetchContext {
  const endpoint = assertSafeUrl(options.endpoint);
  const who = `${options.serviceName} (${endpoint.host})`;
  const reconnect = options.reconnect ?? DEFAULT_RECONNECT;
  const maxMessageBytes = options.maxMessageBytes ?? 16 * 1_048_576;
  const failure = (
    kind: UpstreamError['kind'],
    what: string,
    next: string,
    extra: { status?: number; cause?: unknown } = {},
  ) => new UpstreamError(kind, `${who} ${what}`, next, extra);
  const timedOut = (cause?: unknown) => timeoutError(who, options.timeoutMs, cause);
  const tooLarge = () => tooLargeError(who, maxMessageBytes);
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
  const failedRequest = (
    error: unknown,
    bound: Bound,
    caller: AbortSignal | null | undefined,
    write = false,
  ): UpstreamError =>
    requestFailure(who, error, {
      cancelled: caller?.aborted ?? false,
      timedOut: bound.timedOut,
      timeoutMs: options.timeoutMs,
      write,
    });

  const send = (target: URL, init: RequestInit | undefined, headers: Headers, signal: AbortSignal) =>
    proxyAwareFetch(target, { ...init, headers, redirect: 'manual', signal });

  /** Reads a whole body as text within `maxMessageBytes`. */
  const readBounded = async (
    response: Response,
    bound: Bound,
    caller: AbortSignal | null | undefined,
  ): Promise<string> => {
    const inHand = bufferedBody(response);
    if (inHand) {
      if (inHand.byteLength > maxMessageBytes) throw tooLarge();
      return inHand.text().catch((error: unknown) => {
        throw failedRequest(error, bound, caller);
      });
    }
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
      throw failedRequest(error, bound, caller);
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

  return {
    options,
    endpoint,
    who,
    reconnect,
    maxMessageBytes,
    minRetryMs: Math.min(MIN_RECONNECT_MS, reconnect.initialDelayMs),
    failure,
    timedOut,
    tooLarge,
    noAnswer,
    failedRequest,
    send,
    readBounded,
    failedAnswer,
  };
}

/** Lets go of a body nobody will read. */
export async function cancelBody(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

/** The cause of a failure, short, for a message. */
function describe(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  const message = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  return message.slice(0, 200);
}
