import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { Core } from '../../connections/core.js';
import type { Connection } from '../../connections/model.js';
import { InputError, UpstreamError } from '../../errors.js';
import { recordGrantFacts } from './connection-facts.js';
import { discoverServer, revocationEndpointOf, scopeToRequest } from './discover-server.js';
import { SignInError } from './errors.js';
import {
  clientAccountFor,
  grantFromTokens,
  readClient,
  readGrant,
  type StoredGrant,
  writeGrant,
} from './grant-store.js';
import { withRefreshLock } from './refresh-lock.js';
import { startLoopbackReceiver } from './loopback-receiver.js';
import { mcpUrlFor } from './mcp-url.js';
import { openSystemBrowser, type OpenBrowser } from './open-browser.js';
import { revokeTokens } from './revoke.js';
import { safeFetch } from './safe-fetch.js';
import { SignInProvider } from './sign-in-provider.js';
import { checkAccount } from './account-check.js';
import { clientMetadataDocumentUrl } from './client-metadata.js';
import {
  connectionClientAccount,
  PRE_REGISTERED_CLIENT_ID_KEY,
  readPreRegisteredClient,
} from './pre-registered-client.js';
import { unverifiedClaims } from './token-claims.js';

/** Options for {@link signIn}. */
export interface SignInOptions {
  /** Opens the authorization URL (default: the system browser, or `BRIDGEKEEPER_OPEN_BROWSER_CMD`). */
  openBrowser?: OpenBrowser;
  /** Told the authorization URL before the browser opens (the CLI prints it, in case no browser appears). */
  onAuthorizationUrl?: (url: string) => void;
  /** Cancels the attempt (the app's Cancel button, Ctrl-C). */
  signal?: AbortSignal;
  /** How long to wait for the browser to come back (default 5 minutes). */
  timeoutMs?: number;
  /** A pre-registered client id, for servers without Dynamic Client Registration. */
  clientId?: string;
  /**
   * Scopes to ask for on top of the usual choice (the challenge's, else the resource's `scopes_supported`): a
   * step-up sign-in asks for what the grant had plus what the server said a call needs.
   */
  scopes?: string[];
  /**
   * The MCP endpoint the connection's provider declares (see `shared/use-cases/sign-in.ts`, which looks it up);
   * without it, the connection's `metadata.url`.
   */
  mcpEndpoint?: string;
}

/** What a finished sign-in reports (no secrets). */
export interface SignInResult {
  connection: Connection;
  scopes: string[];
  expiresAt?: string;
  issuer: string;
  subject?: string;
}

/**
 * Interactive OAuth 2.1 sign-in for an MCP connection, shared by `bridgekeeper login` and the desktop app:
 * discovery from the server's 401 challenge (RFC 9728 → RFC 8414/OIDC), Dynamic Client Registration (RFC 7591,
 * remembered per authorization server) unless `clientId` is given, PKCE S256 + `state` + `resource` (RFC 8707)
 * via the MCP SDK's `auth()`, the browser hand-off to a loopback redirect on a fresh port, then the grant in the
 * keychain and its non-secret facts (scopes with server provenance, expiry, issuer) in the store.
 */
