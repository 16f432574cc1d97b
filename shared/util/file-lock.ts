import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { StoreError } from '../errors.js';
import { lockFs } from './lock-owner.js';

/** Timings of one lock: a crashed holder's lock is broken after `staleMs`; waiters give up after `waitMs`. */
export interface FileLockOptions {
  /** Age (of the lock's mtime) after which a lock is stale. proper-lockfile's floor is 2 s. Default 10 s. */
  staleMs?: number;
  /** How long to wait for a lock held by a live process before failing with `store_locked`. Default 30 s. */
  waitMs?: number;
}

/** Backoff between attempts, via proper-lockfile's `retries` (the `retry` package): 5 ms doubling to 100 ms, jittered. */
function retriesFor(waitMs: number) {
  return {
    retries: Math.ceil(waitMs / 50) + 10,
    factor: 2,
    minTimeout: 5,
    maxTimeout: 100,
    randomize: true,
    maxRetryTime: waitMs,
  };
}

/** Files this process holds or is acquiring through `withFileLock` (a synchronous waiter must not block the event loop on them). */
const heldHere = new Map<string, number>();

function lockedTooLong(file: string): StoreError {
  return new StoreError(
    'store_locked',
    `Another Bridgekeeper process has held ${file} locked for too long.`,
    'Close other Bridgekeeper windows or gateways and try again.',
  );
}

function cannotLock(file: string, error: unknown): StoreError {
  return new StoreError(
    'store_io',
    `Could not lock ${file}: ${(error as Error).message}.`,
    'Check that the folder exists and is writable.',
    { cause: error },
  );
}

/** The error an operation fails with when its lock was taken away while it ran (lock folder removed or touched). */
export function lockLostError(file: string, cause?: unknown): StoreError {
  return new StoreError(
    'store_lock_lost',
    `The lock on ${file} was lost while this operation held it (another process or a clean-up tool removed or changed ${file}.lock), so it was stopped.`,
    'Try again. If it keeps happening, check that nothing else deletes files in the Bridgekeeper folder.',
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Runs `fn` while holding a cross-process lock on `file` (a `<file>.lock` folder, via proper-lockfile).
 * - Waiting uses proper-lockfile's own `retries` with exponential backoff (5 → 100 ms), up to `waitMs`.
 * - A lock whose owner process is gone (same host) is taken over at once (see `lock-owner.ts`); any other
 *   stale lock after `staleMs`.
 * - If the lock is compromised while `fn` runs, only this call fails (with `store_lock_lost`); the process lives on.
 */
export async function withFileLock<T>(
  file: string,
  fn: () => Promise<T> | T,
  options: FileLockOptions = {},
): Promise<T> {
  const staleMs = options.staleMs ?? 10_000;
  const waitMs = options.waitMs ?? 30_000;
  let lost!: (error: StoreError) => void;
  const compromised = new Promise<never>((_resolve, reject) => (lost = reject));
  compromised.catch(() => undefined);
  const lockOptions = {
    realpath: false,
    stale: staleMs,
    fs: lockFs,
    onCompromised: (error: Error) => lost(lockLostError(file, error)),
  };
  const key = path.resolve(file);
  heldHere.set(key, (heldHere.get(key) ?? 0) + 1);
  let release: (() => Promise<void>) | undefined;
  try {
    try {
      // One quick attempt first, so an unwritable folder fails at once instead of after every retry.
      release = await lockfile.lock(file, lockOptions);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw cannotLock(file, error);
      try {
        release = await lockfile.lock(file, { ...lockOptions, retries: retriesFor(waitMs) });
      } catch (retryError) {
        throw (retryError as NodeJS.ErrnoException).code === 'ELOCKED'
          ? lockedTooLong(file)
          : cannotLock(file, retryError);
      }
    }
    const running = Promise.resolve().then(fn);
    running.catch(() => undefined);
    return await Promise.race([running, compromised]);
  } finally {
    await release?.().catch(() => undefined);
    const count = (heldHere.get(key) ?? 1) - 1;
    if (count > 0) heldHere.set(key, count);
    else heldHere.delete(key);
  }
}

/**
 * The synchronous form, for the rare paths that must stay synchronous (recovering a damaged store inside
 * `ConnectionStore.read()`). proper-lockfile's sync API allows no retries, so this waits between attempts
 * with `Atomics.wait` (5 → 100 ms backoff). `fn` must be synchronous, so the lock cannot be compromised while it runs.
 */
export function withFileLockSync<T>(file: string, fn: () => T, options: FileLockOptions = {}): T {
  if (heldHere.has(path.resolve(file))) {
    // Waiting here would block the event loop that must release it: a deadlock. The holder is mid-write; try later.
    throw new StoreError(
      'store_locked',
      `${file} is being written by this process right now.`,
      'Try again in a moment.',
    );
  }
  const staleMs = options.staleMs ?? 10_000;
  const deadline = Date.now() + (options.waitMs ?? 30_000);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let delay = 5;
  let release: (() => void) | undefined;
  while (!release) {
    try {
      release = lockfile.lockSync(file, {
        realpath: false,
        stale: staleMs,
        fs: lockFs,
        onCompromised: () => undefined,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw cannotLock(file, error);
      if (Date.now() > deadline) throw lockedTooLong(file);
      sleepSync(pause, delay * (1 + Math.random()));
      delay = Math.min(delay * 2, 100);
    }
  }
  try {
    return fn();
  } finally {
    try {
      release();
    } catch {
      // Already released (e.g. removed by hand): nothing left to undo.
    }
  }
}

/** Blocks for `ms`; a busy wait where `Atomics.wait` is not allowed on this thread. */
function sleepSync(cell: Int32Array, ms: number): void {
  try {
    Atomics.wait(cell, 0, 0, ms);
  } catch {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      // spin
    }
  }
}

/** Makes sure a folder exists with owner-only permissions. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}
