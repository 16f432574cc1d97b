import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { invokeOperation } from '../../shared/app/handlers.js';
import { testAppHandlers } from '../helpers/app-handlers.js';
import { readPreRegisteredClient } from '../../shared/auth/oauth/pre-registered-client.js';

const homes: string[] = [];
function setup() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-app-client-'));
  homes.push(home);
  const { core, handlers } = testAppHandlers(home);
  return { core, handlers, home };
}
afterEach(() => {
  for (const home of homes.splice(0)) fs.rmSync(home, { recursive: true, force: true });
});

describe('app: remote MCP server with a pre-registered OAuth client', () => {
  it('keeps the client id in the store and the secret only in the keychain', async () => {
    const { core, handlers, home } = setup();
    const secret = 'CANARY-client-secret-0123456789';
    const result = await invokeOperation(handlers, 'addConnection', {
      service: 'remote-mcp',
      label: 'Partner MCP',
      url: 'https://mcp.example.com/mcp',
      authKind: 'oauth',
      oauthClientId: 'partner-client',
      oauthClientSecret: secret,
    });
    expect(result.ok).toBe(true);
    const connection = core.store.get('Partner MCP');
    expect(connection.metadata.oauthClientId).toBe('partner-client');
    expect(await readPreRegisteredClient(core.secrets, connection.id)).toEqual({
      client_id: 'partner-client',
      client_secret: secret,
    });
    expect(fs.readFileSync(path.join(home, 'connections.json'), 'utf8')).not.toContain(secret);
    expect(JSON.stringify(result)).not.toContain(secret);
  });

  it('refuses client fields for other services, without a client id, or with a malformed secret, before saving anything', async () => {
    const { core, handlers } = setup();
    for (const request of [
      { service: 'sessions-website', label: 'A', handle: 'acme', authKind: 'oauth', oauthClientId: 'x' },
      {
        service: 'remote-mcp',
        label: 'B',
        url: 'https://mcp.example.com/mcp',
        authKind: 'oauth',
        oauthClientSecret: 'only-a-secret',
      },
      {
        service: 'remote-mcp',
        label: 'C',
        url: 'https://mcp.example.com/mcp',
        authKind: 'oauth',
        oauthClientId: 'ok',
        oauthClientSecret: 'two words',
      },
    ]) {
      const result = await invokeOperation(handlers, 'addConnection', request);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(core.store.list()).toHaveLength(0);
  });
});
