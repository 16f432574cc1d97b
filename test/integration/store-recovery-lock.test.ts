import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConnectionStore } from '../../shared/connections/store.js';
import { withFileLock } from '../../shared/util/file-lock.js';
import { distPath, runNode, tempDir } from '../helpers/cli.js';

const badShape = JSON.stringify({ schemaVersion: 1, revision: 0, connections: [{ label: 42 }] });

describe('ConnectionStore.read() recovers a damaged file only under the lock', () => {
  it('does not move the file aside while this process holds the lock; does once it is free', async () => {
    const home = tempDir();
    const store = new ConnectionStore({ home });
    fs.writeFileSync(store.path, badShape);
    let release!: () => void;
    let acquired!: () => void;
    const isAcquired = new Promise<void>((resolve) => (acquired = resolve));
    const holding = withFileLock(store.path, () => {
      acquired();
      return new Promise<void>((resolve) => (release = resolve));
    });
    await isAcquired;
    expect(() => store.list()).toThrow(expect.objectContaining({ code: 'store_locked' }));
    expect(fs.readFileSync(store.path, 'utf8')).toBe(badShape);
    release();
    await holding;
    expect(store.list()).toEqual([]);
    expect(fs.readdirSync(home).filter((f) => f.includes('.corrupt-'))).toHaveLength(1);
  });

  it('a reader in another process that cannot get the lock leaves the damaged file in place; once free, moves it aside', async () => {
    const home = tempDir();
    const store = new ConnectionStore({ home });
    fs.writeFileSync(store.path, badShape);
    const reader = distPath('test/helpers/store-reader.js');
    // While this process holds the lock, the reader waits (5 s, synchronously) and gives up without touching the file.
    const blocked = await withFileLock(store.path, () => runNode([reader, home]));
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toMatch(/store_locked|locked for too long/);
    expect(fs.readFileSync(store.path, 'utf8')).toBe(badShape);
    expect(fs.readdirSync(home).filter((f) => f.includes('.corrupt-'))).toEqual([]);
    const free = await runNode([reader, home]);
    expect(free.code, free.stderr).toBe(0);
    const result = JSON.parse(free.stdout.split('\n')[1]!) as { labels: string[]; notices: string[] };
    expect(result.labels).toEqual([]);
    expect(result.notices.join('\n')).toMatch(/damaged.*moved to .*corrupt-/);
    expect(fs.readdirSync(home).filter((f) => f.includes('.corrupt-'))).toHaveLength(1);
  }, 60_000);
});
