import type { Core } from '../../connections/core.js';
import { needsSignInError } from './errors.js';
import { markNeedsSignIn } from './connection-facts.js';
import { readStoredGrant, type StoredGrant, writeGrant, writeRotatedGrant } from './grant-store.js';
import { withRefreshLock } from './refresh-lock.js';
import {
  forgetUnsavedGrant,
  keepUnsavedGrant,
  recordSpentRefreshToken,
  replacementNotSavedError,
  saveInBackground,
  spentRefreshTokenState,
  unsavedGrant,
} from './unsaved-grants.js';

/**
 * Saves the grant a refresh just produced (call holding the refresh lock). `spentRefreshToken` is the refresh token
 * that was sent: if the server rotated it, the keychain's copy is now spent. When the keychain will not take the new
 * grant even after a few quick retries, the grant is kept in this process's memory (every reader here gets it),
 * the spent token is recorded so no other process sends it, and saving goes on in the background. It never throws
 * for a failed write: the refresh succeeded and its access token is good.
 */
export async function saveRotatedGrant(
  core: Core,
  connectionId: string,
  grant: StoredGrant,
  spentRefreshToken: string | undefined,
): Promise<void> {
  try {
    await writeRotatedGrant(core.secrets, connectionId, grant);
    return;
  } catch {
    // Kept below; the keychain is asked again in the background.
  }
  const keychainRefreshToken = keepUnsavedGrant(core.secrets, connectionId, grant, spentRefreshToken);
  if (spentRefreshToken !== undefined && spentRefreshToken !== grant.refresh_token) {
    try {
      recordSpentRefreshToken(core.home, connectionId, spentRefreshToken);
    } catch {
      // The folder is not writable either: this process still never sends the spent token (it reads its own copy).
    }
  }
  saveInBackground(core, connectionId, grant, () =>
    withRefreshLock(core.home, connectionId, async () => {
      // A newer refresh (while this save waited for the lock) replaced it: that one is saved instead.
      if (unsavedGrant(core.secrets, connectionId) !== grant) return 'superseded';
      const stored = await readStoredGrant(core.secrets, connectionId);
      // Something else wrote the keychain since (a new sign-in) or removed the grant: the kept copy is stale.
      if (!stored || stored.refresh_token !== keychainRefreshToken) {
        forgetUnsavedGrant(core.secrets, connectionId, grant);
        return 'superseded';
      }
      await writeGrant(core.secrets, connectionId, grant);
      return 'saved';
    }),
  );
}

/**
 * Refuses to send a refresh token another process spent while it could not save the grant that replaced it:
 * throws "try again" while that process lives (it keeps trying to save), "sign in again" once it is gone.
 */
export async function assertRefreshTokenLive(
  core: Core,
  connectionId: string,
  label: string,
  refreshToken: string,
): Promise<void> {
  const state = spentRefreshTokenState(core.home, connectionId, refreshToken);
  if (state === 'send') return;
  if (state === 'wait') throw replacementNotSavedError(label);
  const why = 'the renewed sign-in could not be saved to the keychain, and the process that held it has ended.';
  await markNeedsSignIn(core, connectionId, `The sign-in must be renewed: ${why}`);
  throw needsSignInError(label, why);
}
