import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

/** Requests an upstream is waiting on the assistant for (sampling, elicitation, roots), per upstream client. */
const relaying = new WeakMap<Client, { count: number; idle: Set<() => void> }>();

/** Marks one relayed request as under way on `client`'s session; call the returned function when it is answered. */
export function relayStarted(client: Client): () => void {
  let state = relaying.get(client);
  if (!state) relaying.set(client, (state = { count: 0, idle: new Set() }));
  state.count++;
  let done = false;
  const current = state;
  return () => {
    if (done) return;
    done = true;
    current.count--;
    if (current.count === 0) for (const resume of [...current.idle]) resume();
  };
}

/**
 * The time bound of one upstream call, measured without news: it restarts on progress, and stands still while the
 * upstream waits for the assistant's client (a person answering an elicitation or reviewing a sampling request is
 * not a slow upstream). `signal` aborts when it runs out, or when the caller cancels (`cancel`); `timedOut` tells the
 * two apart.
 */
export class CallDeadline {
  readonly #controller = new AbortController();
  readonly #client: Client;
  readonly #timeoutMs: number;
  #timer: NodeJS.Timeout | undefined;
  #resume: (() => void) | undefined;
  #timedOut = false;

  constructor(client: Client, timeoutMs: number) {
    this.#client = client;
    this.#timeoutMs = timeoutMs;
    this.#arm();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get timedOut(): boolean {
    return this.#timedOut;
  }

  /** The error to report when the bound ran out (the SDK's request-timeout error, like its own timeouts). */
  error(): McpError {
    return new McpError(ErrorCode.RequestTimeout, 'Request timed out', { timeout: this.#timeoutMs });
  }

  /** The caller cancelled: `signal` aborts with `reason` (and `timedOut` stays false). */
  cancel(reason: unknown): void {
    this.dispose();
    this.#controller.abort(reason);
  }

  /** News from the upstream (progress): the bound starts again. */
  restart(): void {
    if (this.#timer) this.#arm();
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#resume) relaying.get(this.#client)?.idle.delete(this.#resume);
  }

  #arm(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#expire(), this.#timeoutMs);
  }

  #expire(): void {
    const state = relaying.get(this.#client);
    if (state && state.count > 0) {
      // Waiting for the person: start counting again once every relayed request is answered.
      const resume = () => {
        state.idle.delete(resume);
        this.#resume = undefined;
        this.#arm();
      };
      this.#resume = resume;
      state.idle.add(resume);
      return;
    }
    this.#timer = undefined;
    this.#timedOut = true;
    this.#controller.abort(this.error());
  }
}
