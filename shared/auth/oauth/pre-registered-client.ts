import type { OAuthClientInformationMixed } from '@modelcontextprotocol/sdk/shared/auth.js';
import { z } from 'zod';
import type { SecretStore } from '../../secrets/secret-store.js';
import { secretAccount } from '../../secrets/secret-store.js';
import { readClient, writeClient } from './grant-store.js';

/** A client id as registered at a service: printable text without spaces. */
export const ClientIdSchema = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'a client id is printable text without spaces');

/** A client secret: printable text without spaces (trimmed of the newline stdin adds). */
export const ClientSecretSchema = z
  .string()
  .trim()
  .regex(/^[\x21-\x7e]{1,1024}$/, 'a client secret is printable text without spaces');

/** Connection metadata key naming the pre-registered client id (not secret: shown in lists and the app). */
export const PRE_REGISTERED_CLIENT_ID_KEY = 'oauthClientId';

/** Keychain account of a connection's own (pre-registered) OAuth client; `connections remove` wipes it. */
export function connectionClientAccount(connectionId: string): string {
  return secretAccount(connectionId, 'oauth-client');
}

/**
 * Stores a client the person registered at the service themselves (for servers without Dynamic Client
 * Registration): id and, for a confidential client, its secret, in the keychain only. Sign-in uses it instead of
 * registering, and every later refresh or revocation authenticates with it.
 */
export async function savePreRegisteredClient(
  secrets: SecretStore,
  connectionId: string,
  client: { clientId: string; clientSecret?: string },
): Promise<void> {
  const info: OAuthClientInformationMixed = {
    client_id: ClientIdSchema.parse(client.clientId),
    ...(client.clientSecret ? { client_secret: ClientSecretSchema.parse(client.clientSecret) } : {}),
  };
  await writeClient(secrets, connectionClientAccount(connectionId), info);
}

/** The connection's pre-registered client, when it has one. */
export async function readPreRegisteredClient(
  secrets: SecretStore,
  connectionId: string,
): Promise<OAuthClientInformationMixed | undefined> {
  return readClient(secrets, connectionClientAccount(connectionId));
}
