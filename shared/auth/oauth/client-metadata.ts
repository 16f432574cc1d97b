import type { OAuthClientMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';

/**
 * What Bridgekeeper registers with Dynamic Client Registration (RFC 7591): a public native client (no secret,
 * PKCE only) whose loopback redirect may use any port (RFC 8252 §7.3), so one registration serves every
 * attempt and every connection to the same authorization server.
 */
export function bridgekeeperClientMetadata(redirectUrl: string): OAuthClientMetadata {
  const metadata = {
    client_name: 'Bridgekeeper',
    redirect_uris: [redirectUrl],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
    application_type: 'native',
  };
  return metadata as OAuthClientMetadata;
}
