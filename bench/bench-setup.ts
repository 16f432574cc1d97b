import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GENERIC_MCP_TOKENS } from '../test/simulators/generic-mcp-server.js';

/** The repository root (bench/ is compiled to dist/bench/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = path.join(repoRoot, 'bin', 'bridgekeeper.js');
export const bareServerPath = path.join(repoRoot, 'dist', 'bench', 'bare-server.js');
export const floorProxyPath = path.join(repoRoot, 'dist', 'bench', 'floor-proxy.js');

/**
 * The benchmark uses the real keychain like the gateway does. Outside a keyring session, re-run this script inside
 * the throwaway test keyring (scripts/with-test-keyring.sh) so the developer's own keychain is never touched.
 * Returns true when the caller should exit (the child did the work).
 */
export function reexecInTestKeyring(): boolean {
  if (process.env.BRIDGEKEEPER_TEST_KEYRING === '1') return false;
  const result = spawnSync(
    'bash',
    [path.join(repoRoot, 'scripts', 'with-test-keyring.sh'), process.execPath, ...process.argv.slice(1)],
    { stdio: 'inherit', cwd: repoRoot },
  );
  process.exitCode = result.status ?? 1;
  return true;
}

function cli(args: string[], env: Record<string, string>, input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`bridgekeeper ${args.join(' ')} failed: ${stderr}`)),
    );
    child.stdin.end(input);
  });
}

/** One upstream simulator running in the simulator process. */
export interface BenchSim {
  url: string;
  endpoint: string;
  hostOverrides: Record<string, string>;
  tokens: typeof GENERIC_MCP_TOKENS;
}

/** Upstream simulators (in their own process) + a Bridgekeeper home with one remote-mcp connection per simulator. */
export interface BenchWorld {
  sims: BenchSim[];
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts `latencies.length` generic MCP simulators (each with that latency) and connects one account to each. */
export async function benchWorld(latencies: number[]): Promise<BenchWorld> {
  const child = spawn(
    process.execPath,
    [path.join(repoRoot, 'dist', 'bench', 'sim-process.js'), JSON.stringify(latencies)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const sims = await new Promise<BenchSim[]>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as BenchSim[]);
    });
    child.on('exit', (code) => reject(new Error(`the simulator process exited (${code})`)));
  });
  const env: Record<string, string> = {
    BRIDGEKEEPER_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'bk-bench-')),
    BRIDGEKEEPER_KEYCHAIN_SERVICE: `bridgekeeper-bench-${process.pid}`,
    BRIDGEKEEPER_HOST_OVERRIDES: JSON.stringify(Object.assign({}, ...sims.map((s) => s.hostOverrides))),
  };
  for (const [i, sim] of sims.entries())
    await cli(
      ['connections', 'add', 'remote-mcp', '--label', `Bench ${i}`, '--url', sim.endpoint, '--token-stdin'],
      env,
      sim.tokens.full,
    );
  return {
    sims,
    env,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}
