import type { OAuthClientMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import { parseClientMetadataUrl, readHomeSettings } from '../../connections/home-settings.js';

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
 * registration, SEP-991). Bridgekeeper is a desktop app and hosts no such document itself; an organisation that
 * publishes one (with Bridgekeeper's loopback redirect URIs) stores its address once with `bridgekeeper settings set
 * client-metadata-url <url>` (`<home>/settings.json`, read by the app, the CLI and every assistant's gateway), or
 * sets `BRIDGEKEEPER_CLIENT_METADATA_URL`, which overrides the stored one. Sign-in then uses the URL as client id
 * with servers that advertise `client_id_metadata_document_supported`. Neither: Dynamic Client Registration as
 * before. Must be HTTPS with a path (the spec's rule); a bad variable is an error, a bad stored value is ignored.
 */
export function clientMetadataDocumentUrl(env: NodeJS.ProcessEnv = process.env, home?: string): string | undefined {
  const raw = env.BRIDGEKEEPER_CLIENT_METADATA_URL?.trim();
  if (raw) return parseClientMetadataUrl(raw, 'BRIDGEKEEPER_CLIENT_METADATA_URL');
  return home === undefined ? undefined : readHomeSettings(home).clientMetadataUrl;
}
