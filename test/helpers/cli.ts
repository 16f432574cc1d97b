import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the nearest folder with package.json: right from test/helpers and from dist/test/helpers). */
export const repoRoot = ((): string => {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) || path.dirname(dir) === dir) return dir;
  }
})();
/** The CLI launcher, as users run it. Needs `npm run build` (done by `npm test`). */
export const cliPath = path.join(repoRoot, 'bin', 'bridgekeeper.js');

/** Path of a compiled file under dist/ (for child-process helpers). */
export function distPath(relative: string): string {
  const full = path.join(repoRoot, 'dist', relative);
  if (!fs.existsSync(full)) throw new Error(`${full} is missing: run \`npm run build\` first (npm test does).`);
  return full;
}

/** A fresh temp folder, for BRIDGEKEEPER_HOME and the like. */
export function tempDir(prefix = 'bk-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process with `input` on stdin. */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return runNode([cliPath, ...args], options);
}

/**
 * Runs `node <args>` asynchronously (in `cwd`, default the current folder) with `input` on stdin, and collects its
 * output; the child is killed after `timeoutMs` (default 60 s).
 */
export function runNode(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      ...(options.cwd ? { cwd: options.cwd } : {}),
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
