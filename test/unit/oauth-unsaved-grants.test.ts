import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { grantFromTokens, readGrant, writeGrant } from '../../shared/auth/oauth/grant-store.js';
import { assertRefreshTokenLive, saveRotatedGrant } from '../../shared/auth/oauth/rotated-grant.js';
import { spentRefreshTokenState } from '../../shared/auth/oauth/unsaved-grants.js';
import { createCore } from '../../shared/connections/core.js';
import { ConnectionStore } from '../../shared/connections/store.js';
import { homePaths } from '../../shared/paths.js';
import { MemorySecretStore } from '../../shared/secrets/memory-secret-store.js';
import { tempDir } from '../helpers/cli.js';
import { FailingWritesSecretStore } from '../helpers/limited-secret-store.js';

const server = {
  authorizationServerUrl: 'https://auth.example.com',
  issuer: 'https://auth.example.com',
  tokenEndpoint: 'https://auth.example.com/token',
  serverUrl: 'https://mcp.example.com/mcp',
  authorizationServerMetadata: {},
};

async function setup() {
  const home = tempDir();
  const failing = new FailingWritesSecretStore(new MemorySecretStore());
  const core = createCore({ home, store: new ConnectionStore({ home }), secrets: failing });
  const connection = await core.store.add({
    label: 'Unsaved',
    provider: 'remote-mcp',
    authKind: 'oauth',
    metadata: { url: 'https://mcp.example.com/mcp' },
  });
  const first = grantFromTokens(
    { access_token: 'at-1', refresh_token: 'rt-1', token_type: 'Bearer', expires_in: 3600 },
    { server, clientAccount: 'as_x:oauth-client' },
  );
  await writeGrant(core.secrets, connection.id, first);
  const next = grantFromTokens(
    { access_token: 'at-2', refresh_token: 'rt-2', token_type: 'Bearer', expires_in: 3600 },
    { server, clientAccount: 'as_x:oauth-client', previous: first },
  );
  return { core, failing, connection, first, next };
}

describe('a rotated grant the keychain refuses', () => {
  it('is kept for this process, and its spent token is refused to others: wait while the holder lives', async () => {
    const { core, failing, connection, next } = await setup();
    failing.failing = true;
    await saveRotatedGrant(core, connection.id, next, 'rt-1');
    expect((await readGrant(core.secrets, connection.id))?.refresh_token).toBe('rt-2');
    expect(spentRefreshTokenState(core.home, connection.id, 'rt-1')).toBe('wait');
    expect(spentRefreshTokenState(core.home, connection.id, 'rt-2')).toBe('send');
    await expect(assertRefreshTokenLive(core, connection.id, 'Unsaved', 'rt-1')).rejects.toThrow(
      /could not save it to the keychain yet/,
    );
  });

  it('"sign in again" (never sending the spent token) once the process holding the only copy is gone', async () => {
    const { core, connection } = await setup();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const file = path.join(homePaths(core.home).locks, `oauth-spent-${connection.id}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const digest = (await import('node:crypto')).createHash('sha256').update('rt-1').digest('base64url');
    fs.writeFileSync(file, JSON.stringify({ pid: dead, digests: [digest] }));
    expect(spentRefreshTokenState(core.home, connection.id, 'rt-1')).toBe('lost');
    await expect(assertRefreshTokenLive(core, connection.id, 'Unsaved', 'rt-1')).rejects.toThrow(/sign in again/);
    expect(core.store.get(connection.id).status.state).toBe('needs_sign_in');
  });

  it('a sign-in written meanwhile replaces the kept copy (the background save never overwrites it)', async () => {
    const { core, failing, connection, next } = await setup();
    failing.failing = true;
    await saveRotatedGrant(core, connection.id, next, 'rt-1');
    failing.failing = false;
    const signedIn = { ...next, access_token: 'at-new', refresh_token: 'rt-new' };
    await writeGrant(core.secrets, connection.id, signedIn);
    expect((await readGrant(core.secrets, connection.id))?.refresh_token).toBe('rt-new');
  });
});
