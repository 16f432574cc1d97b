import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { httpSession, rssMb } from './bench-clients.js';
import { repoRoot } from './bench-setup.js';
import { cpuMs, firstCompleteList, startScaleGateway, type ScaleGateway } from './scale-gateway.js';
import { CALL_TOOL } from './scale-plan.js';
import type { ScaleHome, ScaleWorld } from './scale-world.js';
import { median } from './stats.js';

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One gateway's cold start in a home: spawn → initialize, and initialize → first (complete) tools/list. */
export interface ColdStart {
  initializeMs: number;
  firstAnswerMs: number;
  completeMs: number;
  complete: boolean;
}

/**
 * Cold starts of one gateway at a time, rotating through the homes so machine load hits them alike. The first start
 * in each home (nothing cached from an earlier process) is kept apart from the `runs` after it (medians).
 */
export async function coldStarts(
  homes: ScaleHome[],
  runs: number,
): Promise<Array<{ first: ColdStart; later: ColdStart }>> {
  const samples = homes.map(() => [] as ColdStart[]);
  for (let run = 0; run <= runs; run++) {
    for (const [i, home] of homes.entries()) {
      const gateway = await startScaleGateway(home.env);
      try {
        const list = await firstCompleteList(gateway, home.connections);
        samples[i]!.push({ initializeMs: gateway.initializeMs, ...list });
      } finally {
        await gateway.close();
      }
    }
  }
  return samples.map(([first, ...later]) => ({
    first: first!,
    later: {
      initializeMs: median(later.map((s) => s.initializeMs)),
      firstAnswerMs: median(later.map((s) => s.firstAnswerMs)),
      completeMs: median(later.map((s) => s.completeMs)),
      complete: later.every((s) => s.complete),
    },
  }));
}

/**
 * tools/call overhead: one gateway per home and a direct SDK client to the same upstream (the 0 ms simulator every
 * home has as `c00`), called in turn, `calls` rounds after 20 warm-up rounds. Medians in ms.
 */
export async function callOverhead(
  world: ScaleWorld,
  homes: ScaleHome[],
  calls: number,
): Promise<{ direct: number; gateways: number[] }> {
  const target = world.sims.mcp[0]!;
  const args = { query: 'bench' };
  const direct = await httpSession(`${target.url}/mcp`, target.token);
  const gateways: ScaleGateway[] = [];
  try {
    for (const home of homes) gateways.push(await startScaleGateway(home.env));
    for (const [i, g] of gateways.entries()) await firstCompleteList(g, homes[i]!.connections);
    const runners = [
      () => direct.callTool({ name: 'search_items', arguments: args }),
      ...gateways.map((g) => () => g.client.callTool({ name: CALL_TOOL, arguments: args })),
    ];
    const samples = runners.map(() => [] as number[]);
    for (let i = 0; i < 20; i++) for (const run of runners) await run();
    // Each round starts with the next client, so no client always follows the same one.
    for (let i = 0; i < calls; i++) {
      for (let j = 0; j < runners.length; j++) {
        const k = (i + j) % runners.length;
        const start = performance.now();
        await runners[k]!();
        samples[k]!.push(performance.now() - start);
      }
    }
    const [directSamples, ...gatewaySamples] = samples;
    return { direct: median(directSamples!), gateways: gatewaySamples.map(median) };
  } finally {
    await Promise.allSettled([direct.close(), ...gateways.map((g) => g.close())]);
  }
}

/** Store-write fan-out: what the other gateways did after one routine status write by gateway 0. */
export interface FanOut {
  /** Other gateways whose reads of connections.json in the window exceed their idle baseline. */
  reread: number;
  /** Their reads in the window after the write / in the idle window before (summed). */
  readsAfter: number;
  readsBefore: number;
  /** Other gateways whose catalog manager rebuilt (null: the probe found no `rebuild` to count). */
  rebuilt: number | null;
  /** tools/list and initialize requests reaching the generic MCP simulators in the window after the write. */
  upstreamLists: number;
  upstreamInitializes: number;
  /** What one gateway re-listing every generic upstream of this home (the down one included) would send. */
  listsPerGateway: number;
  /** Lines the other gateways wrote to gateway.log in the window after the write / in the idle window before. */
  logLines: number;
  logLinesBefore: number;
  /** CPU ms the other gateways used in the window after the write / before. */
  cpuAfter: number;
  cpuBefore: number;
  /** False when the status write was not seen in the store (then the numbers mean nothing). */
  writeSeen: boolean;
}

/** Five gateways at once in one home: start-up, memory, then the store-write fan-out. */
export interface ConcurrentGateways {
  initializeMs: number[];
  completeMs: number[];
  /** Gateways whose list was still incomplete when the wait ended. */
  incomplete: number;
  rssMb: number[];
  fanOut: FanOut;
}

/**
 * Asks the fan-out gateways for debug-level logging, so whatever they do after the write shows in gateway.log (a
 * gateway without such a level ignores it and logs info and warnings only).
 */
const DEBUG_LOG = { BRIDGEKEEPER_LOG_LEVEL: 'debug' };

