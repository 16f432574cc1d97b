import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConnectionStore } from '../../shared/connections/store.js';
import { distPath, runNode, tempDir } from '../helpers/cli.js';

describe('connection store shared by several processes', () => {
  it('loses no update when 2 processes each make 200 locked writes to the same connection', async () => {
    const home = tempDir();
    const store = new ConnectionStore({ home });
    const { id } = await store.add({ label: 'Shared', provider: 'imboard', authKind: 'token' });
    const worker = distPath('test/helpers/store-worker.js');
    const results = await Promise.all(
      ['a', 'b'].map((name) => runNode([worker, home, id, name, '200'], { timeoutMs: 240_000 })),
    );
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0, stdout: 'done\n' });
    const metadata = store.get(id).metadata;
    const keys = Object.keys(metadata).filter((k) => /^[ab]-\d+$/.test(k));
    expect(keys).toHaveLength(400);
    expect(store.read().revision).toBe(401);
  }, 300_000);

  it('a reader polling during concurrent writes always sees a whole, valid file', async () => {
    const home = tempDir();
    const store = new ConnectionStore({ home });
    const { id } = await store.add({ label: 'Polled', provider: 'imboard', authKind: 'token' });
    const worker = distPath('test/helpers/store-worker.js');
    const writing = runNode([worker, home, id, 'w', '150'], { timeoutMs: 240_000 });
    // The reader reads whenever the folder changes (each write replaces the file), until the writer has exited.
    let reads = 0;
    let finished = false;
    let changed: () => void = () => undefined;
    const watcher = fs.watch(home, () => changed());
    void writing.then(() => {
      finished = true;
      changed();
    });
    try {
      while (!finished) {
        expect(store.get(id).label).toBe('Polled');
        reads++;
        await new Promise<void>((resolve) => (changed = resolve));
      }
    } finally {
      watcher.close();
    }
    expect((await writing).code).toBe(0);
    expect(reads).toBeGreaterThan(10);
    expect(store.notices).toEqual([]);
  }, 300_000);
});