export async function signIn(core: Core, connectionRef: string, options: SignInOptions = {}): Promise<SignInResult> {
  const connection = core.store.get(connectionRef);
  if (connection.authKind !== 'oauth' && connection.authKind !== 'none') {
    throw new InputError(
      `'${connection.label}' uses a pasted ${connection.authKind}, not an OAuth sign-in.`,
      'Add a separate connection for OAuth, or keep using the token.',
    );
  }
  const serverUrl = mcpUrlFor(connection, options.mcpEndpoint);
  const discovered = await discoverServer(serverUrl, options.signal);
  const asUrl = discovered.state.authorizationServerUrl;
  const metadata = discovered.state.authorizationServerMetadata!;
  const preRegistered =
    options.clientId || !connection.metadata[PRE_REGISTERED_CLIENT_ID_KEY]
      ? undefined
      : await readPreRegisteredClient(core.secrets, connection.id);
  if (connection.metadata[PRE_REGISTERED_CLIENT_ID_KEY] && !options.clientId && !preRegistered) {
    throw new SignInError(
      'client_id_required',
      `The client registered for '${connection.label}' (${String(connection.metadata[PRE_REGISTERED_CLIENT_ID_KEY])}) is missing from the keychain.`,
      'Remove the connection and add it again with `--client-id <id>` (and `--client-secret-stdin` if the client has a secret).',
    );
  }
  let clientAccount = preRegistered ? connectionClientAccount(connection.id) : clientAccountFor(asUrl);
  const clientMetadataUrl = clientMetadataDocumentUrl(process.env, core.home);
  const urlClientId = Boolean(clientMetadataUrl && metadata.client_id_metadata_document_supported === true);
  if (
    !options.clientId &&
    !preRegistered &&
    !urlClientId &&
    !metadata.registration_endpoint &&
    !(await readClient(core.secrets, clientAccount))
  ) {
    throw new SignInError(
      'client_id_required',
      `${new URL(asUrl).host} does not let apps register themselves (no Dynamic Client Registration).`,
      `Register Bridgekeeper with the service (redirect URI http://127.0.0.1/callback), then add the connection with \`bridgekeeper connections add remote-mcp --url <url> --client-id <id> [--client-secret-stdin]\`, or run \`bridgekeeper login "${connection.label}" --client-id <id>\` for a public client.`,
    );
  }
  // Signing in again keeps what the grant had and adds what the service said calls were missing (step-up).
  const previousGrant = await readGrant(core.secrets, connection.id);
  const scope = scopeToRequest(discovered, [
    ...(previousGrant?.scopes ?? []),
    ...connection.learnedGaps.map((g) => g.scope),
    ...(options.scopes ?? []),
  ]);
  if (
    !preRegistered &&
    !options.clientId &&
    scope &&
    !registrationCovers(await readClient(core.secrets, clientAccount), scope)
  ) {
    // The shared client was registered (RFC 7591 `scope`) for fewer scopes than this sign-in asks for, and strict
    // servers refuse the rest (a step-up). This connection registers a client of its own for them; the other
    // connections keep the shared one (their refresh tokens are bound to it).
    clientAccount = connectionClientAccount(connection.id);
    if (!registrationCovers(await readClient(core.secrets, clientAccount), scope))
      await core.secrets.delete(clientAccount);
  }
  let provider: SignInProvider | undefined;
  const receiver = await startLoopbackReceiver({
    expectedState: () => provider?.expectedState,
    timeoutMs: options.timeoutMs ?? 300_000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const fetchFn = safeFetch();
  const authOptions = {
    serverUrl,
    fetchFn,
    ...(scope ? { scope } : {}),
    ...(discovered.state.resourceMetadataUrl
      ? { resourceMetadataUrl: new URL(discovered.state.resourceMetadataUrl) }
      : {}),
  };
  try {
    provider = new SignInProvider({
      secrets: core.secrets,
      redirectUrl: receiver.redirectUrl,
      clientAccount,
      discovery: discovered.state,
      ...(options.clientId
        ? { presetClient: { client_id: options.clientId } }
        : preRegistered
          ? { presetClient: preRegistered }
          : {}),
      ...(clientMetadataUrl ? { clientMetadataUrl } : {}),
      onRedirect: async (url) => {
        options.onAuthorizationUrl?.(url.href);
        await (options.openBrowser ?? openSystemBrowser)(url.href);
      },
    });
    const started = await auth(provider, authOptions).catch((error: unknown) =>
      Promise.reject(sdkFailure(error, asUrl)),
    );
    if (started !== 'REDIRECT')
      throw new SignInError('server_refused', 'The service did not start a browser sign-in.', 'Try again.');
    const code = await receiver.code;
    const finished = await auth(provider, { ...authOptions, authorizationCode: code }).catch((error: unknown) =>
      Promise.reject(sdkFailure(error, asUrl)),
    );
    const tokens = provider.tokens();
    if (finished !== 'AUTHORIZED' || !tokens)
      throw new SignInError('server_refused', 'The service did not issue a token.', 'Try signing in again.');
    const subject = unverifiedClaims(tokens.access_token)?.sub;
    const grant: StoredGrant = grantFromTokens(tokens, {
      clientAccount,
      ...(subject ? { subject } : {}),
      server: {
        authorizationServerUrl: asUrl,
        issuer: metadata.issuer,
        tokenEndpoint: metadata.token_endpoint,
        ...(revocationEndpointOf(metadata) ? { revocationEndpoint: revocationEndpointOf(metadata) } : {}),
        serverUrl,
        ...(discovered.state.resourceMetadataUrl ? { resourceMetadataUrl: discovered.state.resourceMetadataUrl } : {}),
        ...(discovered.state.resourceMetadata?.resource
          ? { resource: discovered.state.resourceMetadata.resource }
          : {}),
        authorizationServerMetadata: metadata as Record<string, unknown>,
        ...(discovered.state.resourceMetadata
          ? { resourceMetadata: discovered.state.resourceMetadata as Record<string, unknown> }
          : {}),
      },
    });
    // RFC 6749 §5.1: a token response without `scope` was granted exactly what was asked for.
    if (!tokens.scope && scope) grant.scopes = scope.split(' ').filter((s) => s !== 'offline_access');
    const mismatch = checkAccount(connection, grant);
    if (mismatch) {
      await revokeTokens(core, grant).catch(() => undefined);
      throw mismatch;
    }
    // Swap grants under the refresh lock (a gateway may be refreshing the old one right now), then revoke the old one.
    const previous = await withRefreshLock(core.home, connection.id, async () => {
      const old = await readGrant(core.secrets, connection.id);
      await writeGrant(core.secrets, connection.id, grant);
      return old;
    });
    if (previous) await revokeTokens(core, previous).catch(() => undefined);
    const updated = await recordGrantFacts(core, connection.id, grant);
    return {
      connection: updated,
      scopes: grant.scopes,
      issuer: grant.server.issuer,
      ...(grant.expiresAt !== undefined ? { expiresAt: new Date(grant.expiresAt).toISOString() } : {}),
      ...(grant.subject ? { subject: grant.subject } : {}),
    };
  } finally {
    await receiver.close();
  }
}

/** True unless `client` was registered for a scope list (RFC 7591 `scope`) that lacks some of `scope`. */
function registrationCovers(client: OAuthClientInformationMixed | undefined, scope: string): boolean {
  const registeredScope = (client as { scope?: unknown } | undefined)?.scope;
  if (typeof registeredScope !== 'string' || !registeredScope) return true;
  const registered = new Set(registeredScope.split(/\s+/));
  return scope.split(' ').every((s) => registered.has(s));
}

/** Turns the SDK's plain errors into typed ones with a next step. */
function sdkFailure(error: unknown, asUrl: string): unknown {
  if (error instanceof UpstreamError) return error;
  const text = error instanceof Error ? error.message : String(error);
  if (/dynamic client registration/i.test(text)) {
    return new SignInError(
      'client_id_required',
      `${new URL(asUrl).host} does not support Dynamic Client Registration.`,
      'Run `bridgekeeper login <connection> --client-id <id>` with a client registered at the service.',
      { cause: error },
    );
  }
  return new SignInError(
    'server_refused',
    `The sign-in with ${new URL(asUrl).host} failed: ${text}`,
    'Try again; if it keeps failing, check the server address.',
    { cause: error },
  );
}
