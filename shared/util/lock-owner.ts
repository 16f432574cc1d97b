import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { asOwner, currentOwner, ownerIsGone, type ProcessOwner } from './process-owner.js';

/**
 * Owner records for proper-lockfile's lock folders, so a lock left by a killed process is taken over at once.
 *
 * Why: proper-lockfile only knows a lock is abandoned when its mtime is older than `stale`, which it floors at
 * 2 s (we use 10 s, so a busy event loop is not mistaken for a crash). Measured before this file existed: after
 * `kill -9` of a store writer, the next write (e.g. a gateway recording a 401) waited ~10 s. With the owner check
 * the takeover happens on the first attempt (a few ms; see test/integration/store-lock-takeover.test.ts).
 *
 * How: `lockFs` is the `fs` handed to proper-lockfile. Its `mkdir` writes `owner` (pid, host, random nonce) into
 * the new lock folder before proper-lockfile stamps the folder's mtime; its `stat` of a held lock first checks
 * whether the owner process is gone (same host, `kill(pid, 0)` says ESRCH) and, if so, claims the dead lock by
 * renaming it away (atomic: one contender wins), re-reads the owner to make sure it moved that very lock, removes
 * it and reports ENOENT, which makes proper-lockfile retry the `mkdir` at once. Anything uncertain (no owner file,
 * another host, the pid alive or reused, a zombie) falls back to the mtime rule. Its `rmdir` removes the folder
 * with its owner file.
 */
const OWNER_FILE = 'owner';

function readOwnerText(lockDir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(lockDir, OWNER_FILE), 'utf8');
  } catch {
    return undefined;
  }
}

function parseOwner(text: string): ProcessOwner | undefined {
  try {
    return asOwner(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** Removes `lockDir` if its owner process is gone; true when it did. */
export function takeOverDeadLock(lockDir: string): boolean {
  const text = readOwnerText(lockDir);
  const owner = text === undefined ? undefined : parseOwner(text);
  if (!owner || !ownerIsGone(owner)) return false;
  const claimed = `${lockDir}.dead-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(lockDir, claimed);
  } catch {
    return false; // another process took it over first
  }
  if (readOwnerText(claimed) !== text) {
    // Between our check and the rename another process took over and locked again: give that lock back.
    try {
      fs.renameSync(claimed, lockDir);
      return false;
    } catch {
      // Its holder will see its lock compromised and fail that one operation cleanly.
    }
  }
  fs.rmSync(claimed, { recursive: true, force: true });
  return true;
}

function writeOwner(lockDir: string): void {
  const owner = { ...currentOwner(), nonce: crypto.randomBytes(8).toString('hex') };
  try {
    fs.writeFileSync(path.join(lockDir, OWNER_FILE), JSON.stringify(owner), { mode: 0o600 });
  } catch {
    // Without an owner file the lock is still valid; only the fast takeover is lost.
  }
}

function enoent(lockDir: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOENT: dead lock taken over, '${lockDir}'`), { code: 'ENOENT' });
}

type Callback<T = void> = (error: NodeJS.ErrnoException | null, value?: T) => void;

/** The `fs` proper-lockfile uses for Bridgekeeper's locks (see the file comment). */
export const lockFs = {
  ...fs,
  mkdir(dir: string, callback: Callback): void {
    fs.mkdir(dir, (error) => {
      if (!error) writeOwner(dir);
      callback(error);
    });
  },
  mkdirSync(dir: string): void {
    fs.mkdirSync(dir);
    writeOwner(dir);
  },
  stat(file: string, callback: Callback<fs.Stats>): void {
    if (takeOverDeadLock(file)) return callback(enoent(file));
    fs.stat(file, callback);
  },
  statSync(file: string): fs.Stats {
    if (takeOverDeadLock(file)) throw enoent(file);
    return fs.statSync(file);
  },
  rmdir(dir: string, callback: Callback): void {
    fs.rm(dir, { recursive: true, force: true }, (error) => callback(error));
  },
  rmdirSync(dir: string): void {
    fs.rmSync(dir, { recursive: true, force: true });
  },
};
