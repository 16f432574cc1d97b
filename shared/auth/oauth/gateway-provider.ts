import crypto from 'node:crypto';
import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { AuthorizationServerMetadata, OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { Core } from '../../core.js';
import type { Connection } from '../../connections/model.js';
import { UpstreamError } from '../../errors.js';
import { bridgekeeperClientMetadata } from './client-metadata.js';
import { markNeedsSignIn, recordGrantFacts } from './connection-facts.js';
import { needsSignInError } from './errors.js';
import { grantFromTokens, grantToTokens, readClient, readGrant, writeGrant } from './grant-store.js';
import { holdRefreshLock } from './refresh-lock.js';
import { ensureFreshGrant, forgetDeadGrant } from './refresh.js';

/**
 * The `OAuthClientProvider` for a gateway's `StreamableHTTPClientTransport({ authProvider })` on an
 * `authKind: 'oauth'` connection, backed by the keychain grant:
 * - `tokens()` hands out the stored access token, refreshing it first (under the cross-process lock) when it is
 *   about to expire, so several gateways and the app never use a rotating refresh token twice;
 * - on a 401 the SDK's `auth()` refreshes; this provider takes the same lock for that request, sends the
 *   refresh token stored *now* (another process may have rotated it) and stores the result;
 * - it never opens a browser: when a sign-in is needed (`invalid_grant`, no grant) it marks the connection
 *   `needs_sign_in` and throws `UpstreamError('needs_sign_in')` telling the person to run `bridgekeeper login`.
 */
export function createOAuthProvider(core: Core, connection: Connection): OAuthClientProvider {
  return new GatewayOAuthProvider(core, connection);
}

class GatewayOAuthProvider implements OAuthClientProvider {
  readonly #core: Core;
  readonly #connection: Connection;
  #release: (() => void) | undefined;
  #refreshFailed = false;
  /** Times of refreshes the SDK asked for after a 401: a server that keeps refusing fresh tokens must not loop. */
  #recentRefreshes: number[] = [];
  #refusingFreshTokens = false;

  constructor(core: Core, connection: Connection) {
    this.#core = core;
    this.#connection = connection;
  }

  /** Required by the SDK to take its refresh path; the gateway never receives a redirect. */
  get redirectUrl(): string {
    return 'http://127.0.0.1/callback';
  }

  get clientMetadata(): OAuthClientMetadata {
    return bridgekeeperClientMetadata(this.redirectUrl);
  }

  state(): string {
    return crypto.randomBytes(16).toString('base64url');
  }

  async #grantOrThrow() {
    const grant = await readGrant(this.#core.secrets, this.#connection.id);
    if (!grant) {
      await markNeedsSignIn(this.#core, this.#connection.id, 'No OAuth sign-in is stored for this connection.');
      throw needsSignInError(this.#connection.label, 'no OAuth sign-in is stored in the keychain.');
    }
    return grant;
  }

  async discoveryState(): Promise<OAuthDiscoveryState> {
    const { server } = await this.#grantOrThrow();
    return {
      authorizationServerUrl: server.authorizationServerUrl,
      authorizationServerMetadata: server.authorizationServerMetadata as AuthorizationServerMetadata,
      ...(server.resourceMetadata ? { resourceMetadata: server.resourceMetadata as OAuthDiscoveryState['resourceMetadata'] } : {}),
      ...(server.resourceMetadataUrl ? { resourceMetadataUrl: server.resourceMetadataUrl } : {}),
    };
  }

  saveDiscoveryState(): void {
    // The grant keeps the discovery made at sign-in.
  }

  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    const grant = await this.#grantOrThrow();
    const client = await readClient(this.#core.secrets, grant.clientAccount);
    if (!client) throw needsSignInError(this.#connection.label, 'the registered OAuth client is missing from the keychain.');
    return client;
  }

  saveClientInformation(): void {
    // Registration happens only in an interactive sign-in.
  }

  async tokens(): Promise<OAuthTokens> {
    const grant = await ensureFreshGrant(this.#core, this.#connection.id);
    return grantToTokens(grant);
  }

  /**
   * Client authentication for the SDK's token request; for a refresh, also takes the lock and swaps in the current
   * refresh token. An arrow property: the SDK passes this method around unbound.
   */
  readonly addClientAuthentication = async (headers: Headers, params: URLSearchParams): Promise<void> => {
    if (params.get('grant_type') === 'refresh_token') {
      const now = Date.now();
      this.#recentRefreshes = [...this.#recentRefreshes.filter((t) => now - t < 60_000), now];
      this.#refusingFreshTokens = this.#recentRefreshes.length > 3;
      if (this.#refusingFreshTokens) throw new Error('refresh loop stopped');
      this.#release?.();
      this.#refreshFailed = false;
      this.#release = await holdRefreshLock(this.#core.home, this.#connection.id);
      const current = await readGrant(this.#core.secrets, this.#connection.id);
      if (current?.refresh_token) params.set('refresh_token', current.refresh_token);
    }
    const client = await this.clientInformation();
    if (client?.client_secret) {
      headers.set('authorization', `Basic ${Buffer.from(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`).toString('base64')}`);
    } else if (client) {
      params.set('client_id', client.client_id);
    }
  };

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    try {
      const previous = await this.#grantOrThrow();
      const next = grantFromTokens(tokens, { server: previous.server, clientAccount: previous.clientAccount, previous });
      await writeGrant(this.#core.secrets, this.#connection.id, next);
      await recordGrantFacts(this.#core, this.#connection.id, next).catch(() => undefined);
    } finally {
      this.#releaseLock();
    }
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    if (scope === 'verifier' || scope === 'discovery') return;
    // The SDK's refresh was refused (invalid_grant / invalid_client): the grant is dead.
    try {
      this.#refreshFailed = true;
      await forgetDeadGrant(this.#core, this.#connection.id, this.#connection.label);
    } finally {
      this.#releaseLock();
    }
  }

  async redirectToAuthorization(): Promise<void> {
    const wasRefreshing = this.#release !== undefined;
    this.#releaseLock();
    if (this.#refusingFreshTokens) {
      this.#refusingFreshTokens = false;
      throw new UpstreamError(
        'invalid_token',
        `The server of '${this.#connection.label}' keeps refusing the fresh tokens its authorization server issues.`,
        `Sign in again with \`bridgekeeper login "${this.#connection.label}"\`; if it persists, the service may be having problems.`,
      );
    }
    const grant = await readGrant(this.#core.secrets, this.#connection.id);
    if (wasRefreshing && grant && !this.#refreshFailed) {
      // The SDK's refresh failed in a way it swallowed (network, or a transport fetch that turned the token
      // endpoint's answer into an error). Retry once on our own path, which classifies invalid_grant properly.
      await ensureFreshGrant(this.#core, this.#connection.id, { rejectedAccessToken: grant.access_token });
      throw new UpstreamError('network', `The sign-in for '${this.#connection.label}' had to be renewed during this request.`, 'It is renewed now: run the request again.');
    }
    await markNeedsSignIn(this.#core, this.#connection.id, 'The sign-in is no longer valid. Sign in again.');
    throw needsSignInError(this.#connection.label, 'the service no longer accepts the stored sign-in.');
  }

  saveCodeVerifier(): void {
    // Never used: the gateway does not start authorizations.
  }

  codeVerifier(): string {
    throw needsSignInError(this.#connection.label, 'a sign-in can only be completed with `bridgekeeper login` or the app.');
  }

  #releaseLock(): void {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
}
