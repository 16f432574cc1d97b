import fs from 'node:fs';
import path from 'node:path';
import { median, percentile, timed } from './stats.js';
import { httpSession, rssMb, stdioSession } from './bench-clients.js';
import { bareServerPath, cliPath, floorProxyPath } from './bench-setup.js';
import type { BenchSim } from './bench-setup.js';
import { GATEWAY_NODE_OPTIONS } from '../shared/install/launch-command.js';

const node = process.execPath;

/** Cold start: spawn → initialize result, median of `runs`, for the gateway and the bare server (interleaved). */
export async function coldStart(env: Record<string, string>, runs: number): Promise<{ gateway: number; bare: number }> {
  const gateway: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    const g = await timed(() => stdioSession(node, [...gatewayNodeArgs, cliPath, 'mcp'], env));
    gateway.push(g.ms);
    await g.value.close();
    const b = await timed(() => stdioSession(node, [bareServerPath]));
    bare.push(b.ms);
    await b.value.close();
  }
  return { gateway: median(gateway), bare: median(bare) };
}

/**
 * Node arguments of the measured gateway: the options installers write into assistants' configs
 * (`GATEWAY_NODE_OPTIONS`), so the bench runs the gateway as assistants start it; `BENCH_GATEWAY_NODE_ARGS` adds more
 * (e.g. `--cpu-prof` to profile it).
 */
