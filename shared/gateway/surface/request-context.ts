import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Progress, RequestMeta, ServerNotification } from '@modelcontextprotocol/sdk/types.js';

/** What an assistant's surface request (prompt get, resource read, completion) carried besides its parameters. */
export interface SurfaceRequestContext {
  /** The assistant's cancellation (the SDK then sends `notifications/cancelled` upstream). */
  signal?: AbortSignal;
  /** The request's `_meta`: progress token, trace ids and anything else the client sent along. */
  meta?: RequestMeta;
  /** Sends a notification to the assistant's client, tied to its request (relayed progress). */
  sendNotification?: (notification: ServerNotification) => Promise<void>;
}

/**
 * The client's `_meta` for the upstream request, as for tool calls: everything but the progress token, which the SDK
 * replaces with its own (progress is relayed back under the client's token by `ProgressRelay`).
 */
export function forwardedMeta(meta: RequestMeta | undefined): { _meta?: Record<string, unknown> } {
  if (!meta) return {};
  const { progressToken: _own, ...rest } = meta;
  return Object.keys(rest).length > 0 ? { _meta: rest } : {};
}

/**
 * Relays the upstream's progress to the assistant under the client's own progress token (messages masked by `mask`);
 * relays nothing when the client asked for no progress.
 */
export class ProgressRelay {
  readonly #inFlight = new Set<Promise<void>>();
  readonly #options: Pick<RequestOptions, 'onprogress'>;

  constructor(context: SurfaceRequestContext | undefined, mask: (text: string) => string) {
    const progressToken = context?.meta?.progressToken;
    const notify = context?.sendNotification;
    this.#options =
      progressToken === undefined || !notify
        ? {}
        : {
            onprogress: (progress: Progress) => {
              const sent = notify({
                method: 'notifications/progress',
                params: {
                  progressToken,
                  progress: progress.progress,
                  ...(progress.total !== undefined ? { total: progress.total } : {}),
                  ...(typeof progress.message === 'string' ? { message: mask(progress.message) } : {}),
                },
              }).catch(() => undefined);
              this.#inFlight.add(sent);
              void sent.then(() => this.#inFlight.delete(sent));
            },
          };
  }

  /** The SDK request option that relays (none without a client progress token). */
  get options(): Pick<RequestOptions, 'onprogress'> {
    return this.#options;
  }

  /** Resolves once every relayed notification was sent: the answer must not overtake its progress (clients drop it then). */
  async settled(): Promise<void> {
    await Promise.all(this.#inFlight);
  }
}
