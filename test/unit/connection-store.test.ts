import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionStore, type NewConnection } from '../../shared/connections/store.js';
import { DuplicateLabelError, ConnectionNotFoundError, StoreError } from '../../shared/errors.js';
import { tempDir } from '../helpers/cli.js';

const sample = (label: string): NewConnection => ({
  label,
  provider: 'imboard',
  authKind: 'token',
  metadata: { maskedToken: 'imb_pat_…1234' },
});

describe('ConnectionStore', () => {
  const stops: Array<() => void> = [];
  afterEach(() => stops.splice(0).forEach((stop) => stop()));

  it('adds, finds by id or case-insensitive label, updates and removes connections', async () => {
    const store = new ConnectionStore({ home: tempDir() });
    const added = await store.add(sample('Acme EU'));
    expect(added.id).toMatch(/^c_[a-z0-9]{10}$/);
    expect(added.policies).toEqual({ readOnly: false, disabledTools: [], confirmWrites: false, redactPii: false });
    expect(store.get('acme eu').id).toBe(added.id);
    expect(store.get(added.id).label).toBe('Acme EU');
    const updated = await store.update(added.id, () => ({ policies: { ...added.policies, readOnly: true } }));
    expect(updated.policies.readOnly).toBe(true);
    expect(updated.createdAt).toBe(added.createdAt);
    await store.remove('ACME EU');
    expect(store.list()).toEqual([]);
  });

  it('refuses a duplicate label, also when renaming', async () => {
    const store = new ConnectionStore({ home: tempDir() });
    await store.add(sample('One'));
    const two = await store.add(sample('Two'));
    await expect(store.add(sample('one'))).rejects.toBeInstanceOf(DuplicateLabelError);
    await expect(store.update(two.id, () => ({ label: 'ONE' }))).rejects.toBeInstanceOf(DuplicateLabelError);
  });

  it('throws ConnectionNotFoundError for an unknown id or label', async () => {
    const store = new ConnectionStore({ home: tempDir() });
    expect(() => store.get('nope')).toThrow(ConnectionNotFoundError);
    await expect(store.remove('nope')).rejects.toBeInstanceOf(ConnectionNotFoundError);
  });

  it('writes the file with owner-only permissions, versioned, and never with a secret field', async () => {
    const home = tempDir();
    const store = new ConnectionStore({ home });
    await store.add(sample('Perms'));
    const stat = fs.statSync(store.path);
    expect(stat.mode & 0o777).toBe(0o600);
    const file = JSON.parse(fs.readFileSync(store.path, 'utf8'));
    expect(file.schemaVersion).toBe(1);
    expect(file.revision).toBe(1);
    expect(JSON.stringify(file)).not.toMatch(/secret|password/i);
  });

  it('migrates a pre-versioned file (bare connections array with `scopes`) to the current schema', () => {
    const home = tempDir();
    fs.writeFileSync(
      path.join(home, 'connections.json'),
      JSON.stringify({
        connections: [
          {
            id: 'c_abcdefgh12',
            label: 'Old',
            provider: 'sessionboard',
            authKind: 'token',
            scopes: ['read:events'],
            createdAt: 'x',
            updatedAt: 'x',
          },
        ],
      }),
    );
    const [old] = new ConnectionStore({ home }).list();
    expect(old?.declaredScopes).toEqual(['read:events']);
    expect(old?.policies.readOnly).toBe(false);
  });

  it('refuses a file written by a newer Bridgekeeper instead of overwriting it', async () => {
    const home = tempDir();
    const file = path.join(home, 'connections.json');
    fs.writeFileSync(file, JSON.stringify({ schemaVersion: 99, revision: 3, connections: [] }));
    const store = new ConnectionStore({ home });
    expect(() => store.list()).toThrow(StoreError);
    await expect(store.add(sample('x'))).rejects.toThrow(/newer Bridgekeeper/);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).schemaVersion).toBe(99);
  });

  it('moves a corrupt file aside as *.corrupt-<time> with a notice, never silently emptying it', async () => {
    const home = tempDir();
    const file = path.join(home, 'connections.json');
    fs.writeFileSync(file, '{"schemaVersion": 1, "connections": [ {"id": ');
    const store = new ConnectionStore({ home });
    expect(store.list()).toEqual([]);
    const aside = fs.readdirSync(home).filter((f) => f.startsWith('connections.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(home, aside[0]!), 'utf8')).toContain('"schemaVersion": 1');
    expect(store.notices.join('\n')).toMatch(/damaged.*moved to .*corrupt-/);
    await store.add(sample('Fresh'));
    expect(store.list().map((c) => c.label)).toEqual(['Fresh']);
  });

  it('moves aside a file whose JSON is valid but whose shape is not', () => {
    const home = tempDir();
    fs.writeFileSync(
      path.join(home, 'connections.json'),
      JSON.stringify({ schemaVersion: 1, revision: 0, connections: [{ label: 42 }] }),
    );
    const store = new ConnectionStore({ home });
    expect(store.list()).toEqual([]);
    expect(fs.readdirSync(home).some((f) => f.includes('.corrupt-'))).toBe(true);
  });

  it('tells watchers about changes made through another store instance', async () => {
    const home = tempDir();
    const watcher = new ConnectionStore({ home });
    const writer = new ConnectionStore({ home });
    const seen: string[][] = [];
    stops.push(watcher.watch((list) => seen.push(list.map((c) => c.label))));
    await writer.add(sample('Watched'));
    await expect.poll(() => seen.at(-1), { timeout: 10_000 }).toEqual(['Watched']);
    await writer.remove('Watched');
    await expect.poll(() => seen.at(-1), { timeout: 10_000 }).toEqual([]);
  });
});
