import {
  buildDiscoveryUrls,
  discoverOAuthServerInfo,
  extractWWWAuthenticateParams,
  type OAuthDiscoveryState,
} from '@modelcontextprotocol/sdk/client/auth.js';
import type { AuthorizationServerMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { UpstreamError } from '../../errors.js';
import { assertSafeUrl } from '../../net/url-safety.js';
import { SignInError } from './errors.js';
import { safeFetch } from './safe-fetch.js';

/**
 * Ends the session a server opened for the unauthenticated probe (it let `initialize` through): its DELETE, as any
 * MCP client ends a session, best effort (a server that refuses or ignores it is not an error here).
 */
async function endProbeSession(
  fetchFn: FetchLike,
  serverUrl: string,
  sessionId: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  try {
    const response = await fetchFn(serverUrl, {
      method: 'DELETE',
      headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': LATEST_PROTOCOL_VERSION },
      ...(signal ? { signal } : {}),
    });
    await response.body?.cancel();
  } catch {
    // best effort
  }
}

/** What discovery found for an MCP server: the SDK's discovery state plus the challenge's scope. */
export interface DiscoveredServer {
  state: OAuthDiscoveryState;
  /** The scope the 401 challenge asked for, when it did. */
  challengeScope?: string;
}

/**
 * RFC 9728 + RFC 8414 discovery for an MCP server, the way the SDK's transport does it on a 401: an
 * unauthenticated request yields the `WWW-Authenticate` challenge and its `resource_metadata` URL, the
 * protected-resource metadata names the authorization server, whose metadata is read (OIDC fallback). Every
 * endpoint a credential or a browser will be sent to must be HTTPS (or loopback).
 */
export async function discoverServer(serverUrl: string, signal?: AbortSignal): Promise<DiscoveredServer> {
  const fetchFn = safeFetch();
  let challenge: ReturnType<typeof extractWWWAuthenticateParams> = {};
  let answeredOpenly = false;
  try {
    const probe = await fetchFn(serverUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': LATEST_PROTOCOL_VERSION,
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: {
          protocolVersion: LATEST_PROTOCOL_VERSION,
          capabilities: {},
          clientInfo: { name: 'bridgekeeper', version: '0' },
        },
      }),
      ...(signal ? { signal } : {}),
    });
    await probe.body?.cancel();
    // Some servers let `initialize` through and challenge only later requests: then the well-known metadata decides.
    answeredOpenly = probe.ok;
    const opened = probe.ok ? probe.headers.get('mcp-session-id') : null;
    if (opened) await endProbeSession(fetchFn, serverUrl, opened, signal);
    if (probe.status === 401) challenge = extractWWWAuthenticateParams(probe);
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    throw new UpstreamError(
      'network',
      `Could not reach ${new URL(serverUrl).host} to start the sign-in.`,
      'Check your internet connection and the server address, then try again.',
      { cause: error },
    );
  }
  let info;
  try {
    info = await discoverOAuthServerInfo(serverUrl, {
      ...(challenge.resourceMetadataUrl ? { resourceMetadataUrl: challenge.resourceMetadataUrl } : {}),
      fetchFn,
    });
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    throw new SignInError(
      'not_oauth',
      `Could not read the sign-in (OAuth) settings of ${new URL(serverUrl).host}: ${error instanceof Error ? error.message : String(error)}`,
      'Check the server address; the service may not support OAuth sign-in.',
      { cause: error },
    );
  }
  let parsedMetadata = info.authorizationServerMetadata;
  if (!parsedMetadata && !info.resourceMetadata && !answeredOpenly) {
    // A server of the 2025-03-26 MCP spec that asked for a sign-in but publishes no metadata at all: its
    // authorization server is the server's own origin, with the spec's default endpoints (what the SDK's auth()
    // assumes too). Written out so that refresh and revocation later need no discovery.
    parsedMetadata = fallbackAuthorizationServerMetadata(info.authorizationServerUrl);
  }
  if (!parsedMetadata) {
    if (answeredOpenly)
      throw new SignInError(
        'not_oauth',
        `${new URL(serverUrl).host} answered without asking for a sign-in.`,
        'This server does not use OAuth: connect it without signing in (or with a token).',
      );
    throw new SignInError(
      'not_oauth',
      `${new URL(info.authorizationServerUrl).host} publishes no OAuth authorization server metadata.`,
      'This server does not support OAuth sign-in: connect it with a token instead.',
    );
  }
  const revocation =
    revocationEndpointOf(parsedMetadata) ?? (await rawRevocationEndpoint(info.authorizationServerUrl, fetchFn));
  const metadata = {
    ...parsedMetadata,
    ...(revocation ? { revocation_endpoint: revocation } : {}),
  } as AuthorizationServerMetadata;
  info.authorizationServerMetadata = metadata;
  for (const url of [
    info.authorizationServerUrl,
    metadata.issuer,
    metadata.authorization_endpoint,
    metadata.token_endpoint,
    metadata.registration_endpoint,
    revocationEndpointOf(metadata),
  ]) {
    if (url) assertSafeUrl(url);
  }
  return {
    state: {
      ...info,
      ...(challenge.resourceMetadataUrl ? { resourceMetadataUrl: challenge.resourceMetadataUrl.href } : {}),
    },
    ...(challenge.scope ? { challengeScope: challenge.scope } : {}),
  };
}

