import process from 'node:process';
import type { Readable, Writable } from 'node:stream';
import { serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { isJsonRpcMessage } from '../upstream-mcp/jsonrpc-messages.js';

/** Largest accepted line (one JSON-RPC message), the SDK's own default. */
export const DEFAULT_MAX_FRAME_BYTES = 10 * 1024 * 1024;

type Id = string | number | null;

/**
 * The gateway's stdio transport: newline-delimited JSON-RPC on stdin/stdout, like the SDK's `StdioServerTransport`,
 * but a bad frame costs only that frame, and it is answered as JSON-RPC asks.
 *
 * Why not the SDK's (measured, SDK 1.32.2): one stdin line over 10 MiB makes its `ReadBuffer` throw, and the transport
 * then closes, so the gateway exits with code 0 and the assistant sees a clean exit; a line that is not JSON, or JSON
 * that is not JSON-RPC, is only passed to `onerror` and the client waits forever for an answer. Neither is an option.
 * Here:
 * - a line over `maxFrameBytes` is skipped (never buffered whole) and answered -32600, and the session goes on;
 * - invalid JSON → -32700 Parse error; valid JSON that is not a JSON-RPC message → -32600 (with its id when it has one);
 * - a batch (MCP dropped JSON-RPC batching in 2025-06-18) → -32600 for each request and each invalid element in it;
 * - any request but `initialize` and `ping` before `initialize` → -32600, not served.
 * Serialisation is the SDK's; a message is checked against the SDK's JSON-RPC schema without the zod union
 * (`isJsonRpcMessage`).
 */
export class GatewayStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly #stdin: Readable;
  readonly #stdout: Writable;
  readonly #maxFrameBytes: number;
  #chunks: Buffer[] = [];
  #pending = 0;
  #skipping = false;
  #initialized = false;
  #closed = false;

  constructor(options: { stdin?: Readable; stdout?: Writable; maxFrameBytes?: number } = {}) {
    this.#stdin = options.stdin ?? process.stdin;
    this.#stdout = options.stdout ?? process.stdout;
    this.#maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  }

  readonly #onData = (chunk: Buffer) => {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      this.#take(chunk.subarray(start, nl));
      this.#endFrame();
      start = nl + 1;
    }
    if (start < chunk.length) this.#take(chunk.subarray(start));
  };

  readonly #onError = (error: Error) => this.onerror?.(error);
  readonly #onEnd = () => void this.close();

  async start(): Promise<void> {
    this.#stdin.on('data', this.#onData);
    this.#stdin.on('error', this.#onError);
    this.#stdin.on('end', this.#onEnd);
  }

  /** Adds part of the current line, or starts skipping it once it is over the bound. */
  #take(part: Buffer): void {
    if (this.#skipping || part.length === 0) return;
    if (this.#pending + part.length > this.#maxFrameBytes) {
      this.#chunks = [];
      this.#pending = 0;
      this.#skipping = true;
      return;
    }
    this.#chunks.push(part);
    this.#pending += part.length;
  }

  #endFrame(): void {
    if (this.#skipping) {
      this.#skipping = false;
      this.#reject(
        null,
        ErrorCode.InvalidRequest,
        `Invalid Request: the message is larger than ${Math.round(this.#maxFrameBytes / 1024 / 1024)} MB and was not read. Send smaller messages (large data belongs in resources, not in one request).`,
      );
      return;
    }
    const line = Buffer.concat(this.#chunks, this.#pending).toString('utf8').replace(/\r$/, '');
    this.#chunks = [];
    this.#pending = 0;
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.#reject(
        null,
        ErrorCode.ParseError,
        'Parse error: the line is not valid JSON. Send one JSON-RPC message per line.',
      );
      return;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) this.#reject(null, ErrorCode.InvalidRequest, 'Invalid Request: an empty batch.');
      for (const item of value) {
        const id = requestId(item);
        // Requests get their own error; notifications need no answer; anything else is an invalid element (id null).
        if (id !== undefined)
          this.#reject(
            id,
            ErrorCode.InvalidRequest,
            'Invalid Request: JSON-RPC batches are not supported by MCP; send one message per line.',
          );
        else if (!isNotification(item))
          this.#reject(
            null,
            ErrorCode.InvalidRequest,
            'Invalid Request: a batch element that is not a JSON-RPC message.',
          );
      }
      return;
    }
    this.#dispatch(value);
  }

  #dispatch(value: unknown): void {
    // What the SDK's JSONRPCMessageSchema accepts, checked in one pass (the protocol layer and the request's own
    // schema parse it again right after); the message is passed on as it came.
    if (!isJsonRpcMessage(value)) {
      this.#reject(
        requestId(value) ?? null,
        ErrorCode.InvalidRequest,
        'Invalid Request: not a JSON-RPC 2.0 message (jsonrpc "2.0", a method, and an id for requests).',
      );
      return;
    }
    const message = value;
    if ('method' in message && 'id' in message) {
      if (message.method === 'initialize') this.#initialized = true;
      else if (!this.#initialized && message.method !== 'ping') {
        this.#reject(
          message.id,
          ErrorCode.InvalidRequest,
          `Invalid Request: '${message.method}' before initialize. Send initialize first.`,
        );
        return;
      }
    }
    this.onmessage?.(message);
  }

  #reject(id: Id, code: number, message: string): void {
    // JSON-RPC wants `id: null` when the id could not be read; the SDK's schema (rightly, for its own messages) does not.
    void this.#write(`${JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } })}\n`);
  }

  #write(text: string): Promise<void> {
    return new Promise((resolve) => {
      if (this.#closed) return resolve();
      if (this.#stdout.write(text)) resolve();
      else this.#stdout.once('drain', resolve);
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.#write(serializeMessage(message));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stdin.off('data', this.#onData);
    this.#stdin.off('error', this.#onError);
    this.#stdin.off('end', this.#onEnd);
    if (this.#stdin.listenerCount('data') === 0) this.#stdin.pause();
    this.#chunks = [];
    this.onclose?.();
  }
}

/** The id of something that looks like a request (has a method and a string or number id). */
function requestId(value: unknown): string | number | undefined {
  if (typeof value !== 'object' || value === null || !('method' in value) || !('id' in value)) return undefined;
  const id = (value as { id: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}

function isNotification(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { method?: unknown }).method === 'string' &&
    !('id' in value)
  );
}