const gatewayNodeArgs = [
  ...GATEWAY_NODE_OPTIONS,
  ...(process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(' ').filter(Boolean),
];

/** Latency summary of one client. */
export interface LatencySummary {
  median: number;
  p95: number;
}

/** How calls are spread across the clients being compared. */
export type CallSchedule = 'interleaved' | 'blocks';

/**
 * tools/call latency through the gateway, through the minimal SDK proxy (the floor), through mcp-remote, with a direct
 * SDK client to the same upstream, and to a bare stdio server (the cost of the stdio hop alone).
 * - `interleaved`: one call per client in turn (each round starting with the next client), so each process has been idle for a few ms before its call (as with
 *   an assistant's sporadic calls) and a change in machine load affects all clients alike.
 * - `blocks`: runs of 25 consecutive calls per client, rotating through the clients (the first call of each run is
 *   not counted): each client's steady-state cost, still spread over the same stretch of time.
 */
export async function callLatency(
  env: Record<string, string>,
  sim: BenchSim,
  mcpRemote: string,
  calls: number,
  schedule: CallSchedule,
) {
  const args = { query: 'bench' };
  const direct = await httpSession(`${sim.url}/mcp`, sim.tokens.full);
  const gateway = await stdioSession(node, [...gatewayNodeArgs, cliPath, 'mcp'], env);
  const floor = await stdioSession(node, [floorProxyPath, `${sim.url}/mcp`, sim.tokens.full]);
  const remote = await stdioSession(
    node,
    [mcpRemote, `${sim.url}/mcp`, '--header', `Authorization: Bearer ${sim.tokens.full}`, '--transport', 'http-only'],
    env,
  );
  const bare = await stdioSession(node, [bareServerPath]);
  try {
    const name = (await gateway.client.listTools()).tools.find((t) => t.name.endsWith('__search_items'))!.name;
    await floor.client.listTools();
    const runners = {
      direct: () => direct.callTool({ name: 'search_items', arguments: args }),
      gateway: () => gateway.client.callTool({ name, arguments: args }),
      floor: () => floor.client.callTool({ name: 'search_items', arguments: args }),
      mcpRemote: () => remote.client.callTool({ name: 'search_items', arguments: args }),
      stdioHop: () => bare.client.callTool({ name: 'echo', arguments: { text: 'bench' } }),
    };
    type Key = keyof typeof runners;
    const keys = Object.keys(runners) as Key[];
    const samples = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<Key, number[]>;
    for (let i = 0; i < 20; i++) for (const run of Object.values(runners)) await run(); // warm-up (connections, JIT)
    if (schedule === 'interleaved') {
      // Each round starts with the next client, so every client follows every other equally often (on a small machine,
      // what the previous process still does after answering competes with the next call).
      for (let i = 0; i < calls; i++)
        for (const key of [...keys.slice(i % keys.length), ...keys.slice(0, i % keys.length)])
          samples[key].push((await timed(runners[key])).ms);
    } else {
      const block = 25;
      for (let round = 0; round * block < calls; round++) {
        for (const key of [...keys.slice(round % keys.length), ...keys.slice(0, round % keys.length)]) {
          await runners[key]();
          for (let i = 0; i < block; i++) samples[key].push((await timed(runners[key])).ms);
        }
      }
    }
    const summary = (values: number[]): LatencySummary => ({ median: median(values), p95: percentile(values, 95) });
    return Object.fromEntries(keys.map((k) => [k, summary(samples[k])])) as Record<Key, LatencySummary>;
  } finally {
    await Promise.all([direct.close(), gateway.close(), floor.close(), remote.close(), bare.close()]);
  }
}

/**
 * First tools/list of a fresh gateway (from the initialize result) with several upstreams, vs the same with only the
 * slowest upstream connected (parallel fetching means the first should not cost more than the second), and vs a
 * direct in-process SDK client connecting to and listing the slowest upstream.
 */
export async function listAcrossUpstreams(
  envAll: Record<string, string>,
  envSlowest: Record<string, string>,
  slowest: BenchSim,
  runs: number,
) {
  const all: number[] = [];
  const one: number[] = [];
  const direct: number[] = [];
  const firstList = async (env: Record<string, string>) => {
    // The live path: no upstream list cached and no list recorded from an earlier start (each would answer at once).
    fs.rmSync(path.join(env.BRIDGEKEEPER_HOME!, 'cache'), { recursive: true, force: true });
    const session = await stdioSession(node, [...gatewayNodeArgs, cliPath, 'mcp'], env);
    const t = (await timed(() => session.client.listTools())).ms;
    await session.close();
    return t;
  };
  for (let i = 0; i < runs; i++) {
    all.push(await firstList(envAll));
    one.push(await firstList(envSlowest));
    direct.push(
      (
        await timed(async () => {
          const client = await httpSession(`${slowest.url}/mcp`, slowest.tokens.full);
          await client.listTools();
          await client.close();
        })
      ).ms,
    );
  }
  return { all: median(all), slowestOnly: median(one), direct: median(direct) };
}

/**
 * Resident memory after initialize + tools/list + 1 s idle: the gateway (with `env`'s upstreams, and with none), the
 * bare server, and the minimal SDK proxy holding the same upstream sessions (what any stdio ↔ HTTP proxy costs).
 * A single sample swings by several MB (whether a scavenge ran just before), so this is the median of `runs` fresh sets.
 */
export async function idleRss(
  env: Record<string, string>,
  emptyEnv: Record<string, string>,
  sims: BenchSim[],
  runs: number,
): Promise<{ gateway: number; empty: number; bare: number; floor: number }> {
  const samples = { gateway: [] as number[], empty: [] as number[], bare: [] as number[], floor: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const sessions = {
      gateway: await stdioSession(node, [...gatewayNodeArgs, cliPath, 'mcp'], env),
      empty: await stdioSession(node, [...gatewayNodeArgs, cliPath, 'mcp'], emptyEnv),
      bare: await stdioSession(node, [bareServerPath]),
      floor: await stdioSession(node, [floorProxyPath, ...sims.flatMap((s) => [`${s.url}/mcp`, s.tokens.full])]),
    };
    const all = Object.values(sessions);
    try {
      await Promise.all(all.map((s) => s.client.listTools()));
      await new Promise((r) => setTimeout(r, 1_000));
      for (const key of Object.keys(sessions) as Array<keyof typeof sessions>)
        samples[key].push(rssMb(sessions[key].pid));
    } finally {
      await Promise.all(all.map((s) => s.close()));
    }
  }
  return {
    gateway: median(samples.gateway),
    empty: median(samples.empty),
    bare: median(samples.bare),
    floor: median(samples.floor),
  };
}
