import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Progress, ProgressToken, RequestMeta, ServerNotification } from '@modelcontextprotocol/sdk/types.js';

/**
 * The client's `_meta` for the upstream request (trace ids and anything else it sent along): everything but the
 * progress token, which the SDK replaces with its own (`ProgressRelay` relays the upstream's progress back under the
 * client's token).
 */
export function forwardedMeta(meta: RequestMeta | undefined): { _meta?: Record<string, unknown> } {
  if (!meta) return {};
  const { progressToken: _own, ...rest } = meta;
  return Object.keys(rest).length > 0 ? { _meta: rest } : {};
}

/**
 * Relays an upstream request's progress to the assistant's client under the client's own progress token (messages
 * masked by `mask`), for tool calls and for prompt gets, resource reads and completions alike. Inactive (relays
 * nothing) when the client asked for no progress or cannot be sent notifications.
 */
export class ProgressRelay {
  readonly #token: ProgressToken | undefined;
  readonly #notify: ((notification: ServerNotification) => Promise<void>) | undefined;
  readonly #mask: (text: string) => string;
  readonly #inFlight = new Set<Promise<void>>();
  #lastSentAt = 0;

  constructor(
    token: ProgressToken | undefined,
    notify: ((notification: ServerNotification) => Promise<void>) | undefined,
    mask: (text: string) => string,
  ) {
    this.#token = token;
    this.#notify = notify;
    this.#mask = mask;
  }

  /** True when progress is relayed (the client gave a progress token and can be sent notifications). */
  get active(): boolean {
    return this.#token !== undefined && this.#notify !== undefined;
  }

  /** Relays one progress notification (nothing when inactive). */
  send(progress: Progress): void {
    const token = this.#token;
    const notify = this.#notify;
    if (token === undefined || !notify) return;
    const sent = notify({
      method: 'notifications/progress',
      params: {
        progressToken: token,
        progress: progress.progress,
        ...(progress.total !== undefined ? { total: progress.total } : {}),
        ...(typeof progress.message === 'string' ? { message: this.#mask(progress.message) } : {}),
      },
    }).catch(() => undefined);
    this.#inFlight.add(sent);
    void sent.then(() => {
      this.#inFlight.delete(sent);
      this.#lastSentAt = performance.now();
    });
  }

  /** The SDK request option that relays (none when inactive). */
  get options(): Pick<RequestOptions, 'onprogress'> {
    return this.active ? { onprogress: (progress: Progress) => this.send(progress) } : {};
  }

  /** Resolves once every relayed notification was sent: the answer must not overtake its progress (clients drop it then). */
  async settled(): Promise<void> {
    await Promise.all(this.#inFlight);
  }

  /** When the last relayed notification was written (`performance.now()`), 0 when none was. */
  get lastSentAt(): number {
    return this.#lastSentAt;
  }
}
