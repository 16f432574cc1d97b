import fs from 'node:fs';
import lockfile from 'proper-lockfile';
import { StoreError } from '../errors.js';

/**
 * Runs `fn` while holding a cross-process lock on `file` (a `<file>.lock` directory, via proper-lockfile).
 * Stale locks from crashed processes are broken after `staleMs`. Used for store writes and OAuth refresh.
 */
export async function withFileLock<T>(file: string, fn: () => Promise<T> | T, options: { staleMs?: number; waitMs?: number } = {}): Promise<T> {
  const staleMs = options.staleMs ?? 10_000;
  const deadline = Date.now() + (options.waitMs ?? 30_000);
  let release: (() => Promise<void>) | undefined;
  while (!release) {
    try {
      release = await lockfile.lock(file, { realpath: false, stale: staleMs, update: Math.floor(staleMs / 2) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') {
        throw new StoreError('store_io', `Could not lock ${file}: ${(error as Error).message}.`, 'Check that the folder exists and is writable.', { cause: error });
      }
      if (Date.now() > deadline) {
        throw new StoreError('store_locked', `Another Bridgekeeper process has held ${file} locked for too long.`, 'Close other Bridgekeeper windows or gateways and try again.');
      }
      await new Promise((r) => setTimeout(r, 2 + Math.random() * 8));
    }
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}

/** Makes sure a folder exists with owner-only permissions. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}
