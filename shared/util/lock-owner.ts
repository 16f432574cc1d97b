import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asOwner, currentOwner, ownerIsGone, type ProcessOwner } from './process-owner.js';

/**
 * Owner records for proper-lockfile's lock folders, so a lock left by a killed process is taken over at once.
 *
 * Why: proper-lockfile only knows a lock is abandoned when its mtime is older than `stale`, which it floors at
 * 2 s (we use 10 s, so a busy event loop is not mistaken for a crash). Measured before this file existed: after
 * `kill -9` of a store writer, the next write (e.g. a gateway recording a 401) waited ~10 s. With the owner check
 * the takeover happens on the first attempt (a few ms; see test/integration/store-lock.test.ts).
 *
 * How: `lockFs` is the `fs` handed to proper-lockfile.
 * - Taking: its `mkdir` builds the lock in a side folder `<lock>.new-<host>-<pid>-<nonce>` holding the `owner`
 *   record (pid, host, nonce), then renames it to `<lock>`. The rename is atomic and fails when `<lock>` exists, so
 *   a lock folder never exists without its owner record, whenever the process is killed. (The first version made
 *   the folder and then wrote the record: a kill between the two, or between removing the record and the folder on
 *   release, left an anonymous lock that cost the next writer the full 10 s; 5 of 120 kills in the proof suite.)
 * - Checking: its `stat` of a held lock first checks whether the owner process is gone (same host, `kill(pid, 0)`
 *   says ESRCH) and, if so, claims the dead lock by renaming it to `<lock>.dead-…` (atomic: one contender wins),
 *   re-reads the owner to make sure it moved that very lock, removes it and reports ENOENT, which makes
 *   proper-lockfile retry the `mkdir` at once. Anything uncertain (no owner record, another host, the pid alive or
 *   reused, a zombie) falls back to the mtime rule.
 * - Releasing: its `rmdir` renames the lock to `<lock>.gone-…` first (atomic), then removes it.
 * - Side folders left by a process killed mid-step are harmless (no one waits on them) and are swept, when their
 *   process is gone, when this process takes that lock (at most once a minute: a readdir of a small folder).
 */
const OWNER_FILE = 'owner';

/** Short tag of this computer's name, in side-folder names, so a folder shared by two computers is never swept wrongly. */
const hostTag = crypto.createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);
const SIDE_FOLDER = /\.(?:new|dead|gone)-([0-9a-f]{8})-(\d+)-[0-9a-f]+$/;

function sideFolder(lockDir: string, kind: 'new' | 'dead' | 'gone'): string {
  return `${lockDir}.${kind}-${hostTag}-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
}

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
  const claimed = sideFolder(lockDir, 'dead');
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

const SWEEP_EVERY_MS = 60_000;
const lastSweep = new Map<string, number>();

/** Removes side folders of `lockDir` whose process is gone (at most once a minute per lock per process). */
export function sweepSideFolders(lockDir: string): void {
  const now = Date.now();
  if (now - (lastSweep.get(lockDir) ?? -Infinity) < SWEEP_EVERY_MS) return;
  lastSweep.set(lockDir, now);
  const prefix = `${path.basename(lockDir)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(path.dirname(lockDir));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = SIDE_FOLDER.exec(name.slice(prefix.length - 1));
    if (!match || match[1] !== hostTag || !ownerIsGone({ pid: Number(match[2]), host: os.hostname() })) continue;
    fs.rmSync(path.join(path.dirname(lockDir), name), { recursive: true, force: true });
  }
}

function ownerRecord(): string {
  return JSON.stringify({ ...currentOwner(), nonce: crypto.randomBytes(8).toString('hex') });
}

function lockExists(lockDir: string, error: NodeJS.ErrnoException): NodeJS.ErrnoException {
  // Linux and macOS say ENOTEMPTY or EEXIST when the target is a folder with files in it; Windows says EPERM.
  const taken = error.code === 'ENOTEMPTY' || error.code === 'EEXIST' || fs.existsSync(lockDir);
  return taken ? Object.assign(new Error(`EEXIST: lock is held, '${lockDir}'`), { code: 'EEXIST' }) : error;
}

function enoent(lockDir: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOENT: dead lock taken over, '${lockDir}'`), { code: 'ENOENT' });
}

type Callback<T = void> = (error: NodeJS.ErrnoException | null, value?: T) => void;

/** The `fs` proper-lockfile uses for Bridgekeeper's locks (see the file comment). */
export const lockFs = {
  ...fs,
  mkdir(dir: string, callback: Callback): void {
    try {
      lockFs.mkdirSync(dir);
    } catch (error) {
      return callback(error as NodeJS.ErrnoException);
    }
    callback(null);
  },
  mkdirSync(dir: string): void {
    const staging = sideFolder(dir, 'new');
    fs.mkdirSync(staging, { mode: 0o700 });
    try {
      fs.writeFileSync(path.join(staging, OWNER_FILE), ownerRecord(), { mode: 0o600 });
      fs.renameSync(staging, dir);
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw lockExists(dir, error as NodeJS.ErrnoException);
    }
    sweepSideFolders(dir);
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
    try {
      lockFs.rmdirSync(dir);
    } catch (error) {
      return callback(error as NodeJS.ErrnoException);
    }
    callback(null);
  },
  rmdirSync(dir: string): void {
    const gone = sideFolder(dir, 'gone');
    fs.renameSync(dir, gone);
    fs.rmSync(gone, { recursive: true, force: true });
  },
};
