import type { RequestMeta, ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import { ProgressRelay } from '../relay/progress-relay.js';

export { forwardedMeta } from '../relay/progress-relay.js';

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
 * The relay of a surface request's progress: the upstream's progress goes back to the assistant under the client's
 * own token, as for tool calls (`relay/progress-relay.ts`).
 */
export function surfaceProgressRelay(
  context: SurfaceRequestContext | undefined,
  mask: (text: string) => string,
): ProgressRelay {
  return new ProgressRelay(context?.meta?.progressToken, context?.sendNotification, mask);
}
