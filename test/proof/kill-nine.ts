import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { ConnectionStore } from '../../shared/connections/store.js';
import { cliPath, distPath, repoRoot, tempDir } from '../helpers/cli.js';
import { gatewayEnv } from '../integration/gateway-harness.js';
import { type PartFigures, seeded, timed } from './figures.js';

/** Spawns `node args`, kills it with SIGKILL after `afterMs` (if still running); resolves when it is gone. */
function killAfter(
  args: string[],
  env: Record<string, string>,
  input: string,
  afterMs: number,
): Promise<'killed' | 'finished'> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
    let finished = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      finished = signal !== 'SIGKILL';
      resolve(finished ? 'finished' : 'killed');
    });
  });
}

/** Times `body`, giving up after `limitMs` (then reports the limit). */
async function timeOf(body: () => Promise<unknown>, limitMs: number): Promise<number> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([body().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, limitMs)))]);
  clearTimeout(timer);
  return Date.now() - started;
}

/**
 * kill -9 of processes in the middle of locked read-modify-write cycles on the store (test/helpers/store-worker).
 * After each kill: is the store readable, is the connection still there, and how long does the next write wait
 * for the dead process's lock (must be well under a second).
 */
export function killStoreWriters(options: { kills: number; seed?: number; timeLimitMs: number }): Promise<PartFigures> {
  return timed('kill -9 of store writers', async () => {
    const random = seeded(options.seed ?? 9);
    const home = tempDir('bk-proof-kill-');
    const store = new ConnectionStore({ home });
    const { id } = await store.add({ label: 'Victim', provider: 'imboard', authKind: 'token' });
    const worker = distPath('test/helpers/store-worker.js');
    const deadline = Date.now() + options.timeLimitMs;
    let unreadable = 0;
    let lost = 0;
    let tried = 0;
    const waits: number[] = [];
    for (let i = 0; i < options.kills && Date.now() < deadline; i++) {
      tried++;
      await killAfter([worker, home, id, `w${i}`, '100000'], {}, '', 120 + Math.floor(random() * 400));
      const fresh = new ConnectionStore({ home });
      try {
        if (!fresh.list().some((c) => c.id === id)) lost++;
      } catch {
        unreadable++;
        continue;
      }
      waits.push(await timeOf(() => fresh.update(id, () => ({ lastUsedAt: new Date().toISOString() })), 15_000));
    }
    waits.sort((a, b) => a - b);
    const max = waits.at(-1) ?? 0;
    const slow = waits.filter((w) => w >= 1000).length;
    const notes = [
      `${tried} kills`,
      `${unreadable} unreadable stores`,
      `${lost} lost connections`,
      `next write after a kill: median ${waits[Math.floor(waits.length / 2)] ?? 0} ms, max ${max} ms, ${slow} waited ≥ 1 s (stale lock)`,
    ];
    return {
      tried,
      failed: unreadable + slow,
      lost,
      found: 0,
      ok: unreadable === 0 && lost === 0 && slow === 0,
      notes,
    };
  });
}

interface Keytar {
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/**
 * kill -9 of `bridgekeeper connections add` at random moments. Afterwards: the store must be readable, every
 * connection must have its secret (lost), and no keychain entry may belong to no connection (orphaned, found).
 */
export function killCliAdds(options: { kills: number; seed?: number; timeLimitMs: number }): Promise<PartFigures> {
  return timed('kill -9 of `connections add`', async () => {
    const random = seeded(options.seed ?? 11);
    const env = gatewayEnv({});
    const service = env.BRIDGEKEEPER_KEYCHAIN_SERVICE!;
    const keytar = createRequire(import.meta.url)('keytar') as Keytar;
    const deadline = Date.now() + options.timeLimitMs;
    let tried = 0;
    let finished = 0;
    const addArgs = (i: number) => [
      cliPath,
      'connections',
      'add',
      'imboard',
      '--label',
      `k${i}`,
      '--token-stdin',
      '--offline',
      '--force',
      '--json',
    ];
    // One add run to its end tells how long an add takes here; the kills then land anywhere from 20 % to 110 % of it.
    const started = Date.now();
    await killAfter(addArgs(-1), env, 'imb_pat_proofKillBaselineabcdefghijklmnop', 30_000);
    const addMs = Date.now() - started;
    for (let i = 0; i < options.kills && Date.now() < deadline; i++) {
      tried++;
      const token = `imb_pat_proofKill${i}abcdefghijklmnop${1000 + i}`;
      const outcome = await killAfter(addArgs(i), env, token, Math.floor(addMs * (0.2 + random() * 0.9)));
      if (outcome === 'finished') finished++;
    }
    let unreadable = 0;
    let ids: string[] = [];
    let tokenIds: string[] = [];
    try {
      const connections = new ConnectionStore({ home: env.BRIDGEKEEPER_HOME! }).list();
      ids = connections.map((c) => c.id);
      tokenIds = connections.filter((c) => c.authKind === 'token').map((c) => c.id);
    } catch {
      unreadable = 1;
    }
    // A sweep may run in a later command: give the product one ordinary command to clean up, as a person would.
    await new Promise<void>((resolve) => {
      const child = spawn(process.execPath, [cliPath, 'connections', 'list'], {
        cwd: repoRoot,
        env: { ...process.env, ...env },
        stdio: 'ignore',
      });
      child.on('exit', () => resolve());
    });
    const accounts = (await keytar.findCredentials(service)).map((c) => c.account);
    const owners = new Set(accounts.map((a) => a.split(':')[0]));
    const orphaned = accounts.filter((a) => !ids.includes(a.split(':')[0]!)).length;
    const withoutSecret = tokenIds.filter((id) => !owners.has(id)).length;
    for (const account of accounts) await keytar.deletePassword(service, account);
    const notes = [
      `${tried} kills (${finished} adds finished before the kill; an add takes ${addMs} ms here)`,
      `${ids.length} connections saved`,
      `${unreadable} unreadable stores`,
      `${withoutSecret} connections without their secret`,
      `${orphaned} orphaned keychain secrets`,
    ];
    return {
      tried,
      failed: unreadable,
      lost: withoutSecret,
      found: orphaned,
      ok: unreadable === 0 && withoutSecret === 0 && orphaned === 0,
      notes,
    };
  });
}
