import crypto from 'node:crypto';
import {
  OAuthClientInformationFullSchema,
  type OAuthClientInformationMixed,
  type OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { z } from 'zod';
import type { SecretStore } from '../../secrets/secret-store.js';
import { secretAccount } from '../../secrets/secret-store.js';
import { forgetUnsavedGrant, unsavedGrant } from './unsaved-grants.js';

/** Non-secret discovery results kept with a grant so refresh and revocation need no new discovery. */
export const GrantServerSchema = z.object({
  /** The authorization server URL discovery used (what the MCP SDK stamps as `issuer`). */
  authorizationServerUrl: z.string().url(),
  /** The `issuer` the authorization server's metadata declares. */
  issuer: z.string(),
  tokenEndpoint: z.string().url(),
  revocationEndpoint: z.string().url().optional(),
  /** The MCP server URL signed in to, and its RFC 9728 metadata document URL. */
  serverUrl: z.string().url(),
  resourceMetadataUrl: z.string().url().optional(),
  /** RFC 8707 resource indicator the token is bound to. */
  resource: z.string().optional(),
  /** Raw metadata documents (validated by the SDK when fetched), replayed as the SDK's discovery state. */
  authorizationServerMetadata: z.record(z.string(), z.unknown()),
  resourceMetadata: z.record(z.string(), z.unknown()).optional(),
});
export type GrantServer = z.infer<typeof GrantServerSchema>;

/** An OAuth grant as stored in the keychain (`<connectionId>:oauth-grant`). Never written anywhere else. */
export const StoredGrantSchema = z.object({
  v: z.literal(1),
  /** snake_case like a token response, so readers that only want the access token find it under `access_token`. */
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  tokenType: z.string().default('Bearer'),
  /** Epoch milliseconds; absent when the server did not say. */
  expiresAt: z.number().optional(),
  obtainedAt: z.number(),
  scopes: z.array(z.string()),
  /** Keychain account of the registered client used for this grant. */
  clientAccount: z.string(),
  subject: z.string().optional(),
  server: GrantServerSchema,
});
export type StoredGrant = z.infer<typeof StoredGrantSchema>;

/** Keychain account of the grant of one connection. */
export function grantAccount(connectionId: string): string {
  return secretAccount(connectionId, 'oauth-grant');
}

/**
 * Keychain account of the client registered with one authorization server, shared by every connection that
 * signs in there (so a second connection to the same issuer reuses the Dynamic Client Registration).
 */
export function clientAccountFor(authorizationServerUrl: string): string {
  const normalised = new URL(authorizationServerUrl).href.replace(/\/$/, '');
  const digest = crypto.createHash('sha256').update(normalised).digest('hex').slice(0, 16);
  return secretAccount(`as_${digest}`, 'oauth-client');
}

/**
 * Reads a connection's grant; a damaged entry reads as none (the user is asked to sign in again). A grant this
 * process refreshed but could not save to the keychain yet is newer than the keychain's, so it is returned instead.
 */
export async function readGrant(secrets: SecretStore, connectionId: string): Promise<StoredGrant | undefined> {
  return unsavedGrant(secrets, connectionId) ?? readStoredGrant(secrets, connectionId);
}

/** Reads the grant the keychain holds, ignoring any unsaved newer one. */
export async function readStoredGrant(secrets: SecretStore, connectionId: string): Promise<StoredGrant | undefined> {
  const raw = await secrets.get(grantAccount(connectionId));
  if (!raw) return undefined;
  try {
    const parsed = StoredGrantSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a connection's grant to the keychain (it then replaces any unsaved one this process kept). */
export async function writeGrant(secrets: SecretStore, connectionId: string, grant: StoredGrant): Promise<void> {
  await secrets.set(grantAccount(connectionId), JSON.stringify(StoredGrantSchema.parse(grant)));
  forgetUnsavedGrant(secrets, connectionId);
}

/**
 * Writes the grant a refresh just produced. The server has rotated the refresh token, so the one in the keychain
 * is spent: losing this write would make the next refresh reuse it, which servers treat as theft (signing the
 * person out). A failed write is therefore retried after each of `retryDelaysMs`, as long as the first attempt
 * began less than `withinMs` ago (a keychain that hangs is not waited on again and again while the refresh lock is held).
 */
export async function writeRotatedGrant(
  secrets: SecretStore,
  connectionId: string,
  grant: StoredGrant,
  options: { retryDelaysMs?: number[]; withinMs?: number } = {},
): Promise<void> {
  const delays = options.retryDelaysMs ?? [250, 1_000];
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      await writeGrant(secrets, connectionId, grant);
      return;
    } catch (error) {
      const delay = delays[attempt];
      if (delay === undefined || Date.now() - started >= (options.withinMs ?? 5_000)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Deletes a connection's grant. */
export async function deleteGrant(secrets: SecretStore, connectionId: string): Promise<boolean> {
  forgetUnsavedGrant(secrets, connectionId);
  return secrets.delete(grantAccount(connectionId));
}

const StoredClientSchema = OAuthClientInformationFullSchema.partial({ redirect_uris: true });

/** Reads the client registered with an authorization server (or given with `--client-id`). */
export async function readClient(
  secrets: SecretStore,
  account: string,
): Promise<OAuthClientInformationMixed | undefined> {
  const raw = await secrets.get(account);
  if (!raw) return undefined;
  try {
    const parsed = StoredClientSchema.safeParse(JSON.parse(raw));
    return parsed.success ? (parsed.data as OAuthClientInformationMixed) : undefined;
  } catch {
    return undefined;
  }
}

/** Stores a registered client exactly as the SDK handed it over (including its `issuer` stamp). */
export async function writeClient(
  secrets: SecretStore,
  account: string,
  client: OAuthClientInformationMixed,
): Promise<void> {
  await secrets.set(account, JSON.stringify(client));
}

/** The scopes of a token response, falling back to what was there before (RFC 6749 §5.1: omitted = unchanged). */
export function grantedScopes(tokens: OAuthTokens, previous: string[] = []): string[] {
  return tokens.scope ? tokens.scope.split(/\s+/).filter(Boolean) : previous;
}

/** A new stored grant from a token response, keeping what the response leaves out from `previous`. */
export function grantFromTokens(
  tokens: OAuthTokens,
  base: { server: GrantServer; clientAccount: string; subject?: string; previous?: StoredGrant },
  now = Date.now(),
): StoredGrant {
  const previous = base.previous;
  const refreshToken = tokens.refresh_token ?? previous?.refresh_token;
  const subject = base.subject ?? previous?.subject;
  return {
    v: 1,
    access_token: tokens.access_token,
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    tokenType: tokens.token_type || 'Bearer',
    ...(tokens.expires_in !== undefined ? { expiresAt: now + tokens.expires_in * 1000 } : {}),
    obtainedAt: now,
    scopes: grantedScopes(tokens, previous?.scopes),
    clientAccount: base.clientAccount,
    ...(subject ? { subject } : {}),
    server: base.server,
  };
}

/** The grant in the SDK's `OAuthTokens` shape (stamped with its authorization server, as `auth()` expects). */
export function grantToTokens(grant: StoredGrant, now = Date.now()): OAuthTokens {
  return {
    access_token: grant.access_token,
    token_type: grant.tokenType,
    ...(grant.refresh_token ? { refresh_token: grant.refresh_token } : {}),
    ...(grant.expiresAt !== undefined ? { expires_in: Math.max(0, Math.floor((grant.expiresAt - now) / 1000)) } : {}),
    ...(grant.scopes.length ? { scope: grant.scopes.join(' ') } : {}),
    issuer: grant.server.authorizationServerUrl,
  };
}
