import fs from 'node:fs';
import path from 'node:path';
import type { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { addConnection, connectGateway, gatewayEnv, text } from '../integration/gateway-harness.js';
import { rssMiB } from './call-load.js';
import { startFaultUpstream } from './fault-upstream.js';

/** Counts and bytes of the objects in a V8 heap snapshot, by node type and constructor name. */
export function heapSummary(file: string): Map<string, { count: number; bytes: number }> {
  const snapshot = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = snapshot.snapshot.meta.node_types[0];
  const summary = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt]!]!;
    const name = type === 'object' || type === 'closure' ? snapshot.strings[snapshot.nodes[i + nameAt]!]! : '';
    const key = `${type}:${name}`.slice(0, 120);
    const entry = summary.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += snapshot.nodes[i + sizeAt]!;
    summary.set(key, entry);
  }
  return summary;
}

/**
 * Sends SIGUSR2 to `pid` and waits for the one new file ending in `suffix` that it writes into `dir`, until
 * `complete(text)` says it is whole (V8 and Node write these files in pieces).
 */
async function signalForFile(
  pid: number,
  dir: string,
  suffix: string,
  complete: (text: string) => boolean,
): Promise<string> {
  const before = new Set(fs.readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  for (let tries = 0; tries < 1200; tries++) {
    const fresh = fs.readdirSync(dir).find((f) => !before.has(f) && f.endsWith(suffix));
    if (fresh && complete(fs.readFileSync(path.join(dir, fresh), 'utf8'))) return path.join(dir, fresh);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no complete ${suffix} file from process ${pid} in ${dir}`);
}

/** A heap snapshot of a process started with `--heapsnapshot-signal=SIGUSR2`. */
function snapshot(pid: number, dir: string): Promise<string> {
  return signalForFile(pid, dir, '.heapsnapshot', (text) => text.trimEnd().endsWith(']}'));
}

/** A Node diagnostic report of a process started with `--report-on-signal --report-signal=SIGUSR2`. */
function diagnosticReport(pid: number, dir: string): Promise<string> {
  return signalForFile(pid, dir, '.json', (text) => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * A gateway (started with `nodeOptions`) serving one connection to the fault upstream's `probe` tool, for `body`
 * to load with `run(n)` (n sequential successful calls); everything is closed afterwards.
 */
async function withLoadedGateway(
  dir: string,
  nodeOptions: string,
  body: (gateway: { pid: number; run(n: number): Promise<void> }) => Promise<void>,
): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const upstream = await startFaultUpstream();
  const env = gatewayEnv({});
  await addConnection(env, 'remote-mcp', 'Load', null, ['--url', upstream.url]);
  const gateway = await connectGateway({ ...env, NODE_OPTIONS: nodeOptions });
  try {
    const pid = (gateway.client.transport as StdioClientTransport | undefined)!.pid!;
    const probe = (await gateway.client.listTools()).tools.find((t) => t.name.endsWith('probe'))!;
    const run = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const result = await gateway.call(probe.name, { case: 'ok' });
        if (result.isError || text(result) !== 'fine') throw new Error('a call failed');
      }
    };
    await body({ pid, run });
  } finally {
    await gateway.close().catch(() => undefined);
    await upstream.close();
  }
}

/**
 * The gateway under a long run of calls (as in the call-load part), with heap snapshots after `warmCalls` and after
 * `warmCalls + calls`: prints RSS and heap sizes, and the object groups that grew the most between the two.
 * Run: `node dist/test/proof/heap-diff.js [warmCalls] [calls] [snapshots|reports]` (files go to .tmp/heap).
 */
export async function heapDiff(warmCalls: number, calls: number, dir: string): Promise<string[]> {
  const lines: string[] = [];
  await withLoadedGateway(dir, `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dir}`, async ({ pid, run }) => {
    await run(warmCalls);
    const rssEarly = rssMiB(pid);
    const early = heapSummary(await snapshot(pid, dir));
    await run(calls);
    const rssLate = rssMiB(pid);
    const late = heapSummary(await snapshot(pid, dir));
    const total = (s: Map<string, { bytes: number }>) => [...s.values()].reduce((a, b) => a + b.bytes, 0) / 2 ** 20;
    lines.push(
      `RSS ${rssEarly.toFixed(1)} → ${rssLate.toFixed(1)} MiB; live heap ${total(early).toFixed(1)} → ${total(late).toFixed(1)} MiB`,
    );
    const growth = [...late]
      .map(([key, v]) => ({
        key,
        count: v.count - (early.get(key)?.count ?? 0),
        bytes: v.bytes - (early.get(key)?.bytes ?? 0),
      }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 15);
    for (const g of growth)
      lines.push(`${g.key}: ${g.count >= 0 ? '+' : ''}${g.count} objects, ${(g.bytes / 1024).toFixed(1)} KiB`);
  });
  return lines;
}

/**
 * The same load without heap snapshots (taking one inflates RSS by itself): Node diagnostic reports (SIGUSR2) after
 * `warmCalls` and after each further `calls / 4`, comparing RSS with the V8 heap's committed and used bytes, external
 * memory and libuv handles, to tell a JavaScript leak from memory V8 or the allocator keeps.
 */
export async function reportDiff(warmCalls: number, calls: number, dir: string): Promise<string[]> {
  const lines: string[] = [];
  const nodeOptions = `--report-on-signal --report-signal=SIGUSR2 --report-directory=${dir}`;
  await withLoadedGateway(dir, nodeOptions, async ({ pid, run }) => {
    const report = async (done: number) => {
      const r = JSON.parse(fs.readFileSync(await diagnosticReport(pid, dir), 'utf8')) as {
        javascriptHeap: { totalMemory: number; usedMemory: number; externalMemory?: number };
        libuv: unknown[];
        resourceUsage: { rss?: number };
      };
      const mib = (n: number | undefined) => ((n ?? 0) / 2 ** 20).toFixed(1);
      lines.push(
        `${done} calls: RSS ${rssMiB(pid).toFixed(1)} MiB, V8 heap committed ${mib(r.javascriptHeap.totalMemory)} / used ${mib(r.javascriptHeap.usedMemory)} MiB, external ${mib(r.javascriptHeap.externalMemory)} MiB, ${r.libuv.length} libuv handles`,
      );
    };
    await run(warmCalls);
    await report(warmCalls);
    for (let step = 1; step <= 4; step++) {
      await run(calls / 4);
      await report(warmCalls + (step * calls) / 4);
    }
  });
  return lines;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const [warm = '2000', calls = '10000', mode = 'snapshots'] = process.argv.slice(2);
  const measure = mode === 'reports' ? reportDiff : heapDiff;
  const lines = await measure(Number(warm), Number(calls), path.resolve('.tmp/heap'));
  console.log(lines.join('\n'));
  process.exit(0);
}
