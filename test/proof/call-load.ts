import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { addConnection, connectGateway, gatewayEnv, text } from '../integration/gateway-harness.js';
import { startFaultUpstream } from './fault-upstream.js';
import { type PartFigures, timed } from './figures.js';

/** Resident memory of a process in MiB (Linux /proc, else `ps`). */
export function rssMiB(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    if (kb) return kb / 1024;
  } catch {
    // not Linux
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;
}

/**
 * A long run of sequential tool calls (then a concurrent burst) through the real gateway to a local upstream, the
 * gateway's RSS sampled `samples` times. Flat memory: the lowest sample of the last quarter is within 16 MiB (or
 * 15 %) of the lowest of the second quarter (floors, because garbage collection makes RSS a sawtooth; the first
 * quarter is warm-up). Judged only when `judgeMemory` (runs of thousands of calls).
 */
export function callLoad(options: {
  calls: number;
  concurrentCalls: number;
  concurrency: number;
  samples: number;
  timeLimitMs: number;
  judgeMemory: boolean;
}): Promise<PartFigures> {
  return timed('sequential and concurrent call load (RSS)', async () => {
    const upstream = await startFaultUpstream();
    const env = gatewayEnv({});
    await addConnection(env, 'remote-mcp', 'Load', null, ['--url', upstream.url]);
    const gateway = await connectGateway(env);
    const deadline = Date.now() + options.timeLimitMs;
    const rss: number[] = [];
    let tried = 0;
    let failed = 0;
    let crashed = 0;
    let concurrent = 0;
    const started = Date.now();
    try {
      const pid = (gateway.client.transport as StdioClientTransport | undefined)?.pid;
      if (!pid) throw new Error('the gateway has no process id');
      const probe = (await gateway.client.listTools()).tools.find((t) => t.name.endsWith('probe'));
      if (!probe) throw new Error('the upstream tool is not listed');
      const every = Math.max(1, Math.floor(options.calls / options.samples));
      const call = async () => {
        tried++;
        const result = await gateway.call(probe.name, { case: 'ok' }).catch(() => undefined);
        if (!result || result.isError || text(result) !== 'fine') failed++;
      };
      for (let i = 0; i < options.calls && Date.now() < deadline; i++) {
        await call();
        if (i % every === 0) rss.push(rssMiB(pid));
      }
      rss.push(rssMiB(pid));
      for (let done = 0; done < options.concurrentCalls && Date.now() < deadline; done += options.concurrency) {
        await Promise.all(Array.from({ length: options.concurrency }, call));
        concurrent += options.concurrency;
      }
      try {
        process.kill(pid, 0);
      } catch {
        crashed = 1;
      }
    } finally {
      await gateway.close().catch(() => undefined);
      await upstream.close();
    }
    // Garbage collection makes RSS a sawtooth: compare the floors (lowest sample) of the second and the last quarter.
    const quarter = Math.max(1, Math.floor(rss.length / 4));
    const floorOf = (from: number, to: number) => Math.min(...rss.slice(from, to));
    const warm = floorOf(quarter, 2 * quarter);
    const end = floorOf(rss.length - quarter, rss.length);
    const flat = !options.judgeMemory || end - warm < Math.max(16, warm * 0.15);
    const seconds = (Date.now() - started) / 1000;
    const notes = [
      `${tried} calls (${concurrent} of them ${options.concurrency} at a time)`,
      `${failed} failed`,
      `${(tried / seconds).toFixed(0)} calls/s`,
      `gateway RSS floor ${warm.toFixed(1)} MiB (2nd quarter) → ${end.toFixed(1)} MiB (last quarter), first ${rss[0]?.toFixed(1)}, max ${Math.max(...rss).toFixed(1)}, ${rss.length} samples: ${options.judgeMemory ? (flat ? 'flat' : 'GROWING') : 'not judged at this scale (the first thousand calls are warm-up)'}`,
    ];
    return {
      tried,
      failed: failed + (flat ? 0 : 1),
      lost: crashed,
      found: 0,
      ok: failed === 0 && flat && !crashed,
      notes,
    };
  });
}
