import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { repoRoot } from './bench-setup.js';
import { API_LATENCY_MS, type ScaleConnection, scaleConnections, slowestReachable } from './scale-plan.js';
import type { SeedRequest } from './scale-seed.js';
import type { McpRequestCounts, ScaleSimsInfo } from './scale-sims.js';

/** One Bridgekeeper home of the scale bench: its connections and the environment a gateway needs for it. */
export interface ScaleHome {
  connections: ScaleConnection[];
  env: Record<string, string>;
}

/** The simulators plus one home per N (and one with only the slowest upstream). */
export interface ScaleWorld {
  homes: Map<number, ScaleHome>;
  /** A home with only the slowest answering upstream of the largest N (reference for the first tools/list). */
  slowest: ScaleHome;
  sims: ScaleSimsInfo;
  /** Requests each generic MCP simulator has seen so far. */
  counts(): Promise<McpRequestCounts[]>;
  close(): Promise<void>;
}

function seedEntry(c: ScaleConnection, sims: ScaleSimsInfo): SeedRequest['connections'][number] {
  const t = sims.tokens;
  switch (c.kind) {
    case 'mcp': {
      const sim = sims.mcp[c.simIndex!]!;
      return {
        provider: 'remote-mcp',
        label: c.label,
        secret: sim.token,
        metadata: { url: sim.endpoint },
        ...(c.down ? { offline: true } : {}),
      };
    }
    case 'sessionboard':
      return { provider: 'sessionboard', label: c.label, secret: t.sessionboard, metadata: {} };
    case 'sessionboard-mcp':
      return {
        provider: 'sessionboard',
        label: c.label,
        secret: t.sessionboardEu,
        region: 'eu',
        metadata: { mode: 'mcp' },
      };
    case 'sessions-website':
      return {
        provider: 'sessions-website',
        label: c.label,
        secret: t.sessionsWebsiteRead,
        metadata: { handle: 'acme-yoga' },
      };
    case 'session-services':
      return {
        provider: 'session-services',
        label: c.label,
        secret: t.sessionServices,
        metadata: { tenantId: t.sessionServicesTenant },
      };
    case 'imboard':
      return { provider: 'imboard', label: c.label, secret: t.imboard, metadata: {} };
  }
}

function runSeed(request: SeedRequest, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(repoRoot, 'dist', 'bench', 'scale-seed.js'), JSON.stringify(request)],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`seeding the homes failed (${code}): ${stderr}`)),
    );
  });
}

/** Starts the simulators and fills one home per N in `sizes` (each the first N of the mix) through the add use case. */
export async function scaleWorld(sizes: number[]): Promise<ScaleWorld> {
  const largest = scaleConnections(Math.max(...sizes));
  const child = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'dist', 'bench', 'scale-sims.js'),
      JSON.stringify({
        mcp: largest
          .filter((c) => c.kind === 'mcp')
          .map((c) => ({ latencyMs: c.latencyMs ?? 0, down: c.down ?? false })),
        apiLatencyMs: API_LATENCY_MS,
      }),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = readline.createInterface({ input: child.stdout });
  const waiting: Array<{ resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  lines.on('line', (line) => waiting.shift()?.resolve(line));
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`the simulator process exited (${code})`));
  });
  const nextLine = () => new Promise<string>((resolve, reject) => waiting.push({ resolve, reject }));
  const sims = JSON.parse(await nextLine()) as ScaleSimsInfo;
  const base = {
    BRIDGEKEEPER_KEYCHAIN_SERVICE: `bridgekeeper-scale-${process.pid}`,
    BRIDGEKEEPER_HOST_OVERRIDES: JSON.stringify(sims.hostOverrides),
  };
  const home = (connections: ScaleConnection[]): ScaleHome => ({
    connections,
    env: { ...base, BRIDGEKEEPER_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'bk-scale-')) },
  });
  const all = home(largest);
  const homes = new Map(sizes.map((n) => [n, n === largest.length ? all : home(scaleConnections(n))]));
  const slowest = home([slowestReachable(largest)!]);
  await runSeed(
    {
      home: all.env.BRIDGEKEEPER_HOME!,
      connections: largest.map((c) => seedEntry(c, sims)),
      copies: [...homes.values(), slowest]
        .filter((h) => h.connections.length < largest.length)
        .map((h) => ({ home: h.env.BRIDGEKEEPER_HOME!, labels: h.connections.map((c) => c.label) })),
    },
    base,
  );
  let closed: Promise<void> | undefined;
  return {
    homes,
    slowest,
    sims,
    counts: async () => {
      const line = nextLine();
      child.stdin.write('counts\n');
      return JSON.parse(await line) as McpRequestCounts[];
    },
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
      }).then(() => {
        // The homes hold no secrets (those are in the throwaway test keyring); remove them.
        for (const h of [...homes.values(), slowest])
          fs.rmSync(h.env.BRIDGEKEEPER_HOME!, { recursive: true, force: true });
      })),
  };
}
