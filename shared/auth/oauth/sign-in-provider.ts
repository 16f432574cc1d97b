import crypto from 'node:crypto';
import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { SecretStore } from '../../secrets/secret-store.js';
import { bridgekeeperClientMetadata } from './client-metadata.js';
import { readClient, writeClient } from './grant-store.js';

/**
 * The `OAuthClientProvider` the MCP SDK's `auth()` drives during one interactive sign-in. Everything secret of
 * the attempt (PKCE verifier, the new tokens) stays in memory until the caller has checked the result; only
 * the registered client goes to the keychain (shared per authorization server).
 */
export class SignInProvider implements OAuthClientProvider {
  readonly #secrets: SecretStore;
  readonly #redirectUrl: string;
  readonly #clientAccount: string;
  readonly #presetClient: OAuthClientInformationMixed | undefined;
  readonly #onRedirect: (url: URL) => Promise<void>;
  readonly #state = crypto.randomBytes(32).toString('base64url');
  readonly #discovery: OAuthDiscoveryState;
  #verifier: string | undefined;
  #tokens: OAuthTokens | undefined;

  constructor(options: {
    secrets: SecretStore;
    redirectUrl: string;
    clientAccount: string;
    discovery: OAuthDiscoveryState;
    /** A client to use instead of registering: `--client-id` of `login`, or the connection's pre-registered client. */
    presetClient?: OAuthClientInformationMixed;
    /** A Client ID Metadata Document URL, used as the client id where the server supports that. */
    clientMetadataUrl?: string;
    onRedirect: (url: URL) => Promise<void>;
  }) {
    this.#secrets = options.secrets;
    this.#redirectUrl = options.redirectUrl;
    this.#clientAccount = options.clientAccount;
    this.#discovery = options.discovery;
    this.#presetClient = options.presetClient;
    this.clientMetadataUrl = options.clientMetadataUrl;
    this.#onRedirect = options.onRedirect;
  }

  /** SEP-991 / Client ID Metadata Documents: the SDK uses it as the client id when the server advertises support. */
  readonly clientMetadataUrl: string | undefined;

  get redirectUrl(): string {
    return this.#redirectUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return bridgekeeperClientMetadata(this.#redirectUrl);
  }

  /** The `state` sent with this attempt; the loopback receiver accepts only this one. */
  get expectedState(): string {
    return this.#state;
  }

  state(): string {
    return this.#state;
  }

  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    // A stored copy carries the authorization server stamp the SDK checks; the preset itself is used until then.
    return (
      (await readClient(this.#secrets, this.#clientAccount).then((stored) =>
        stored && (!this.#presetClient || stored.client_id === this.#presetClient.client_id) ? stored : undefined,
      )) ?? this.#presetClient
    );
  }

  async saveClientInformation(info: OAuthClientInformationMixed): Promise<void> {
    await writeClient(this.#secrets, this.#clientAccount, info);
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    // The server refused the stored client (deleted on its side): forget it so auth() registers afresh.
    if ((scope === 'all' || scope === 'client') && !this.#presetClient) await this.#secrets.delete(this.#clientAccount);
    if (scope === 'all' || scope === 'tokens') this.#tokens = undefined;
  }

  tokens(): OAuthTokens | undefined {
    return this.#tokens;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.#tokens = tokens;
  }

  async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    await this.#onRedirect(authorizationUrl);
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.#verifier = codeVerifier;
  }

  codeVerifier(): string {
    if (!this.#verifier) throw new Error('No PKCE code verifier was created for this sign-in attempt.');
    return this.#verifier;
  }

  discoveryState(): OAuthDiscoveryState {
    return this.#discovery;
  }

  saveDiscoveryState(): void {
    // Discovery was done (and checked) before auth() ran; nothing new to keep.
  }
}
