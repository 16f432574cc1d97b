import { median, percentile, timed } from './stats.js';
import { httpSession, rssMb, stdioSession } from './bench-clients.js';
import { bareServerPath, cliPath } from './bench-setup.js';
import type { BenchSim } from './bench-setup.js';

const node = process.execPath;

/** Cold start: spawn → initialize result, median of `runs`, for the gateway and the bare server (interleaved). */
export async function coldStart(env: Record<string, string>, runs: number): Promise<{ gateway: number; bare: number }> {
  const gateway: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    const g = await timed(() => stdioSession(node, [cliPath, 'mcp'], env));
    gateway.push(g.ms);
    await g.value.close();
    const b = await timed(() => stdioSession(node, [bareServerPath]));
    bare.push(b.ms);
    await b.value.close();
  }
  return { gateway: median(gateway), bare: median(bare) };
}

/**
 * tools/call latency through the gateway, through mcp-remote, and with a direct SDK client to the same upstream.
 * The three are interleaved call by call, so a change in machine load affects them alike.
 */
export async function callLatency(env: Record<string, string>, sim: BenchSim, mcpRemote: string, calls: number) {
  const args = { query: 'bench' };
  const direct = await httpSession(`${sim.url}/mcp`, sim.tokens.full);
  const gateway = await stdioSession(node, [cliPath, 'mcp'], env);
  const remote = await stdioSession(node, [mcpRemote, `${sim.url}/mcp`, '--header', `Authorization: Bearer ${sim.tokens.full}`, '--transport', 'http-only'], env);
  const bare = await stdioSession(node, [bareServerPath]);
  try {
    const name = (await gateway.client.listTools()).tools.find((t) => t.name.endsWith('__search_items'))!.name;
    const runners = {
      direct: () => direct.callTool({ name: 'search_items', arguments: args }),
      gateway: () => gateway.client.callTool({ name, arguments: args }),
      mcpRemote: () => remote.client.callTool({ name: 'search_items', arguments: args }),
      // The cost of one stdio round trip to a local process that does nothing else.
      stdioHop: () => bare.client.callTool({ name: 'echo', arguments: { text: 'bench' } }),
    };
    const samples = { direct: [] as number[], gateway: [] as number[], mcpRemote: [] as number[], stdioHop: [] as number[] };
    for (let i = 0; i < 20; i++) for (const run of Object.values(runners)) await run(); // warm-up (connections, JIT)
    for (let i = 0; i < calls; i++) {
      for (const key of Object.keys(runners) as Array<keyof typeof runners>) samples[key].push((await timed(runners[key])).ms);
    }
    const summary = (values: number[]) => ({ median: median(values), p95: percentile(values, 95) });
    return { direct: summary(samples.direct), gateway: summary(samples.gateway), mcpRemote: summary(samples.mcpRemote), stdioHop: summary(samples.stdioHop) };
  } finally {
    await Promise.all([direct.close(), gateway.close(), remote.close(), bare.close()]);
  }
}

/**
 * First tools/list of a fresh gateway (from the initialize result) with several upstreams, vs the same with only the
 * slowest upstream connected (parallel fetching means the first should not cost more than the second), and vs a
 * direct in-process SDK client connecting to and listing the slowest upstream.
 */
export async function listAcrossUpstreams(envAll: Record<string, string>, envSlowest: Record<string, string>, slowest: BenchSim, runs: number) {
  const all: number[] = [];
  const one: number[] = [];
  const direct: number[] = [];
  const firstList = async (env: Record<string, string>) => {
    const session = await stdioSession(node, [cliPath, 'mcp'], env);
    const t = (await timed(() => session.client.listTools())).ms;
    await session.close();
    return t;
  };
  for (let i = 0; i < runs; i++) {
    all.push(await firstList(envAll));
    one.push(await firstList(envSlowest));
    direct.push((await timed(async () => {
      const client = await httpSession(`${slowest.url}/mcp`, slowest.tokens.full);
      await client.listTools();
      await client.close();
    })).ms);
  }
  return { all: median(all), slowestOnly: median(one), direct: median(direct) };
}

/** Resident memory after initialize + tools/list + 1 s idle: gateway (with `env`'s upstreams, and with none) vs bare server. */
export async function idleRss(env: Record<string, string>, emptyEnv: Record<string, string>): Promise<{ gateway: number; empty: number; bare: number }> {
  const gateway = await stdioSession(node, [cliPath, 'mcp'], env);
  const empty = await stdioSession(node, [cliPath, 'mcp'], emptyEnv);
  const bare = await stdioSession(node, [bareServerPath]);
  try {
    await Promise.all([gateway.client.listTools(), empty.client.listTools(), bare.client.listTools()]);
    await new Promise((r) => setTimeout(r, 1_000));
    return { gateway: rssMb(gateway.pid), empty: rssMb(empty.pid), bare: rssMb(bare.pid) };
  } finally {
    await Promise.all([gateway.close(), empty.close(), bare.close()]);
  }
}
