import path from 'node:path';
import { ensurePrivateDir, withFileLock } from '../../util/file-lock.js';
import { homePaths } from '../../paths.js';

/** Lock timings: a crashed refresher's lock is broken after `staleMs`; waiters give up after `waitMs`. */
export const REFRESH_LOCK = { staleMs: 20_000, waitMs: 60_000 } as const;

/** The per-connection lock file serialising OAuth refreshes across processes (app, CLI, every gateway). */
export function refreshLockFile(home: string, connectionId: string): string {
  const { locks } = homePaths(home);
  ensurePrivateDir(locks);
  return path.join(locks, `oauth-refresh-${connectionId}`);
}

/** Runs `fn` holding the connection's refresh lock. */
export function withRefreshLock<T>(home: string, connectionId: string, fn: () => Promise<T>): Promise<T> {
  return withFileLock(refreshLockFile(home, connectionId), fn, REFRESH_LOCK);
}

/**
 * Takes the refresh lock and keeps it until `release()` is called (or `leaseMs` passes), for a refresh the
 * MCP SDK performs between two provider callbacks.
 */
export async function holdRefreshLock(home: string, connectionId: string, leaseMs = 30_000): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let acquired!: () => void;
  const isAcquired = new Promise<void>((resolve) => (acquired = resolve));
  const held = withRefreshLock(home, connectionId, async () => {
    acquired();
    await released;
  });
  // If the lock is later lost (compromised), `held` rejects after we returned: nobody awaits it then.
  held.catch(() => undefined);
  await Promise.race([isAcquired, held]);
  const timer = setTimeout(release, leaseMs);
  timer.unref();
  return () => {
    clearTimeout(timer);
    release();
  };
}