/**
 * The 2025-03-26 MCP spec's default endpoints for a server without authorization server metadata: `/authorize`,
 * `/token` and `/register` at the root of its origin.
 */
export function fallbackAuthorizationServerMetadata(authorizationServerUrl: string): AuthorizationServerMetadata {
  const root = new URL('/', authorizationServerUrl);
  return {
    issuer: root.href,
    authorization_endpoint: new URL('/authorize', root).href,
    token_endpoint: new URL('/token', root).href,
    registration_endpoint: new URL('/register', root).href,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
  };
}

/** RFC 7009 revocation endpoint, when the metadata (OAuth or OIDC flavour) lists one. */
export function revocationEndpointOf(metadata: AuthorizationServerMetadata): string | undefined {
  const value = (metadata as { revocation_endpoint?: unknown }).revocation_endpoint;
  return typeof value === 'string' ? value : undefined;
}

/**
 * The SDK's OpenID-flavoured metadata schema drops `revocation_endpoint` (RFC 7009 / RFC 8414); read it from the
 * raw document, trying the same well-known URLs in the same order.
 */
async function rawRevocationEndpoint(authorizationServerUrl: string, fetchFn: FetchLike): Promise<string | undefined> {
  for (const { url } of buildDiscoveryUrls(authorizationServerUrl)) {
    const response = await fetchFn(url, { headers: { accept: 'application/json' } }).catch(() => undefined);
    if (!response?.ok) {
      await response?.body?.cancel();
      continue;
    }
    const parsed = z
      .object({ revocation_endpoint: z.string().url().optional() })
      .safeParse(await response.json().catch(() => null));
    return parsed.success ? parsed.data.revocation_endpoint : undefined;
  }
  return undefined;
}

/**
 * The scope to request: the challenge's, else the resource's `scopes_supported`, plus `extra` (a step-up's union of
 * granted and required scopes), plus `offline_access` when offered.
 */
export function scopeToRequest(discovered: DiscoveredServer, extra: string[] = []): string | undefined {
  const base = [
    ...(discovered.challengeScope?.split(/\s+/) ?? discovered.state.resourceMetadata?.scopes_supported ?? []),
    ...extra,
  ];
  const offered = discovered.state.authorizationServerMetadata?.scopes_supported ?? [];
  const scopes = new Set(base.filter(Boolean));
  if (offered.includes('offline_access')) scopes.add('offline_access');
  return scopes.size ? [...scopes].join(' ') : undefined;
}
