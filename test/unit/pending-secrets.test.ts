import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordPendingSecret, sweepOrphanedSecrets } from '../../shared/connections/pending-secrets.js';
import { ConnectionStore } from '../../shared/connections/store.js';
import { MemorySecretStore } from '../../shared/secrets/memory-secret-store.js';
import { secretAccount } from '../../shared/secrets/secret-store.js';
import { tempDir } from '../helpers/cli.js';

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  return pid!;
}

async function setUp() {
  const home = tempDir();
  const core = { home, store: new ConnectionStore({ home }), secrets: new MemorySecretStore() };
  const write = async (id: string, record: string, ageMs = 0) => {
    fs.mkdirSync(path.join(home, 'pending'), { recursive: true });
    const file = path.join(home, 'pending', `${id}.json`);
    fs.writeFileSync(file, record);
    const at = new Date(Date.now() - ageMs);
    fs.utimesSync(file, at, at);
    await core.secrets.set(secretAccount(id), `secret-of-${id}`);
  };
  return { core, write, pending: () => fs.readdirSync(path.join(home, 'pending')).sort() };
}

describe('sweepOrphanedSecrets', () => {
  it("removes the secrets of a dead process's add, keeps those of this (live) process", async () => {
    const { core, write, pending } = await setUp();
    await write('c_dead000001', JSON.stringify({ id: 'c_dead000001', pid: deadPid(), host: os.hostname() }));
    const settle = recordPendingSecret(core.home, 'c_live000001');
    await core.secrets.set(secretAccount('c_live000001'), 'secret-of-c_live000001');
    expect(await sweepOrphanedSecrets(core)).toEqual(['c_dead000001']);
    expect(await core.secrets.get(secretAccount('c_dead000001'))).toBeNull();
    expect(await core.secrets.get(secretAccount('c_live000001'))).toBe('secret-of-c_live000001');
    expect(pending()).toEqual(['c_live000001.json']);
    settle();
    expect(pending()).toEqual([]);
  });

  it('never removes the secret of a connection that reached the store, even one this version cannot read', async () => {
    const { core, write, pending } = await setUp();
    const saved = await core.store.add({ id: 'c_saved00001', label: 'Saved', provider: 'imboard', authKind: 'token' });
    const file = JSON.parse(fs.readFileSync(core.store.path, 'utf8'));
    file.connections.push({
      id: 'c_newer00001',
      label: 'Newer',
      provider: 'calendly',
      authKind: 'token',
      createdAt: 'x',
      updatedAt: 'x',
    });
    fs.writeFileSync(core.store.path, JSON.stringify(file));
    for (const id of [saved.id, 'c_newer00001'])
      await write(id, JSON.stringify({ id, pid: deadPid(), host: os.hostname() }));
    expect(await sweepOrphanedSecrets(core)).toEqual([]);
    expect(await core.secrets.get(secretAccount(saved.id))).toBe(`secret-of-${saved.id}`);
    expect(await core.secrets.get(secretAccount('c_newer00001'))).toBe('secret-of-c_newer00001');
    expect(pending()).toEqual([]);
  });

  it('waits a day for a record from another computer, and a minute for a record cut short while written', async () => {
    const { core, write, pending } = await setUp();
    const other = (id: string) => JSON.stringify({ id, pid: deadPid(), host: `not-${os.hostname()}` });
    await write('c_otherhost01', other('c_otherhost01'));
    await write('c_otherhost02', other('c_otherhost02'), 25 * 60 * 60 * 1000);
    await write('c_cutshort01', '{"id":"c_cut');
    await write('c_cutshort02', '{"id":"c_cut', 2 * 60 * 1000);
    expect((await sweepOrphanedSecrets(core)).sort()).toEqual(['c_cutshort02', 'c_otherhost02']);
    expect(pending()).toEqual(['c_cutshort01.json', 'c_otherhost01.json']);
    expect(await core.secrets.get(secretAccount('c_otherhost01'))).toBe('secret-of-c_otherhost01');
  });
});
