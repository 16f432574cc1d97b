import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { repoRoot } from './bench-setup.js';
import { API_LATENCY_MS, scaleConnections, slowestReachable } from './scale-plan.js';
import { callOverhead, coldStarts, concurrentGateways } from './scale-measure.js';
import { type ScaleResult, scaleTables, withScaleSection } from './scale-report.js';
import { scaleWorld } from './scale-world.js';

/** Repetitions, kept small so a whole run stays within about six minutes on a 2-core machine. */
const COLD_RUNS = 2; // later starts per home (after the first, which is reported on its own)
const CALLS = 200; // interleaved call rounds (after 20 warm-up rounds)
const GATEWAYS = 5;
const IDLE_MS = 1_500;
const WINDOW_MS = 2_000;

/**
 * `npm run bench -- --scale`: N = 1, 4, 16, 50 connections (`BENCH_SCALE_SIZES=1,4` for a quick look), one and five
 * gateway processes, side by side in one run. Prints the table and the targets; writes them into the scale
 * section of .tmp/bench/RESULTS.md, or of bench/RESULTS.md with `--record`.
 */
export async function runScale(record: boolean): Promise<void> {
  const sizes = z
    .string()
    .regex(/^\d+(,\d+)*$/)
    .transform((s) => [...new Set(s.split(',').map(Number))].sort((a, b) => a - b))
    .pipe(z.array(z.number().int().min(1).max(50)).min(1))
    .parse(process.env.BENCH_SCALE_SIZES || '1,4,16,50');
  const began = performance.now();
  const log = (m: string) =>
    process.stderr.write(`bench --scale: ${m} (${Math.round((performance.now() - began) / 1000)} s)\n`);
  log(`simulators and homes for N = ${sizes.join(', ')}…`);
  const world = await scaleWorld(sizes);
  try {
    const homes = sizes.map((n) => world.homes.get(n)!);
    log('cold starts, one gateway at a time…');
    const cold = await coldStarts([...homes, world.slowest], COLD_RUNS);
    log('tools/call overhead, one gateway per N and a direct client, interleaved…');
    const calls = await callOverhead(world, homes, CALLS);
    const results: ScaleResult[] = [];
    for (const [i, n] of sizes.entries()) {
      log(`${GATEWAYS} gateways at once, N = ${n}: start-up, memory, store-write fan-out…`);
      const five = await concurrentGateways(world, homes[i]!, GATEWAYS, { idleMs: IDLE_MS, windowMs: WINDOW_MS });
      results.push({
        n,
        initializeMs: cold[i]!.later.initializeMs,
        firstStart: cold[i]!.first,
        laterStart: cold[i]!.later,
        overheadMs: calls.gateways[i]! - calls.direct,
        five,
        fanOut: { ...five.fanOut, others: GATEWAYS - 1 },
      });
    }
    const slowest = cold[cold.length - 1]!.later;
    const tables = scaleTables(results, slowest);
    const largest = scaleConnections(Math.max(...sizes));
    const slow = slowestReachable(largest);
    const machine = `Node ${process.version}, ${process.platform}/${process.arch}, ${os.cpus().length} CPU(s), load average ${os.loadavg()[0]!.toFixed(1)}`;
    const section = [
      '## Scale: connections and gateway processes',
      '',
      `Latest run: ${new Date().toISOString()} — ${machine}; ${Math.round((performance.now() - began) / 1000)} s. Produced by \`npm run bench:record -- --scale\` (\`bench/scale.ts\`).`,
      '',
      tables,
      '',
      describeMethod(largest.length, slow?.latencyMs),
    ].join('\n');
    const file = record
      ? path.join(repoRoot, 'bench', 'RESULTS.md')
      : path.join(repoRoot, '.tmp', 'bench', 'RESULTS.md');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Gateway benchmark results\n';
    fs.writeFileSync(file, withScaleSection(existing, section));
    process.stdout.write(`${tables}\n\nWritten to the scale section of ${path.relative(repoRoot, file)}\n`);
  } finally {
    await world.close();
  }
}

function describeMethod(n: number, slowestMs: number | undefined): string {
  const mix = scaleConnections(n);
  const count = (kind: string) => mix.filter((c) => c.kind === kind).length;
  const remote = mix.filter((c) => c.kind === 'mcp');
  const latencies = [...new Set(remote.filter((c) => !c.down).map((c) => c.latencyMs ?? 0))]
    .sort((a, b) => a - b)
    .join('/');
  return [
    `Method: each N is the first N of one fixed mix (\`bench/scale-plan.ts\`); at N=${n}: ${remote.length} remote MCP servers`,
    `(generic simulators, one per connection, ${latencies} ms per request, ${remote.filter((c) => c.down).length} down with 503), ${count('sessionboard-mcp')} Sessionboard`,
    `accounts on its own MCP server, and API accounts: ${count('sessionboard')} Sessionboard, ${count('sessions-website')} sessions.website,`,
    `${count('session-services')} Session Services, ${count('imboard')} I'mBoard (Sessionboard and sessions.website simulators at`,
    `${API_LATENCY_MS} ms). N=1 is the 0 ms remote server alone; the slow ones (300 and ${slowestMs ?? '?'} ms) and the down one join from N=5.`,
    'Homes are filled through the add use case (live whoami, real store, test keyring). Simulators run in their own process.',
    `One gateway: ${COLD_RUNS + 1} cold starts per home, rotating through the homes; "first start" is the first process in a`,
    `fresh home, the others are medians of the ${COLD_RUNS} after it. "Complete" means tools of every answering upstream are`,
    'listed (the client re-lists on `tools/list_changed`). A later start answers its first tools/list with what the previous',
    'gateway last showed when nothing it depends on changed (`shared/gateway/first-answer.ts`), upstream lists it has not',
    'fetched yet come from their cache, and an upstream that failed its last listing is not waited for; the live lists',
    'follow with `tools/list_changed` when they differ. Calls: one gateway per N plus a direct SDK client to the same 0 ms',
    `upstream, called in turn (each round starting with the next), ${CALLS} rounds after 20 warm-up rounds; overhead = gateway median − direct median.`,
    `${GATEWAYS} gateways: started at once in one home, each with its own SDK client over stdio; RSS after the first complete`,
    `list and ${IDLE_MS / 1000} s idle. Fan-out: gateway 1 makes one tools/call, whose bookkeeping writes \`lastUsedAt\``,
    `to the store (a routine status write); the other ${GATEWAYS - 1} are watched for ${WINDOW_MS / 1000} s after the write is on disk,`,
    `against an idle window of the same length before: their reads of connections.json and calls of the catalog manager's`,
    '`rebuild()` (counted by `bench/scale-probe.ts`, loaded with `node --import`), their gateway.log lines (started with',
    '`BRIDGEKEEPER_LOG_LEVEL=debug`) and CPU time; tools/list and initialize requests reaching the generic simulators',
    '(from all five: the simulators cannot tell the processes apart; the down one included, a retry is a request too).',
    'Repetitions are few to keep a run within about six minutes on 2 cores; single runs on a loaded machine vary by tens',
    'of percent.',
  ].join('\n');
}
