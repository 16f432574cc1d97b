/**
 * Runs client scenarios of the pinned MCP conformance suite (`@modelcontextprotocol/conformance`, see
 * package.json) with Bridgekeeper as the client (bridgekeeper-client.ts), one scenario per suite process, and reads
 * the suite's verdict: its exit code (failed or warning checks, a client timeout, or an unexpected client error all
 * fail) and its checks.json for the reason.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { tempDir } from '../helpers/cli.js';
import { compiled, projectRoot as repoRoot } from './paths.js';

const suiteCli = path.join(repoRoot, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
/** Supplies `fs.globSync` to the suite on Node 20 (see node20-glob-sync.mjs). */
const globSyncPreload = path.join(repoRoot, 'test', 'conformance', 'node20-glob-sync.mjs');

const CheckSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.string(),
    description: z.string().optional(),
    errorMessage: z.string().optional(),
  })
  .passthrough();

const ClientVerdictSchema = z.object({ ok: z.boolean(), problem: z.string().optional() }).passthrough();

/** One scenario's verdict. */
export interface ScenarioVerdict {
  scenario: string;
  passed: boolean;
  /** Failed and warning checks, as "name: message". */
  problems: string[];
  durationMs: number;
  /** The suite's and the client's output (for diagnosing a failure). */
  log: string;
}

function runNodeProcess(
  args: string[],
  timeoutMs: number,
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Every client scenario the pinned suite lists (`conformance list`). */
export async function listClientScenarios(): Promise<string[]> {
  const { code, output } = await runNodeProcess(['--import', globSyncPreload, suiteCli, 'list'], 30_000);
  if (code !== 0) throw new Error(`conformance list failed (${String(code)}):\n${output}`);
  const section = output.split(/Client scenarios[^\n]*\n/)[1] ?? '';
  return [...section.matchAll(/^\s+- (\S+)/gm)].map((m) => m[1]!);
}

/** Runs one client scenario with Bridgekeeper as the client (`env`: extra environment for the suite and client). */
export async function runScenario(
  scenario: string,
  options: { clientTimeoutMs?: number; env?: Record<string, string> } = {},
): Promise<ScenarioVerdict> {
  const outputDir = tempDir('bk-conformance-results-');
  const client = compiled('test/conformance/bridgekeeper-client.js');
  const verdictFile = path.join(outputDir, 'client-verdict.json');
  const clientTimeoutMs = options.clientTimeoutMs ?? 60_000;
  const started = Date.now();
  const { code, output } = await runNodeProcess(
    [
      '--import',
      globSyncPreload,
      suiteCli,
      'client',
      '--command',
      `${process.execPath} ${client}`,
      '--scenario',
      scenario,
      '--timeout',
      String(clientTimeoutMs),
      '-o',
      outputDir,
    ],
    clientTimeoutMs + 30_000,
    { ...options.env, BRIDGEKEEPER_CONFORMANCE_VERDICT: verdictFile },
  );
  const durationMs = Date.now() - started;
  const problems: string[] = [];
  const checksFile = fs
    .readdirSync(outputDir, { recursive: true, encoding: 'utf8' })
    .find((f) => f.endsWith('checks.json'));
  if (checksFile) {
    const checks = z.array(CheckSchema).parse(JSON.parse(fs.readFileSync(path.join(outputDir, checksFile), 'utf8')));
    for (const c of checks)
      if (c.status === 'FAILURE' || c.status === 'WARNING')
        problems.push(`${c.status} ${c.name}: ${c.errorMessage ?? c.description ?? ''}`);
  }
  if (code !== 0 && problems.length === 0)
    problems.push(`the suite reported a failure (exit ${String(code)}): client error or timeout`);
  // The client's own verdict: the suite ignores its exit code where a scenario allows a client error.
  const clientVerdict = fs.existsSync(verdictFile)
    ? ClientVerdictSchema.parse(JSON.parse(fs.readFileSync(verdictFile, 'utf8')))
    : { ok: false, problem: 'the client wrote no verdict (killed or timed out)' };
  if (!clientVerdict.ok) problems.push(`CLIENT ${clientVerdict.problem ?? 'failed'}`);
  fs.rmSync(outputDir, { recursive: true, force: true });
  return { scenario, passed: code === 0 && clientVerdict.ok, problems, durationMs, log: output };
}

const BaselineSchema = z.object({ $comment: z.string().optional(), client: z.record(z.string(), z.string().min(20)) });

/** The scenarios still expected to fail, each with its reason (conformance-baseline.json). */
export function readBaseline(): Record<string, string> {
  const file = path.join(repoRoot, 'test', 'conformance', 'conformance-baseline.json');
  return BaselineSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).client;
}
