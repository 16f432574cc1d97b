import type { Connection } from '../../connections/model.js';
import { SignInError } from './errors.js';
import type { StoredGrant } from './grant-store.js';
import { businessClaim, unverifiedClaims } from './token-claims.js';

/**
 * Catches "signed in with the wrong account": the token names another subject than the one this connection
 * was first signed in with, or another business than the connection's handle (sessions.website lets a person
 * pick the business on the consent screen). Returns the error to throw, or undefined when all is well.
 */
export function checkAccount(connection: Connection, grant: StoredGrant): SignInError | undefined {
  const claims = unverifiedClaims(grant.access_token);
  const expectedSubject =
    typeof connection.metadata.oauthSubject === 'string' ? connection.metadata.oauthSubject : undefined;
  if (expectedSubject && grant.subject && grant.subject !== expectedSubject) {
    return new SignInError(
      'wrong_account',
      `You signed in as '${grant.subject}', but '${connection.label}' belongs to '${expectedSubject}'.`,
      `Sign in again with the account '${expectedSubject}' (sign out of the service in the browser first), or add a new connection for the other account.`,
    );
  }
  const handle = typeof connection.metadata.handle === 'string' ? connection.metadata.handle : undefined;
  const business = businessClaim(claims);
  if (handle && business && business.toLowerCase() !== handle.toLowerCase()) {
    return new SignInError(
      'wrong_account',
      `You chose the business '${business}' on the consent screen, but '${connection.label}' is for '@${handle}'.`,
      `Sign in again and choose '@${handle}' on the consent screen (or add a connection for '@${business}').`,
    );
  }
  return undefined;
}
