import { setTimeout as sleep } from 'node:timers/promises';

/** A signal that fires after `ms` or when `caller` does, and its release (listeners removed, timer cleared). */
export interface Bound {
  signal: AbortSignal;
  readonly timedOut: boolean;
  /** Stops the timer only (a stream that opened in time then lives until it ends or the caller aborts). */
  clearTimer(): void;
  /** Re-arms the timer to fire `ms` from now instead. */
  extend(ms: number): void;
  release(): void;
}

/**
 * Not `AbortSignal.any` over the caller's signal: that is the transport's lifelong one, which would then collect one
 * dependent signal per request for the whole session.
 */
export function boundSignal(
  ms: number,
  caller: AbortSignal | null | undefined,
  options: { releaseOnTimeout?: boolean } = {},
): Bound {
  const controller = new AbortController();
  let timedOut = false;
  const onCaller = () => controller.abort(caller?.reason);
  const release = () => {
    clearTimeout(timer);
    caller?.removeEventListener('abort', onCaller);
  };
  const fire = () => {
    timedOut = true;
    controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    if (options.releaseOnTimeout) release();
  };
  let timer = setTimeout(fire, ms);
  timer.unref();
  if (caller?.aborted) controller.abort(caller.reason);
  else caller?.addEventListener('abort', onCaller, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    clearTimer: () => clearTimeout(timer),
    extend: (next) => {
      clearTimeout(timer);
      timer = setTimeout(fire, next);
      timer.unref();
    },
    release,
  };
}

/** Waits `ms` (nothing when ≤ 0); false when `signal` fired meanwhile. */
export async function pause(ms: number, signal: AbortSignal | null | undefined): Promise<boolean> {
  if (ms > 0) await sleep(ms, undefined, { ...(signal ? { signal } : {}), ref: false }).catch(() => undefined);
  return !signal?.aborted;
}
