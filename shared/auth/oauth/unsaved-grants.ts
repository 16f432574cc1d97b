import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../../connections/core.js';
import { UpstreamError } from '../../errors.js';
import { homePaths } from '../../paths.js';
import type { SecretStore } from '../../secrets/secret-store.js';
import { ensurePrivateDir } from '../../util/file-lock.js';
import type { StoredGrant } from './grant-store.js';

/**
 * Grants a refresh produced that the keychain would not take yet, per secret store (i.e. per process and core).
 * The server rotated the refresh token, so the keychain's copy is spent: this copy is the only live one. Readers in
 * this process get it instead of the keychain's (`readGrant`), and it is written again in the background until the
 * keychain takes it.
 */
const unsaved = new WeakMap<SecretStore, Map<string, UnsavedGrant>>();

interface UnsavedGrant {
  grant: StoredGrant;
  /** The refresh token of the grant the keychain held when saving first failed (to tell whether it changed since). */
  keychainRefreshToken: string | undefined;
}

/** The newest grant of a connection this process holds but could not save yet, if any. */
export function unsavedGrant(secrets: SecretStore, connectionId: string): StoredGrant | undefined {
  return unsaved.get(secrets)?.get(connectionId)?.grant;
}

/** Drops the unsaved grant of a connection (it was saved, replaced by a sign-in, or deleted). */
export function forgetUnsavedGrant(secrets: SecretStore, connectionId: string, only?: StoredGrant): void {
  const grants = unsaved.get(secrets);
  if (!grants || (only && grants.get(connectionId)?.grant !== only)) return;
  grants.delete(connectionId);
}

/**
 * Keeps a grant the keychain refused in memory, replacing an older unsaved one. `keychainRefreshToken` is the
 * refresh token the keychain holds now; returns the one it held when the first of a run of unsaved grants was kept.
 */
export function keepUnsavedGrant(
  secrets: SecretStore,
  connectionId: string,
  grant: StoredGrant,
  keychainRefreshToken: string | undefined,
): string | undefined {
  let grants = unsaved.get(secrets);
  if (!grants) unsaved.set(secrets, (grants = new Map()));
  const base = grants.get(connectionId)?.keychainRefreshToken ?? keychainRefreshToken;
  grants.set(connectionId, { grant, keychainRefreshToken: base });
  return base;
}

/**
 * A record, next to the locks, of refresh tokens that were spent (the server rotated them) while the keychain still
 * holds them because the new grant could not be saved: `{ pid, digests }`. Another process that reads the spent
 * token from the keychain must not send it: servers take a reused rotating refresh token as stolen and revoke the
 * whole grant. Only a SHA-256 digest of the spent token is written; the file is deleted once the grant is saved.
 */
interface SpentRecord {
  pid: number;
  digests: string[];
}

function spentFile(home: string, connectionId: string): string {
  const { locks } = homePaths(home);
  ensurePrivateDir(locks);
  return path.join(locks, `oauth-spent-${connectionId}.json`);
}

function digest(refreshToken: string): string {
  return crypto.createHash('sha256').update(refreshToken).digest('base64url');
}

function readSpent(home: string, connectionId: string): SpentRecord | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(spentFile(home, connectionId), 'utf8')) as Partial<SpentRecord>;
    if (typeof parsed.pid !== 'number' || !Array.isArray(parsed.digests)) return undefined;
    return { pid: parsed.pid, digests: parsed.digests.filter((d): d is string => typeof d === 'string') };
  } catch {
    return undefined;
  }
}

/** Records that `refreshToken` is spent and this process holds the grant that replaced it (call under the refresh lock). */
export function recordSpentRefreshToken(home: string, connectionId: string, refreshToken: string): void {
  const previous = readSpent(home, connectionId);
  const digests = [...(previous?.pid === process.pid ? previous.digests : []), digest(refreshToken)].slice(-8);
  const file = spentFile(home, connectionId);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify({ pid: process.pid, digests }), { mode: 0o600 });
  fs.renameSync(temporary, file);
}

/** Deletes the spent record once the keychain holds a grant with a live refresh token again. */
export function clearSpentRefreshTokens(home: string, connectionId: string): void {
  fs.rmSync(spentFile(home, connectionId), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * What to do with a refresh token about to be sent: `send`, or (it is spent) `wait` while the process that holds
 * its replacement is alive and still trying to save it, or `lost` when that process is gone with the only copy.
 */
export function spentRefreshTokenState(
  home: string,
  connectionId: string,
  refreshToken: string,
): 'send' | 'wait' | 'lost' {
  const record = readSpent(home, connectionId);
  if (!record || !record.digests.includes(digest(refreshToken))) return 'send';
  return isAlive(record.pid) ? 'wait' : 'lost';
}

/** The error for a refresh token that is spent while its replacement is still being saved by another process. */
export function replacementNotSavedError(label: string): UpstreamError {
  return new UpstreamError(
    'network',
    `Another Bridgekeeper process renewed the sign-in for '${label}' but could not save it to the keychain yet.`,
    'Try again in a minute; if the keychain stays unreachable, unlock it (or restart its service).',
  );
}

/** Retry delays of the background save of an unsaved grant: 1 s doubling to one minute. */
const SAVE_RETRY_MS = { first: 1_000, max: 60_000 };

/**
 * Saves `grant` in the background until the keychain takes it or a newer grant replaces it. `save` runs under the
 * refresh lock and must check that `grant` is still the kept one (`unsavedGrant`) and that nothing replaced the
 * keychain's grant meanwhile (a new sign-in, a removal): then it returns `superseded` and the kept copy is dropped.
 */
export function saveInBackground(
  core: Core,
  connectionId: string,
  grant: StoredGrant,
  save: () => Promise<'saved' | 'superseded'>,
  delayMs = SAVE_RETRY_MS.first,
): void {
  const timer = setTimeout(() => {
    if (unsavedGrant(core.secrets, connectionId) !== grant) return;
    save().then(
      () => {
        if (unsavedGrant(core.secrets, connectionId) !== grant) return;
        forgetUnsavedGrant(core.secrets, connectionId, grant);
        clearSpentRefreshTokens(core.home, connectionId);
      },
      () => saveInBackground(core, connectionId, grant, save, Math.min(delayMs * 2, SAVE_RETRY_MS.max)),
    );
  }, delayMs);
  timer.unref();
}
