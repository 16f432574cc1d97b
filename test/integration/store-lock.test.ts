import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionStore } from '../../shared/connections/store.js';
import { withFileLock } from '../../shared/util/file-lock.js';
import { distPath, tempDir } from '../helpers/cli.js';

interface Worker {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the first stdout line matching `pattern`. */
  line(pattern: RegExp): Promise<string>;
  exited: Promise<number | null>;
}

function startLockWorker(file: string, staleMs: number): Worker {
  const child = spawn(process.execPath, [distPath('test/helpers/lock-worker.js'), file, String(staleMs)], {
    stdio: 'pipe',
  });
  let out = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    waiters.splice(0).forEach((wake) => wake());
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = out.split('\n').find((l) => pattern.test(l));
        if (found) return resolve(found);
        if (child.exitCode !== null || child.signalCode !== null)
          return reject(new Error(`worker ended without ${pattern}: ${out}${err}`));
        waiters.push(check);
      };
      void exited.then(() => setImmediate(check));
      check();
    });
  return { child, line, exited };
}

describe('store locks across processes', () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  afterEach(() => children.splice(0).forEach((c) => c.kill('SIGKILL')));

  it('a compromised lock (its folder removed under the holder) fails only that operation; the process survives', async () => {
    const home = tempDir();
    const file = path.join(home, 'connections.json');
    const worker = startLockWorker(file, 2_000);
    children.push(worker.child);
    await worker.line(/^locked /);
    fs.rmSync(`${file}.lock`, { recursive: true, force: true });
    const lost = await worker.line(/^lost /);
    expect(lost).toMatch(
      /^lost store_lock_lost: The lock on .*connections\.json was lost while this operation held it/,
    );
    await worker.line(/^survived$/);
    expect(await worker.exited).toBe(0);
  }, 60_000);

  it('a compromised lock (its mtime changed under the holder) fails only that operation; the process survives', async () => {
    const home = tempDir();
    const file = path.join(home, 'connections.json');
    const worker = startLockWorker(file, 2_000);
    children.push(worker.child);
    await worker.line(/^locked /);
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(`${file}.lock`, past, past);
    expect(await worker.line(/^lost /)).toMatch(/^lost store_lock_lost: /);
    await worker.line(/^survived$/);
    expect(await worker.exited).toBe(0);
  }, 60_000);

  it('takes over the store lock of a writer killed with kill -9 at once, not after the 10 s stale time', async () => {
    const home = tempDir();
    const store = new ConnectionStore({ home });
    const worker = startLockWorker(store.path, 10_000);
    children.push(worker.child);
    const pid = Number((await worker.line(/^locked /)).split(' ')[1]);
    worker.child.kill('SIGKILL');
    await worker.exited;
    // The dead writer's lock is still there, with its owner record, and fresh (far from stale by mtime).
    const lockDir = `${store.path}.lock`;
    expect(JSON.parse(fs.readFileSync(path.join(lockDir, 'owner'), 'utf8')).pid).toBe(pid);
    const started = Date.now();
    const added = await store.add({ label: 'After the crash', provider: 'imboard', authKind: 'token' });
    const tookMs = Date.now() - started;
    expect(store.get(added.id).label).toBe('After the crash');
    expect(fs.existsSync(lockDir)).toBe(false);
    expect(fs.readdirSync(home).filter((f) => f.includes('.lock'))).toEqual([]);
    // Generous bound (the figure is a few ms): well below the 10 s the mtime rule alone would need.
    expect(tookMs).toBeLessThan(5_000);
  }, 60_000);

  it('waits for a live holder instead of taking its lock over', async () => {
    const home = tempDir();
    const store = new ConnectionStore({ home });
    const worker = startLockWorker(store.path, 10_000);
    children.push(worker.child);
    const pid = Number((await worker.line(/^locked /)).split(' ')[1]);
    let added = false;
    const adding = store.add({ label: 'Waits', provider: 'imboard', authKind: 'token' }).then(() => (added = true));
    // Another contender retries for 300 ms (checking the owner on every attempt) and gives up: the live lock stays.
    await expect(withFileLock(store.path, () => 'taken', { waitMs: 300 })).rejects.toMatchObject({
      code: 'store_locked',
    });
    expect(added).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(`${store.path}.lock`, 'owner'), 'utf8')).pid).toBe(pid);
    worker.child.kill('SIGKILL');
    await adding;
    expect(store.list().map((c) => c.label)).toEqual(['Waits']);
  }, 60_000);

  it('never leaves a lock without its owner: a kill at any step of taking or releasing costs the next writer nothing', async () => {
    const home = tempDir();
    const store = new ConnectionStore({ home });
    const lockDir = `${store.path}.lock`;
    // A pid that certainly ran and is gone now.
    const dead = spawn(process.execPath, ['-e', '']);
    const deadPid = dead.pid!;
    await new Promise((resolve) => dead.on('exit', resolve));
    const tag = crypto.createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);
    const owner = JSON.stringify({ pid: deadPid, host: os.hostname(), nonce: 'x' });
    // What a kill leaves behind at each step: the owner written but not yet renamed into place (taking); the lock
    // renamed away but not yet removed (releasing); a dead lock claimed but not yet removed (taking over).
    for (const kind of ['new', 'gone', 'dead']) {
      const side = `${lockDir}.${kind}-${tag}-${deadPid}-0badf00d`;
      fs.mkdirSync(side);
      fs.writeFileSync(path.join(side, 'owner'), owner);
    }
    // A side folder of a live process (this one) is not touched.
    const live = `${lockDir}.new-${tag}-${process.pid}-0badf00d`;
    fs.mkdirSync(live);
    // The first write of this process to this store takes the lock at once and sweeps what is left.
    const started = Date.now();
    await store.add({ label: 'After', provider: 'imboard', authKind: 'token' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(
      fs
        .readdirSync(home)
        .filter((f) => f.includes('.lock'))
        .sort(),
    ).toEqual([path.basename(live)]);
    fs.rmdirSync(live);
    // While a writer holds the lock, its folder already has the owner record in it (it is built aside, then renamed).
    const seen: string[] = [];
    await withFileLock(store.path, () => {
      seen.push(...fs.readdirSync(lockDir));
    });
    expect(seen).toEqual(['owner']);
    expect(fs.readdirSync(home).filter((f) => f.includes('.lock'))).toEqual([]);
  }, 60_000);
});
