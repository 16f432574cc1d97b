import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGenericMcpSimulator, type GenericMcpSimulator } from '../test/simulators/generic-mcp-server.js';

/** The repository root (bench/ is compiled to dist/bench/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = path.join(repoRoot, 'bin', 'bridgekeeper.js');
export const bareServerPath = path.join(repoRoot, 'dist', 'bench', 'bare-server.js');

/**
 * The benchmark uses the real keychain like the gateway does. Outside a keyring session, re-run this script inside
 * the throwaway test keyring (scripts/with-test-keyring.sh) so the developer's own keychain is never touched.
 * Returns true when the caller should exit (the child did the work).
 */
export function reexecInTestKeyring(): boolean {
  if (process.env.BRIDGEKEEPER_TEST_KEYRING === '1') return false;
  const result = spawnSync('bash', [path.join(repoRoot, 'scripts', 'with-test-keyring.sh'), process.execPath, ...process.argv.slice(1)], { stdio: 'inherit', cwd: repoRoot });
  process.exitCode = result.status ?? 1;
  return true;
}

function cli(args: string[], env: Record<string, string>, input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`bridgekeeper ${args.join(' ')} failed: ${stderr}`))));
    child.stdin.end(input);
  });
}

/** Upstream simulators + a Bridgekeeper home with one remote-mcp connection per simulator. */
export interface BenchWorld {
  sims: GenericMcpSimulator[];
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts `latencies.length` generic MCP simulators (each with that latency) and connects one account to each. */
export async function benchWorld(latencies: number[]): Promise<BenchWorld> {
  const sims = await Promise.all(latencies.map((_, i) => startGenericMcpSimulator({ host: `mcp.bench-${i}.example` })));
  const env: Record<string, string> = {
    BRIDGEKEEPER_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'bk-bench-')),
    BRIDGEKEEPER_KEYCHAIN_SERVICE: `bridgekeeper-bench-${process.pid}`,
    BRIDGEKEEPER_HOST_OVERRIDES: JSON.stringify(Object.assign({}, ...sims.map((s) => s.hostOverrides))),
  };
  for (const [i, sim] of sims.entries()) await cli(['connections', 'add', 'remote-mcp', '--label', `Bench ${i}`, '--url', sim.endpoint, '--token-stdin'], env, sim.tokens.full);
  sims.forEach((sim, i) => sim.setLatency(latencies[i]!));
  return { sims, env, close: async () => void (await Promise.all(sims.map((s) => s.close()))) };
}
