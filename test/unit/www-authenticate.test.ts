import { describe, expect, it } from 'vitest';
import { parseWwwAuthenticate, upstreamErrorFromResponse } from '../../shared/upstream-mcp/http-status-errors.js';

const headers = (value: string) => new Headers({ 'www-authenticate': value });

describe('WWW-Authenticate challenges of remote MCP servers (read by the SDK parser)', () => {
  it('reads quoted and unquoted fields', () => {
    expect(parseWwwAuthenticate('Bearer error="insufficient_scope", scope="items:write admin"')).toEqual({
      error: 'insufficient_scope',
      scope: ['items:write', 'admin'],
    });
    expect(parseWwwAuthenticate('Bearer error=insufficient_scope, scope=items:write')).toEqual({
      error: 'insufficient_scope',
      scope: ['items:write'],
    });
    expect(
      parseWwwAuthenticate('Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource"'),
    ).toEqual({
      resourceMetadata: 'https://mcp.example.com/.well-known/oauth-protected-resource',
    });
    expect(parseWwwAuthenticate(null)).toEqual({});
  });

  it('an unquoted insufficient_scope challenge becomes a missing-scope error naming the scope', () => {
    const error = upstreamErrorFromResponse(
      { status: 403, headers: headers('Bearer error=insufficient_scope, scope=items:write'), text: '' },
      'Acme MCP',
      'mcp.example.com',
    );
    expect(error).toMatchObject({ kind: 'missing_scope', missingScopes: ['items:write'] });
    expect(error.message).toContain('items:write');
  });
});
