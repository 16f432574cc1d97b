import type { IncomingMessage } from 'node:http';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { BufferedResponse } from './buffered-response.js';
import { sendRequest } from './node-http.js';

/**
 * `fetch` on `node:http` / `node:https` (`node-http.ts`: shared keep-alive agents, idle sockets closed after 4 s), for
 * the SDK's MCP transport and OAuth helpers when no proxy is configured. It returns standard `Response`s, but the
 * connections are Node's own rather than undici's pool and llhttp WebAssembly parser: the memory of a long-running
 * gateway holding a few upstream sessions (see bench/). Only what those callers send is supported (string or
 * URLSearchParams bodies, `redirect: 'manual'`, a signal); anything else goes to the global `fetch`.
 */
export const nodeHttpFetch: FetchLike = async (input, init) => {
  const body = init?.body;
  const supported =
    (body === undefined || body === null || typeof body === 'string' || body instanceof URLSearchParams) &&
    init?.redirect === 'manual';
  if (!supported) return fetch(input, init);
  const url = new URL(String(input));
  const headers: Record<string, string> = {};
  const given = init?.headers;
  (given instanceof Headers ? given : new Headers(given)).forEach((value, name) => (headers[name] = value));
  if (body instanceof URLSearchParams) headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
  const method = (init?.method ?? 'GET').toUpperCase();
  const response = await sendRequest({
    method,
    url,
    headers,
    ...(body === undefined || body === null ? {} : { body: String(body) }),
    ...(init?.signal ? { signal: init.signal } : {}),
  });
  const empty = method === 'HEAD' || [204, 205, 304].includes(response.status);
  if (empty) response.body.resume();
  const length = Number(response.body.headers['content-length'] ?? NaN);
  const small = !empty && Number.isInteger(length) && length <= BUFFERED_BODY_MAX;
  const responseInit = {
    status: response.status,
    statusText: response.body.statusMessage ?? '',
    headers: responseHeaders(response.body),
  };
  if (small) return new BufferedResponse(await wholeBody(response.body, init?.signal), responseInit).asResponse();
  return new Response(empty ? null : webStream(response.body), responseInit);
};

/**
 * Bodies that say they are at most this long are read before the `Response` is made, which answers from that buffer
 * (`BufferedResponse`: no web stream fed chunk by chunk; the common small JSON answer of a tool call costs less). Longer, unsized (chunked) and event-stream
 * bodies stay streams, so the callers' own size bounds apply while reading.
 */
const BUFFERED_BODY_MAX = 256 * 1024;

/** The whole body of a response that declared a small length; rejects as the stream would fail (cut off, aborted). */
function wholeBody(message: IncomingMessage, signal: AbortSignal | null | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks)));
    // Aborted by the caller: its reason (an AbortError, as fetch gives), not the socket's "aborted".
    message.on('error', (error) => reject(signal?.aborted ? (signal.reason ?? error) : error));
    message.on('close', () => {
      if (!message.complete) reject(cutOff());
    });
  });
}

function responseHeaders(message: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = message.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

/** A body that ended before its end: failed as a reset connection, like any other cut. */
const cutOff = () =>
  Object.assign(new Error('the connection closed before the answer was complete'), { code: 'ECONNRESET' });

/** The body as a web stream, with backpressure; a body cut off before its end errors the stream. */
function webStream(message: IncomingMessage): ReadableStream<Uint8Array> {
  let settled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        message.on('data', (chunk: Buffer) => {
          if (settled) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 1) <= 0) message.pause();
        });
        message.on('end', () => {
          if (settled) return;
          settled = true;
          controller.close();
        });
        const fail = (error: Error) => {
          if (settled) return;
          settled = true;
          controller.error(error);
        };
        message.on('error', fail);
        message.on('close', () => {
          if (!message.complete) fail(cutOff());
        });
      },
      pull() {
        message.resume();
      },
      cancel() {
        settled = true;
        message.destroy();
      },
    },
    { highWaterMark: 4 },
  );
}
