import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { KeychainUnavailableError } from '../../shared/errors.js';
import { KeytarSecretStore } from '../../shared/secrets/keytar-secret-store.js';
import { distPath, runNode } from '../helpers/cli.js';

// These tests talk to a real Secret Service (gnome-keyring in a private D-Bus session, see
// scripts/with-test-keyring.sh, which `npm test` uses). Without one they fail, by design.
const store = new KeytarSecretStore();
const account = `test-${crypto.randomUUID()}:token`;

describe('KeytarSecretStore against the real keychain', () => {
  afterAll(async () => {
    await store.delete(account).catch(() => undefined);
  });

  it('sets, gets, overwrites and deletes a secret', async () => {
    expect(await store.get(account)).toBeNull();
    await store.set(account, 'imb_pat_first_value_0001');
    expect(await store.get(account)).toBe('imb_pat_first_value_0001');
    await store.set(account, 'imb_pat_second_value_0002');
    expect(await store.get(account)).toBe('imb_pat_second_value_0002');
    expect(await store.delete(account)).toBe(true);
    expect(await store.get(account)).toBeNull();
    expect(await store.delete(account)).toBe(false);
  });

  it('lets two other processes read the same entry one process wrote', async () => {
    const worker = distPath('test/helpers/keychain-worker.js');
    const wrote = await runNode([worker, 'set', account], { input: 'sk_live_shared_between_processes_42' });
    expect(wrote.stdout).toBe('ok\n');
    const reads = await Promise.all([runNode([worker, 'get', account]), runNode([worker, 'get', account])]);
    expect(reads.map((r) => r.stdout)).toEqual([
      'sk_live_shared_between_processes_42\n',
      'sk_live_shared_between_processes_42\n',
    ]);
    expect(await store.get(account)).toBe('sk_live_shared_between_processes_42');
  });

  it('gives the typed KeychainUnavailableError when no D-Bus session can be reached', async () => {
    const worker = distPath('test/helpers/keychain-worker.js');
    const env = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bridgekeeper-test-bus', DISPLAY: '' };
    const result = await runNode([worker, 'get', account], { env });
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/^keychain_unavailable\n/);
    expect(result.stdout).toMatch(/not available: no D-Bus session/);
  });

  it('in-process, carries the stable code, the detail in its message and the next step for this platform', () => {
    const error = new KeychainUnavailableError('no D-Bus session is running');
    expect(error).toBeInstanceOf(KeychainUnavailableError);
    expect(error).toMatchObject({
      code: 'keychain_unavailable',
      message: 'The system keychain is not available: no D-Bus session is running.',
    });
    expect(error.hint).toMatch(/then try again\.$/);
    if (process.platform === 'linux') expect(error.hint).toMatch(/Secret Service keyring and never in a file/);
  });
});
