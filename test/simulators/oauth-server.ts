import crypto from 'node:crypto';
import type http from 'node:http';
import Provider, { errors, type OidcContext } from 'oidc-provider';

/** A client registered by hand (for servers without DCR): `bridgekeeper login --client-id bk-preregistered`. */
export const PREREGISTERED_CLIENT = {
  client_id: 'bk-preregistered',
  application_type: 'native',
  token_endpoint_auth_method: 'none',
  redirect_uris: ['http://127.0.0.1/callback'],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
};

/** A confidential client registered by hand (client_secret_basic): `connections add remote-mcp --client-id bk-confidential --client-secret-stdin`. */
export const PREREGISTERED_CONFIDENTIAL_CLIENT = {
  client_id: 'bk-confidential',
  client_secret: 'bk-confidential-secret-7f3a9c2e51d84b06',
  application_type: 'native',
  token_endpoint_auth_method: 'client_secret_basic',
  redirect_uris: ['http://127.0.0.1/callback'],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
};

/** What the simulated person does in the browser when asked to sign in and consent. */
export interface SimulatedUser {
  accountId: string;
  /** The business chosen on the consent screen (becomes the `business` claim of the access token). */
  business: string;
  /** Press "Deny" on the consent screen. */
  deny?: boolean;
}

/** Test knobs and counters of a running authorization server. */
export interface OAuthKnobs {
  user: SimulatedUser;
  /** Lifetime of new access tokens, seconds. */
  accessTokenTtlSeconds: number;
  counts: {
    registrations: number;
    authorizationCodeGrants: number;
    refreshes: number;
    refreshFailures: number;
    revocations: number;
  };
  /** Revokes every grant issued so far (refresh tokens stop working; JWT access tokens live until they expire). */
  revokeAllGrants(): Promise<void>;
}

/** An oidc-provider instance mounted in a simulator's HTTP server. */
export interface AuthorizationServer {
  issuer: string;
  knobs: OAuthKnobs;
  /** Handles `/oauth/*` and `/interaction/*`; returns false for anything else. */
  handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean>;
}

/**
 * A real OAuth 2.1 authorization server (oidc-provider) for tests: Dynamic Client Registration at
 * `/oauth/register`, PKCE required, resource indicators with JWT access tokens for `resource` carrying the
 * scope `resourceScope`, refresh-token rotation, RFC 7009 revocation. The interaction (login + consent) is
 * answered by `knobs.user` without forms, so any browser — an HTTP client following redirects, or Chromium —
 * goes straight through to the client's redirect URI.
 */
export function createAuthorizationServer(
  issuer: string,
  options: {
    resource: string;
    resourceScope: string;
    rootEndpoints?: boolean;
    /**
     * A Client ID Metadata Document URL (SEP-991) the server knows as a public native client, as if it had fetched
     * the document: sign-ins that use this URL as client id are accepted without registration.
     */
    clientIdMetadataDocument?: string;
  },
): AuthorizationServer {
  const grantIds = new Set<string>();
  const businessOfGrant = new Map<string, string>();
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: crypto.randomUUID(), use: 'sig', alg: 'RS256' };
  const knobs: OAuthKnobs = {
    user: { accountId: 'staff-ada', business: 'acme' },
    accessTokenTtlSeconds: 3600,
    counts: { registrations: 0, authorizationCodeGrants: 0, refreshes: 0, refreshFailures: 0, revocations: 0 },
    async revokeAllGrants() {
      for (const id of grantIds) {
        await provider.RefreshToken.revokeByGrantId(id);
        await provider.AccessToken.revokeByGrantId(id);
        await provider.Grant.adapter.destroy(id);
      }
    },
  };
  const provider = new Provider(issuer, {
    jwks: { keys: [jwk] },
    cookies: { keys: [crypto.randomBytes(16).toString('hex')] },
    clients: [
      PREREGISTERED_CLIENT,
      PREREGISTERED_CONFIDENTIAL_CLIENT,
      ...(options.clientIdMetadataDocument
        ? [{ ...PREREGISTERED_CLIENT, client_id: options.clientIdMetadataDocument }]
        : []),
    ],
    scopes: ['openid', 'offline_access', ...options.resourceScope.split(' ')],
    // rootEndpoints: the 2025-03-26 MCP spec's default endpoints (/authorize, /token, /register at the root).
    routes: {
      ...(options.rootEndpoints
        ? { authorization: '/authorize', token: '/token', registration: '/register' }
        : { authorization: '/oauth/authorize', token: '/oauth/token', registration: '/oauth/register' }),
      revocation: '/oauth/revoke',
      jwks: '/oauth/jwks',
      end_session: '/oauth/logout',
      userinfo: '/oauth/me',
      introspection: '/oauth/introspect',
    },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => options.resource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, indicator: string) => {
          if (indicator !== options.resource) throw new errors.InvalidTarget(`unknown resource ${indicator}`);
          return {
            scope: options.resourceScope,
            audience: indicator,
            accessTokenTTL: knobs.accessTokenTtlSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    pkce: { required: () => true },
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub }) }),
    extraTokenClaims: async (_ctx: unknown, token: { grantId?: string }) => {
      const business = token.grantId ? businessOfGrant.get(token.grantId) : undefined;
      return business ? { business } : undefined;
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: () => knobs.accessTokenTtlSeconds,
      RefreshToken: 14 * 24 * 3600,
      Interaction: 600,
      Session: 600,
      Grant: 14 * 24 * 3600,
    },
  });
  provider.use(async (ctx: OidcContext, next) => {
    await next();
    const route = ctx.oidc?.route;
    const grantType = ctx.oidc?.params?.grant_type;
    if (route === 'registration' && ctx.method === 'POST') knobs.counts.registrations++;
    if (ctx.path === '/oauth/revoke' && ctx.method === 'POST') knobs.counts.revocations++;
    if (route === 'token' && grantType === 'authorization_code') knobs.counts.authorizationCodeGrants++;
    if (route === 'token' && grantType === 'refresh_token') {
      knobs.counts.refreshes++;
      if (ctx.status >= 400) knobs.counts.refreshFailures++;
    }
  });
  const callback = provider.callback();

  async function interaction(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    const user = knobs.user;
    if (details.prompt.name === 'login') {
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: user.accountId } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (user.deny) {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The person denied access.' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const grant = new provider.Grant({
      accountId: details.session?.accountId ?? user.accountId,
      clientId: details.params.client_id,
    });
    for (const scope of details.prompt.details.missingOIDCScope ?? []) grant.addOIDCScope(scope);
    for (const [resource, scopes] of Object.entries(details.prompt.details.missingResourceScopes ?? {}))
      grant.addResourceScope(resource, scopes.join(' '));
    const grantId = await grant.save();
    grantIds.add(grantId);
    businessOfGrant.set(grantId, user.business);
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  return {
    issuer,
    knobs,
    async handle(req, res) {
      const path = new URL(req.url ?? '/', issuer).pathname;
      if (path.startsWith('/interaction/')) {
        await interaction(req, res);
        return true;
      }
      const rootEndpoint = options.rootEndpoints && /^\/(authorize|token|register)(\/|$)/.test(path);
      if (path.startsWith('/oauth/') || rootEndpoint || path.startsWith('/.well-known/openid-configuration')) {
        callback(req, res);
        return true;
      }
      return false;
    },
  };
}
