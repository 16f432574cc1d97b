import fs from 'node:fs';
import path from 'node:path';
import type { Core } from './core.js';
import { allSecretAccounts } from '../secrets/secret-store.js';
import { ensurePrivateDir } from '../util/file-lock.js';
import { asOwner, currentOwner, ownerIsGone } from '../util/process-owner.js';

/**
 * A journal of keychain writes for connections not yet in the store, so a process killed between the two
 * (kill -9 during `connections add`) leaves no secret behind for good:
 * 1. `recordPendingSecret` writes `<home>/pending/<id>.json` (owner pid and host) before the keychain write;
 * 2. the connection is saved in the store; 3. the record is removed.
 * `sweepOrphanedSecrets` finishes what a dead process left: if its connection reached the store, only the record
 * goes (never a connection's secret); otherwise the connection's keychain entries go, then the record. Records of
 * live processes are left alone (their add is still running); records from another computer after a day.
 */
const FOREIGN_HOST_AFTER_MS = 24 * 60 * 60 * 1000;
/** A record that cannot be parsed was cut short while being written (before any keychain write). */
const UNREADABLE_AFTER_MS = 60_000;

function pendingDir(home: string): string {
  return path.join(home, 'pending');
}

function recordPath(home: string, connectionId: string): string {
  return path.join(pendingDir(home), `${connectionId}.json`);
}

/** Records that `connectionId` is about to get keychain entries; returns the function that clears the record. */
export function recordPendingSecret(home: string, connectionId: string): () => void {
  ensurePrivateDir(pendingDir(home));
  const file = recordPath(home, connectionId);
  const fd = fs.openSync(file, 'wx', 0o600);
  try {
    fs.writeSync(fd, JSON.stringify({ id: connectionId, ...currentOwner(), at: new Date().toISOString() }));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return () => fs.rmSync(file, { force: true });
}

/** Whether the record's writer may still be working on it. */
function mayStillRun(file: string): boolean {
  let text: string;
  let age: number;
  try {
    text = fs.readFileSync(file, 'utf8');
    age = Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return true; // gone meanwhile: another sweep (or its writer) dealt with it
  }
  let owner;
  try {
    owner = asOwner(JSON.parse(text));
  } catch {
    owner = undefined;
  }
  if (!owner) return age < UNREADABLE_AFTER_MS;
  if (ownerIsGone(owner)) return false;
  return owner.host === currentOwner().host || age < FOREIGN_HOST_AFTER_MS;
}

/**
 * Removes keychain entries left by `connections add` runs that died before saving their connection. Returns the
 * connection ids it cleaned. Never throws for a keychain it cannot reach: the record stays for the next sweep.
 */
export async function sweepOrphanedSecrets(core: Pick<Core, 'home' | 'store' | 'secrets'>): Promise<string[]> {
  let names: string[];
  try {
    names = fs.readdirSync(pendingDir(core.home));
  } catch {
    return [];
  }
  const cleaned: string[] = [];
  for (const name of names) {
    const id = /^(c_[a-z0-9]+)\.json$/.exec(name)?.[1];
    if (!id) continue;
    const file = recordPath(core.home, id);
    if (mayStillRun(file)) continue;
    try {
      if (!core.store.hasEntry(id)) {
        for (const account of allSecretAccounts(id)) await core.secrets.delete(account);
        cleaned.push(id);
      }
      fs.rmSync(file, { force: true });
    } catch {
      // Keychain or store unreachable: keep the record and try again next time.
    }
  }
  return cleaned;
}
