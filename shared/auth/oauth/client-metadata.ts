import type { OAuthClientMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import { InputError } from '../../errors.js';

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

/**
 * The URL of a Client ID Metadata Document that describes Bridgekeeper (the 2025-11-25 MCP spec's preferred client
 * registration, SEP-991), from `BRIDGEKEEPER_CLIENT_METADATA_URL`. Bridgekeeper is a desktop app and hosts no such
 * document itself; an organisation that publishes one (with Bridgekeeper's loopback redirect URIs) sets this, and
 * sign-in then uses the URL as client id with servers that advertise `client_id_metadata_document_supported`.
 * Unset: Dynamic Client Registration as before. Must be HTTPS with a path (the spec's rule).
 */
export function clientMetadataDocumentUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.BRIDGEKEEPER_CLIENT_METADATA_URL?.trim();
  if (!raw) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || url.pathname === '/') {
    throw new InputError(
      `BRIDGEKEEPER_CLIENT_METADATA_URL is not an HTTPS URL with a path: ${raw}`,
      'Set it to the address of your Client ID Metadata Document (e.g. https://example.com/bridgekeeper.json), or unset it.',
    );
  }
  return url.href;
}
