import http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type https from 'node:https';

/**
 * Upstream HTTP on `node:http` / `node:https`, instead of undici's `fetch` (its connection pool and llhttp WebAssembly
 * parser cost a long-running stdio gateway 10–15 MB that a few requests a minute never need). API providers use it
 * through `UpstreamHttpClient`; remote MCP sessions and OAuth requests through `node-http-fetch.ts`, a `fetch` for the
 * SDK on top of it (undici's fetch only behind a proxy, `proxy-fetch.ts`).
 */

/** Read-only response headers with the one method callers use (the same shape as `Headers.get`). */
export interface HeaderLookup {
  get(name: string): string | null;
}

/** Response headers as Node parsed them (names lower-case); repeated headers are joined with ", ". */
export class ResponseHeaders implements HeaderLookup {
  readonly #raw: IncomingHttpHeaders;
  constructor(raw: IncomingHttpHeaders) {
    this.#raw = raw;
  }
  get(name: string): string | null {
    const value = this.#raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }
}

/** One request, already checked and aimed (the caller applied URL safety and any host override). */
export interface RawRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** Aborts the request and, once the response has started, its body. */
  signal?: AbortSignal;
  /**
   * Safe to send twice (a read): then a request that fails with ECONNRESET on a reused keep-alive socket is sent once
   * more on a new one. Never for writes: the server may have carried the request out before the connection dropped.
   */
  idempotent?: boolean;
}

/** The status line and headers; the body is read by the caller (`readText`, or as a stream). */
export interface RawResponse {
  status: number;
  headers: ResponseHeaders;
  body: IncomingMessage;
}

/**
 * Keep-alive, with idle sockets closed after 4 s (or 1 s before the server's own `Keep-Alive: timeout=` hint): below
 * common server idle timeouts, so a request rarely goes out on a socket the server is closing. Only idle sockets are
 * affected; a long-lived event stream is not.
 */
const AGENT_OPTIONS = { keepAlive: true, timeout: 4_000 } as const;

let plainAgent: http.Agent | undefined;
let tlsAgent: https.Agent | undefined;

/** Keep-alive agents shared by the process (loaded on first use: `node:https` only when an HTTPS upstream is used). */
async function agentFor(url: URL): Promise<{ module: typeof http | typeof https; agent: http.Agent }> {
  if (url.protocol === 'http:') return { module: http, agent: (plainAgent ??= new http.Agent(AGENT_OPTIONS)) };
  const tls = await import('node:https');
  return { module: tls.default, agent: (tlsAgent ??= new tls.default.Agent(AGENT_OPTIONS)) };
}

/**
 * Sends one request and resolves when the response headers arrive. Errors are Node's (`code` such as ECONNREFUSED,
 * `name` AbortError when `signal` fired). An `idempotent` request that fails with ECONNRESET on a reused keep-alive
 * socket (most often the server closed it just as the request went out) is sent once more on a fresh socket.
 */
export async function sendRequest(req: RawRequest): Promise<RawResponse> {
  const { module, agent } = await agentFor(req.url);
  for (let attempt = 0; ; attempt++) {
    try {
      return await once(module, agent, req);
    } catch (error) {
      const stale =
        (error as { reusedSocket?: boolean; code?: string }).reusedSocket &&
        (error as { code?: string }).code === 'ECONNRESET';
      if (!stale || !req.idempotent || attempt > 0 || req.signal?.aborted) throw error;
    }
  }
}

function once(module: typeof http | typeof https, agent: http.Agent, req: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
    const request = module.request(
      req.url,
      { method: req.method, headers, agent, ...(req.signal ? { signal: req.signal } : {}) },
      (response) => {
        resolve({ status: response.statusCode ?? 0, headers: new ResponseHeaders(response.headers), body: response });
      },
    );
    request.on('error', (error: Error & { reusedSocket?: boolean }) => {
      error.reusedSocket = request.reusedSocket;
      reject(error);
    });
    request.end(req.body);
  });
}

/** A body larger than the bound a caller set for it. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`the response was larger than ${formatBytes(limitBytes)}`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads a whole body as UTF-8 text, refusing (and dropping the connection) past `limitBytes`. */
export function readText(body: IncomingMessage, limitBytes = 64 * 1_048_576): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        body.destroy(new BodyTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
    });
    body.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    body.on('error', reject);
  });
}

/** A body's text as JSON when it parses, else the text itself; `null` when empty. */
export function parseJsonOrText(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Drains and forgets a body we do not need, so the socket goes back to the keep-alive pool. */
export function discard(body: IncomingMessage): void {
  body.resume();
  body.on('error', () => undefined);
}

/** `1.5 MB`, `512 KB`: a size for people. */
export function formatBytes(bytes: number): string {
  return bytes >= 1_048_576
    ? `${Math.round((bytes / 1_048_576) * 10) / 10} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
