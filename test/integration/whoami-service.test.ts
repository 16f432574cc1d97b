import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addConnection } from '../../shared/use-cases/add-connection.js';
import { createCore, type Core } from '../../shared/connections/core.js';
import { SecretMissingError, UpstreamError } from '../../shared/errors.js';
import { UpstreamHttpClient } from '../../shared/net/http-client.js';
import { getProvider } from '../../shared/providers/registry.js';
import { checkConnection } from '../../shared/use-cases/whoami-service.js';
import { KeytarSecretStore } from '../../shared/secrets/keytar-secret-store.js';
import { secretAccount } from '../../shared/secrets/secret-store.js';
import { startImboardSimulator, type ImboardSimulator } from '../simulators/imboard.js';
import { startSessionServicesSimulator, type SessionServicesSimulator } from '../simulators/session-services.js';

// Real keychain (run inside scripts/with-test-keyring.sh), real store in a temp home, real HTTP to simulators.
let ss: SessionServicesSimulator;
let imb: ImboardSimulator;
let core: Core;
let home: string;

beforeAll(async () => {
  [ss, imb] = await Promise.all([startSessionServicesSimulator(), startImboardSimulator()]);
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-whoami-'));
  core = createCore({
    home,
    secrets: new KeytarSecretStore({ service: `bridgekeeper-test-${process.pid}` }),
    http: new UpstreamHttpClient({ timeoutMs: 10_000, sleep: async () => undefined }),
  });
});
afterAll(async () => {
  for (const c of core.store.list())
    for (const kind of ['token'] as const) await core.secrets.delete(secretAccount(c.id, kind)).catch(() => undefined);
  await Promise.all([ss.close(), imb.close()]);
  fs.rmSync(home, { recursive: true, force: true });
});

const add = (provider: string, label: string, secret: string | null, extra: Record<string, unknown> = {}) =>
  addConnection(core, { provider: getProvider(provider), label, secret, ...extra }).then((r) => r.connection);
async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.fail('expected a failure'),
    (e: unknown) => e,
  );
}

describe('checkConnection', { timeout: 60_000 }, () => {
  it('records ok, server scopes and identity, merges declared scopes, and clears learned gaps the server now grants', async () => {
    const c = await add('session-services', 'Harbour', ss.tokens.eventManager, {
      baseUrl: ss.url,
      metadata: { tenantId: ss.tokens.tenantId },
      declaredScopes: ['MARKETING'],
    });
    await core.store.update(c.id, () => ({
      learnedGaps: [
        { scope: 'ORDER', tool: 'list_orders', at: new Date().toISOString() },
        { scope: 'FINANCE', tool: 'list_payouts', at: new Date().toISOString() },
      ],
    }));
    const who = await checkConnection(core, 'Harbour');
    expect(who.scopes.map((s) => [s.scope, s.provenance])).toEqual([
      ['EVENT', 'server'],
      ['ORDER', 'server'],
      ['MARKETING', 'declared'],
    ]);
    expect(who.scopes.find((s) => s.scope === 'MARKETING')?.description).toBe(
      'Create campaigns and send communications',
    );
    expect(who.missingScopes).toEqual([{ scope: 'FINANCE', provenance: 'learned', tool: 'list_payouts' }]);
    const stored = core.store.get(c.id);
    expect(stored.status.state).toBe('ok');
    expect(stored.serverScopes).toEqual(['EVENT', 'ORDER']);
    expect(stored.learnedGaps.map((g) => g.scope)).toEqual(['FINANCE']);
    expect(stored.metadata).toMatchObject({
      principalType: 'user',
      principalName: 'Maya Chen',
      tokenKind: 'jwt',
      principalId: 'usr_maya',
    });
    expect(JSON.stringify(stored)).not.toContain(ss.tokens.eventManager);
  });

  it('a tenant-only connection needs no keychain entry and is ok', async () => {
    const c = await add('session-services', 'Harbour public', null, {
      baseUrl: ss.url,
      authKind: 'tenant',
      metadata: { tenantId: ss.tokens.tenantId },
    });
    const who = await checkConnection(core, c);
    expect(who.flags.tenantOnly).toBe(true);
    expect(core.store.get(c.id).status.state).toBe('ok');
  });

  it('stores the pinned board of a board token so tools can default to it', async () => {
    const c = await add('imboard', 'Acme bot', imb.tokens.batRead, { baseUrl: imb.apiBaseUrl });
    await checkConnection(core, c.id);
    expect(core.store.get(c.id).metadata).toMatchObject({
      principalType: 'board',
      principalId: imb.boards.acme,
      boardPinned: true,
      tokenKind: 'board_token',
    });
  });

  it.each([
    ['expired', 'expired'],
    ['suspended', 'suspended'],
    ['inactive', 'suspended'],
  ] as const)(
    "an I'mBoard %s token marks the connection %s with a reason and rethrows the typed error",
    async (token, state) => {
      const c = await add('imboard', `Dana ${token}`, imb.tokens[token], { baseUrl: imb.apiBaseUrl });
      const error = await failure(checkConnection(core, c.id));
      expect(error).toBeInstanceOf(UpstreamError);
      const stored = core.store.get(c.id);
      expect(stored.status.state).toBe(state);
      expect(stored.status.reason).toMatch(/I'mBoard/);
      expect(stored.status.at).toBeDefined();
    },
  );

  it("a token revoked after it was added turns ok into revoked (I'mBoard) or invalid (Session Services)", async () => {
    const token = ss.issueToken({ scopes: ['EVENT'] });
    const imbToken = imb.tokens.patFull;
    const c = await add('imboard', 'Dana full', imbToken, { baseUrl: imb.apiBaseUrl });
    expect((await checkConnection(core, c.id)).tokenKind).toBe('pat');
    imb.revoke(imbToken);
    expect(((await failure(checkConnection(core, c.id))) as UpstreamError).kind).toBe('revoked');
    expect(core.store.get(c.id).status.state).toBe('revoked');
    const s = await add('session-services', 'Harbour soon revoked', token, {
      baseUrl: ss.url,
      metadata: { tenantId: ss.tokens.tenantId },
    });
    ss.revoke(token);
    await failure(checkConnection(core, s.id));
    expect(core.store.get(s.id).status.state).toBe('invalid');
  });

  it('a missing keychain entry is a SecretMissingError and marks the connection invalid', async () => {
    const c = await add('imboard', 'Dana read', imb.tokens.patRead, { baseUrl: imb.apiBaseUrl });
    await core.secrets.delete(secretAccount(c.id));
    expect(await failure(checkConnection(core, c.id))).toBeInstanceOf(SecretMissingError);
    expect(core.store.get(c.id).status.state).toBe('invalid');
  });

  it('a rate-limited check that recovers leaves the status ok, and a transient failure does not mark the token bad', async () => {
    const c = await add('imboard', 'Dana read 2', imb.tokens.patRead, { baseUrl: imb.apiBaseUrl });
    imb.rateLimitNext(1, 1);
    await checkConnection(core, c.id);
    expect(core.store.get(c.id).status.state).toBe('ok');
    await imb.close();
    const error = (await failure(checkConnection(core, c.id))) as UpstreamError;
    expect(error.kind).toBe('network');
    expect(core.store.get(c.id).status.state).toBe('ok');
    imb = await startImboardSimulator();
  });
});
