import crypto from 'node:crypto';
import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import { TemporarilyUnavailableError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type {
  AuthorizationServerMetadata,
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { Core } from '../../connections/core.js';
import type { Connection } from '../../connections/model.js';
import { UpstreamError } from '../../errors.js';
import { bridgekeeperClientMetadata } from './client-metadata.js';
import { markNeedsSignIn, recordGrantFacts } from './connection-facts.js';
import { needsSignInError } from './errors.js';
import { grantFromTokens, grantToTokens, readClient, readGrant } from './grant-store.js';
import { holdRefreshLock, REFRESH_LOCK } from './refresh-lock.js';
import { ensureFreshGrant, forgetDeadGrant } from './refresh.js';
import { saveRotatedGrant } from './rotated-grant.js';
import { spentRefreshTokenState } from './unsaved-grants.js';

/**
 * The `OAuthClientProvider` for a gateway's `StreamableHTTPClientTransport({ authProvider })` on an
 * `authKind: 'oauth'` connection, backed by the keychain grant:
 * - `tokens()` hands out the stored access token, refreshing it first (under the cross-process lock) when it is
 *   about to expire, so several gateways and the app never use a rotating refresh token twice;
 * - on a 401 the SDK's `auth()` refreshes; this provider takes the same lock for that request, sends the
 *   refresh token stored *now* (another process may have rotated it) and stores the result. One transport can
 *   ask for two refreshes at once (a tool call and its background SSE GET both answered 401): they take turns,
 *   so the second sends the refresh token the first stored, never the same one again;
 * - it never opens a browser: when a sign-in is needed (`invalid_grant`, no grant) it marks the connection
 *   `needs_sign_in` and throws `UpstreamError('needs_sign_in')` telling the person to run `bridgekeeper login`.
 */
export function createOAuthProvider(core: Core, connection: Connection): OAuthClientProvider {
  return new GatewayOAuthProvider(core, connection);
}

class GatewayOAuthProvider implements OAuthClientProvider {
  readonly #core: Core;
  readonly #connection: Connection;
  /** The SDK refresh in progress (see `#beginRefresh`), ended by `saveTokens`, `invalidateCredentials` or `redirectToAuthorization`. */
  #refresh: RefreshTurn | undefined;
  /** Settles when the last queued SDK refresh has ended: this provider's refreshes run one at a time. */
  #refreshQueue: Promise<void> = Promise.resolve();
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
      ...(server.resourceMetadata
        ? { resourceMetadata: server.resourceMetadata as OAuthDiscoveryState['resourceMetadata'] }
        : {}),
      ...(server.resourceMetadataUrl ? { resourceMetadataUrl: server.resourceMetadataUrl } : {}),
    };
  }

  saveDiscoveryState(): void {
    // The grant keeps the discovery made at sign-in.
  }

  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    const grant = await this.#grantOrThrow();
    const client = await readClient(this.#core.secrets, grant.clientAccount);
    if (!client)
      throw needsSignInError(this.#connection.label, 'the registered OAuth client is missing from the keychain.');
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
    if (params.get('grant_type') === 'refresh_token') await this.#beginRefresh(params);
    const client = await this.clientInformation();
    const supported = (await readGrant(this.#core.secrets, this.#connection.id))?.server.authorizationServerMetadata
      .token_endpoint_auth_methods_supported;
    const postOnly =
      Array.isArray(supported) &&
      supported.includes('client_secret_post') &&
      !supported.includes('client_secret_basic');
    if (client?.client_secret && postOnly) {
      params.set('client_id', client.client_id);
      params.set('client_secret', client.client_secret);
    } else if (client?.client_secret) {
      headers.set(
        'authorization',
        `Basic ${Buffer.from(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`).toString('base64')}`,
      );
    } else if (client) {
      params.set('client_id', client.client_id);
    }
  };

  /**
   * Starts one SDK refresh. Waits for this provider's previous refresh to end first: the SDK runs one `auth()` per
   * request that got a 401, so a tool call and the transport's background SSE GET can both refresh at once, and
   * the callbacks that end a refresh (`saveTokens`, `invalidateCredentials`, `redirectToAuthorization`) do not
   * say which refresh they end. Taking turns keeps that unambiguous, and the second refresh then sends the
   * refresh token the first one stored: sending a rotated refresh token twice makes servers (oidc-provider
   * among them) treat it as stolen and revoke the whole grant, signing the person out.
   * Until the turn ends it also holds the cross-process lock (for `REFRESH_LEASE_MS` at most once taken).
   */
  async #beginRefresh(params: URLSearchParams): Promise<void> {
    let endTurn!: () => void;
    const previous = this.#refreshQueue;
    this.#refreshQueue = new Promise<void>((resolve) => (endTurn = resolve));
    await previous;
    let timer: NodeJS.Timeout | undefined;
    const turn: RefreshTurn = {
      end: () => {
        clearTimeout(timer);
        if (this.#refresh === turn) this.#refresh = undefined;
        turn.releaseLock?.();
        endTurn();
      },
    };
    const lease = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(turn.end, ms);
      timer.unref();
    };
    this.#refresh = turn;
    // Safety net for an SDK flow that ends without any callback; waiting for the lock has its own timeout.
    lease(REFRESH_LOCK.waitMs + REFRESH_LEASE_MS);
    this.#refreshFailed = false;
    const now = Date.now();
    this.#recentRefreshes = [...this.#recentRefreshes.filter((t) => now - t < 60_000), now];
    this.#refusingFreshTokens = this.#recentRefreshes.length > 3;
    // Thrown while holding the turn: the SDK swallows it and calls redirectToAuthorization, which ends the turn.
    if (this.#refusingFreshTokens) throw new Error('refresh loop stopped');
    const releaseLock = await holdRefreshLock(this.#core.home, this.#connection.id, REFRESH_LEASE_MS);
    if (this.#refresh !== turn) {
      // The turn's lease ran out while waiting (a stalled process): send no refresh nobody tracks. An OAuth error
      // the SDK rethrows as is, so no callback of this request ends the turn of the next one.
      releaseLock();
      throw new TemporarilyUnavailableError(
        `Renewing the sign-in for '${this.#connection.label}' took too long; try again.`,
      );
    }
    turn.releaseLock = releaseLock;
    lease(REFRESH_LEASE_MS);
    const current = await readGrant(this.#core.secrets, this.#connection.id);
    if (current?.refresh_token) {
      // Spent by another process that could not save its replacement: never send it. Thrown while holding the
      // turn, so redirectToAuthorization ends it and takes our own path, which says why (try again / sign in).
      if (spentRefreshTokenState(this.#core.home, this.#connection.id, current.refresh_token) !== 'send')
        throw new Error('refresh token spent');
      params.set('refresh_token', current.refresh_token);
    }
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    try {
      const previous = await this.#grantOrThrow();
      const next = grantFromTokens(tokens, {
        server: previous.server,
        clientAccount: previous.clientAccount,
        previous,
      });
      await saveRotatedGrant(this.#core, this.#connection.id, next, previous.refresh_token);
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
    const wasRefreshing = this.#refresh?.releaseLock !== undefined;
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
      throw new UpstreamError(
        'network',
        `The sign-in for '${this.#connection.label}' had to be renewed during this request.`,
        'It is renewed now: run the request again.',
      );
    }
    await markNeedsSignIn(this.#core, this.#connection.id, 'The sign-in is no longer valid. Sign in again.');
    throw needsSignInError(this.#connection.label, 'the service no longer accepts the stored sign-in.');
  }

  saveCodeVerifier(): void {
    // Never used: the gateway does not start authorizations.
  }

  codeVerifier(): string {
    throw needsSignInError(
      this.#connection.label,
      'a sign-in can only be completed with `bridgekeeper login` or the app.',
    );
  }

  /** Ends the SDK refresh in progress, if any: releases the lock and lets the next queued refresh start. */
  #releaseLock(): void {
    this.#refresh?.end();
  }
}

/** How long one SDK refresh may hold the refresh lock before it is given up (a refresh takes a second or two). */
const REFRESH_LEASE_MS = 30_000;

/** One SDK refresh of a provider, from `addClientAuthentication` to the callback that ends it. */
interface RefreshTurn {
  /** Set once the cross-process lock is held, i.e. a refresh request is (about to be) sent. */
  releaseLock?: () => void;
  end(): void;
}
