import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clientMetadataDocumentUrl } from '../../shared/auth/oauth/client-metadata.js';
import {
  fallbackAuthorizationServerMetadata,
  scopeToRequest,
  type DiscoveredServer,
} from '../../shared/auth/oauth/discover-server.js';
import { readClient } from '../../shared/auth/oauth/grant-store.js';
import {
  connectionClientAccount,
  readPreRegisteredClient,
  savePreRegisteredClient,
} from '../../shared/auth/oauth/pre-registered-client.js';
import { canOpenBrowser, missingScopes, signInAgainCommand, stepUpScopes } from '../../shared/auth/oauth/step-up.js';
import { InputError } from '../../shared/errors.js';
import { MemorySecretStore } from '../../shared/secrets/memory-secret-store.js';

const discovered = (challengeScope?: string, supported?: string[], asScopes?: string[]): DiscoveredServer => ({
  state: {
    authorizationServerUrl: 'https://as.example.com',
    ...(supported ? { resourceMetadata: { resource: 'https://mcp.example.com/', scopes_supported: supported } } : {}),
    ...(asScopes
      ? {
          authorizationServerMetadata: {
            ...fallbackAuthorizationServerMetadata('https://as.example.com'),
            scopes_supported: asScopes,
          },
        }
      : {}),
  },
  ...(challengeScope ? { challengeScope } : {}),
});

describe('2025-03-26 fallback endpoints', () => {
  it('puts /authorize, /token and /register at the root of the server, whatever its path', () => {
    const metadata = fallbackAuthorizationServerMetadata('https://mcp.example.com/some/path/mcp');
    expect(metadata).toMatchObject({
      issuer: 'https://mcp.example.com/',
      authorization_endpoint: 'https://mcp.example.com/authorize',
      token_endpoint: 'https://mcp.example.com/token',
      registration_endpoint: 'https://mcp.example.com/register',
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
    });
  });
});

describe('scope selection', () => {
  it('takes the challenge scope, else scopes_supported, adds extra (step-up) scopes and offline_access when offered', () => {
    expect(scopeToRequest(discovered('mcp:basic', ['other']))).toBe('mcp:basic');
    expect(scopeToRequest(discovered(undefined, ['a', 'b']))).toBe('a b');
    expect(scopeToRequest(discovered(undefined, undefined))).toBeUndefined();
    expect(scopeToRequest(discovered('mcp:basic'), ['mcp:basic', 'mcp:write'])).toBe('mcp:basic mcp:write');
    expect(scopeToRequest(discovered('mcp:basic', undefined, ['offline_access']), ['mcp:write'])).toBe(
      'mcp:basic mcp:write offline_access',
    );
  });

  it('steps up to the union of granted and required scopes and names only what is missing', () => {
    expect(stepUpScopes(['mcp:basic'], ['mcp:basic', 'mcp:write'])).toEqual(['mcp:basic', 'mcp:write']);
    expect(missingScopes(['mcp:basic'], ['mcp:basic', 'mcp:write', 'mcp:write'])).toEqual(['mcp:write']);
    expect(signInAgainCommand({ label: 'Acme MCP' }, ['mcp:write'])).toBe(
      'bridgekeeper login "Acme MCP" --scope "mcp:write"',
    );
    expect(signInAgainCommand({ label: 'Acme MCP' }, [])).toBe('bridgekeeper login "Acme MCP"');
  });

  it('opens a browser from the gateway only where one can appear', () => {
    expect(canOpenBrowser({}, 'linux')).toBe(false);
    expect(canOpenBrowser({ DISPLAY: ':0' }, 'linux')).toBe(true);
    expect(canOpenBrowser({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(canOpenBrowser({ BRIDGEKEEPER_OPEN_BROWSER_CMD: '/usr/bin/true' }, 'linux')).toBe(true);
    expect(canOpenBrowser({}, 'darwin')).toBe(true);
    expect(canOpenBrowser({}, 'win32')).toBe(true);
  });
});

describe('Client ID Metadata Document URL', () => {
  it('is used only when configured, and must be HTTPS with a path', () => {
    expect(clientMetadataDocumentUrl({})).toBeUndefined();
    expect(clientMetadataDocumentUrl({ BRIDGEKEEPER_CLIENT_METADATA_URL: ' https://example.com/bk.json ' })).toBe(
      'https://example.com/bk.json',
    );
    for (const bad of ['http://example.com/bk.json', 'https://example.com/', 'not a url']) {
      expect(() => clientMetadataDocumentUrl({ BRIDGEKEEPER_CLIENT_METADATA_URL: bad })).toThrow(InputError);
    }
  });
});

describe('pre-registered clients', () => {
  it("keeps id and secret in the connection's keychain entry and refuses malformed input", async () => {
    const secrets = new MemorySecretStore();
    const id = `conn_${crypto.randomBytes(4).toString('hex')}`;
    await savePreRegisteredClient(secrets, id, { clientId: 'my-client', clientSecret: 's3cret-value\n' });
    expect(await readPreRegisteredClient(secrets, id)).toEqual({
      client_id: 'my-client',
      client_secret: 's3cret-value',
    });
    expect(await readClient(secrets, connectionClientAccount(id))).toEqual({
      client_id: 'my-client',
      client_secret: 's3cret-value',
    });
    await savePreRegisteredClient(secrets, id, { clientId: 'public-client' });
    expect(await readPreRegisteredClient(secrets, id)).toEqual({ client_id: 'public-client' });
    await expect(savePreRegisteredClient(secrets, id, { clientId: 'has space' })).rejects.toThrow();
    await expect(savePreRegisteredClient(secrets, id, { clientId: 'ok', clientSecret: 'two words' })).rejects.toThrow();
  });
});
