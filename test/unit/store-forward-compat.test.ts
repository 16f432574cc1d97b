import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConnectionStore } from '../../shared/connections/store.js';
import { DuplicateLabelError } from '../../shared/errors.js';
import { tempDir } from '../helpers/cli.js';

/** A store file as a newer Bridgekeeper (same schema version, more fields and values) might write it. */
function newerFile() {
  return {
    schemaVersion: 1,
    revision: 7,
    profiles: { work: ['c_known00001'] },
    connections: [
      {
        id: 'c_known00001',
        label: 'Known',
        provider: 'imboard',
        authKind: 'token',
        color: 'teal',
        metadata: { maskedToken: 'imb_pat_…1234' },
        policies: { readOnly: false, disabledTools: [], confirmWrites: false, redactPii: false },
        learnedGaps: [{ scope: 'boards:write', tool: 'create_board', at: '2026-01-01T00:00:00.000Z', source: 'probe' }],
        status: { state: 'rate_limited', reason: 'Too many calls', at: '2026-01-01T00:00:00.000Z', retryAfter: 30 },
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      },
      {
        id: 'c_future0001',
        label: 'Calendar',
        provider: 'calendly',
        authKind: 'token',
        createdAt: 'x',
        updatedAt: 'x',
      },
      {
        id: 'c_future0002',
        label: 'Passkey',
        provider: 'sessionboard',
        authKind: 'passkey',
        region: 'ap',
        createdAt: 'x',
        updatedAt: 'x',
      },
      {
        id: 'c_future0003',
        label: 'Fenced',
        provider: 'imboard',
        authKind: 'token',
        policies: { readOnly: false, allowHosts: ['a.example'] },
        createdAt: 'x',
        updatedAt: 'x',
      },
    ],
  };
}

function setUp(content: unknown) {
  const home = tempDir();
  const file = path.join(home, 'connections.json');
  fs.writeFileSync(file, JSON.stringify(content));
  return { store: new ConnectionStore({ home }), file, home, onDisk: () => JSON.parse(fs.readFileSync(file, 'utf8')) };
}

describe('store forward compatibility (a newer version wrote the file)', () => {
  it('reads what it knows, hides entries it cannot read (with a notice), and moves nothing aside', () => {
    const { store, home } = setUp(newerFile());
    const [known, ...rest] = store.list();
    expect(rest).toEqual([]);
    expect(known?.label).toBe('Known');
    expect(known?.status.state).toBe('unchecked');
    expect(store.notices.join('\n')).toMatch(
      /3 connection\(s\).*'Calendar', 'Passkey', 'Fenced'.*cannot be read by this version.*kept unchanged/,
    );
    expect(fs.readdirSync(home).filter((f) => f.includes('corrupt'))).toEqual([]);
  });

  it('routine bookkeeping (last used) writes only its own fields over the file: unknown keys, values and entries stay', async () => {
    const { store, onDisk } = setUp(newerFile());
    const before = onDisk();
    await store.update('c_known00001', () => ({ lastUsedAt: '2026-02-02T00:00:00.000Z' }));
    const after = onDisk();
    const expected = newerFile();
    Object.assign(expected.connections[0]!, { lastUsedAt: '2026-02-02T00:00:00.000Z' });
    expect(after).toEqual({ ...expected, revision: before.revision + 1 });
  });

  it('recording a status or a learned gap keeps the fields of the status and of the gaps it does not know', async () => {
    const { store, onDisk } = setUp(newerFile());
    await store.update('c_known00001', (c) => ({
      learnedGaps: [...c.learnedGaps, { scope: 'items:write', tool: 'create_item', at: 'now' }],
    }));
    expect(onDisk().connections[0].learnedGaps).toEqual([
      ...newerFile().connections[0]!.learnedGaps!,
      { scope: 'items:write', tool: 'create_item', at: 'now' },
    ]);
    await store.update('c_known00001', () => ({ status: { state: 'ok', at: 'later' } }));
    const written = onDisk().connections[0];
    expect(written.status).toEqual({ state: 'ok', at: 'later', retryAfter: 30 });
    expect(written.color).toBe('teal');
  });

  it('does not serve a connection with a policy it cannot enforce (fail closed), and keeps it as written', async () => {
    const { store, onDisk } = setUp(newerFile());
    expect(store.find('Fenced')).toBeUndefined();
    await store.update('c_known00001', (c) => ({ policies: { ...c.policies, readOnly: true } }));
    expect(onDisk().connections[3]).toEqual(newerFile().connections[3]);
    expect(onDisk().connections[0].policies.readOnly).toBe(true);
  });

  it('adding and removing connections keeps the entries it cannot read, and their labels stay taken', async () => {
    const { store, onDisk } = setUp(newerFile());
    await expect(store.add({ label: 'calendar', provider: 'imboard', authKind: 'token' })).rejects.toBeInstanceOf(
      DuplicateLabelError,
    );
    await store.add({ label: 'Fresh', provider: 'imboard', authKind: 'token' });
    await store.remove('Known');
    const after = onDisk();
    expect(after.connections.map((c: { label: string }) => c.label)).toEqual([
      'Calendar',
      'Passkey',
      'Fenced',
      'Fresh',
    ]);
    expect(after.connections.slice(0, 3)).toEqual(newerFile().connections.slice(1));
    expect(after.profiles).toEqual(newerFile().profiles);
  });

  it('does not write defaults into an entry it only touched for bookkeeping', async () => {
    const minimal = {
      id: 'c_minimal001',
      label: 'Minimal',
      provider: 'imboard',
      authKind: 'token',
      createdAt: 'x',
      updatedAt: 'x',
    };
    const { store, onDisk } = setUp({ schemaVersion: 1, revision: 0, connections: [minimal] });
    await store.update('c_minimal001', () => ({
      status: { state: 'needs_sign_in', reason: 'Sign in again.', at: 'now' },
    }));
    expect(onDisk().connections[0]).toEqual({
      ...minimal,
      status: { state: 'needs_sign_in', reason: 'Sign in again.', at: 'now' },
    });
    await store.update('c_minimal001', () => ({ label: 'Renamed' }));
    expect(onDisk().connections[0].updatedAt).not.toBe('x');
  });

  it('still treats an entry without an id or label as damage', () => {
    const { store, home } = setUp({ schemaVersion: 1, revision: 0, connections: [{ provider: 'imboard' }] });
    expect(store.list()).toEqual([]);
    expect(fs.readdirSync(home).some((f) => f.includes('.corrupt-'))).toBe(true);
  });
});