function readProbe(dir: string, pid: number): { storeReads: number; rebuilds: number | null } {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, `${pid}.json`), 'utf8')) as {
      storeReads: number;
      rebuilds: number | null;
    };
  } catch {
    return { storeReads: 0, rebuilds: null };
  }
}

function storeVersion(home: string): string {
  try {
    return fs.readFileSync(path.join(home, 'connections.json'), 'utf8');
  } catch {
    return '';
  }
}

/**
 * Starts `count` gateways at once in `home` (like assistants launched together), each with its own client; measures
 * initialize and the first complete tools/list of each, idle RSS after `idleMs`; then the fan-out: an idle window of
 * `windowMs` (baseline), one tools/call through gateway 0 (its bookkeeping writes `lastUsedAt` to the store: a
 * routine status write), and the same window after the write is seen on disk.
 */
export async function concurrentGateways(
  world: ScaleWorld,
  home: ScaleHome,
  count: number,
  options: { idleMs: number; windowMs: number },
): Promise<ConcurrentGateways> {
  const probeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-scale-probe-'));
  const probe = ['--import', path.join(repoRoot, 'dist', 'bench', 'scale-probe.js')];
  const started = await Promise.allSettled(
    Array.from({ length: count }, () =>
      startScaleGateway(home.env, probe, { BENCH_SCALE_PROBE_DIR: probeDir, ...DEBUG_LOG }),
    ),
  );
  const gateways = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  try {
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const lists = await Promise.all(gateways.map((g) => firstCompleteList(g, home.connections)));
    await delay(options.idleMs);
    const rss = gateways.map((g) => rssMb(g.pid));
    const others = gateways.slice(1);
    const snapshot = () => ({
      probes: others.map((g) => readProbe(probeDir, g.pid)),
      cpu: others.reduce((sum, g) => sum + cpuMs(g.pid), 0),
    });
    const logFile = path.join(home.env.BRIDGEKEEPER_HOME!, 'logs', 'gateway.log');
    const logSize = () => fs.statSync(logFile, { throwIfNoEntry: false })?.size ?? 0;
    const otherPids = new Set(others.map((g) => g.pid));
    const linesOfOthers = (from: number, to: number) =>
      to <= from
        ? 0
        : fs
            .readFileSync(logFile)
            .subarray(from, to)
            .toString('utf8')
            .split('\n')
            .filter((line) => otherPids.has(Number(/\[pid (\d+)\]/.exec(line)?.[1]))).length;
    const before = snapshot();
    const logAtStart = logSize();
    await delay(options.windowMs);
    const atWrite = snapshot();
    const countsAtWrite = await world.counts();
    const logOffset = logSize();
    const version = storeVersion(home.env.BRIDGEKEEPER_HOME!);
    await gateways[0]!.client.callTool({ name: CALL_TOOL, arguments: { query: 'fan-out' } });
    // The bookkeeping write follows the answer: wait (bounded) until the store file shows it.
    let writeSeen = false;
    for (let waited = 0; waited < 3_000 && !writeSeen; waited += 20) {
      writeSeen = storeVersion(home.env.BRIDGEKEEPER_HOME!) !== version;
      if (!writeSeen) await delay(20);
    }
    await delay(options.windowMs);
    const after = snapshot();
    const countsAfter = await world.counts();
    const logLines = linesOfOthers(logOffset, logSize());
    const logLinesBefore = linesOfOthers(logAtStart, logOffset);
    const reads = (a: typeof before, b: typeof before, i: number) => b.probes[i]!.storeReads - a.probes[i]!.storeReads;
    const rebuildsKnown = after.probes.every((p) => p.rebuilds !== null);
    // Every generic upstream of the home, the down one included: a rebuild that retries it is a re-list too.
    const generic = home.connections.filter((c) => c.kind === 'mcp');
    const sum = (key: 'toolsList' | 'initialize') =>
      generic.reduce((s, c) => s + countsAfter[c.simIndex!]![key] - countsAtWrite[c.simIndex!]![key], 0);
    return {
      initializeMs: gateways.map((g) => g.initializeMs),
      completeMs: lists.map((l) => l.completeMs),
      incomplete: lists.filter((l) => !l.complete).length,
      rssMb: rss,
      fanOut: {
        reread: others.filter((_, i) => reads(atWrite, after, i) > reads(before, atWrite, i)).length,
        readsAfter: others.reduce((s, _, i) => s + reads(atWrite, after, i), 0),
        readsBefore: others.reduce((s, _, i) => s + reads(before, atWrite, i), 0),
        rebuilt: rebuildsKnown
          ? others.filter((_, i) => after.probes[i]!.rebuilds! > atWrite.probes[i]!.rebuilds!).length
          : null,
        upstreamLists: sum('toolsList'),
        upstreamInitializes: sum('initialize'),
        listsPerGateway: generic.length,
        logLines,
        logLinesBefore,
        cpuAfter: after.cpu - atWrite.cpu,
        cpuBefore: atWrite.cpu - before.cpu,
        writeSeen,
      },
    };
  } finally {
    await Promise.allSettled(gateways.map((g) => g.close()));
    fs.rmSync(probeDir, { recursive: true, force: true });
  }
}
