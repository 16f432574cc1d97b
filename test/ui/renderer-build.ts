import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
// The checkout's root, also when compiled to dist/ (the proof suite imports these helpers from there).
import { repoRoot } from '../helpers/cli.js';

const rendererDir = path.join(repoRoot, 'renderer');
const builtIndex = path.join(rendererDir, 'dist', 'index.html');

function newestMtime(entries: string[]): number {
  let newest = 0;
  for (const entry of entries) {
    if (!fs.existsSync(entry)) continue;
    const stat = fs.statSync(entry);
    if (stat.isDirectory())
      newest = Math.max(newest, newestMtime(fs.readdirSync(entry).map((e) => path.join(entry, e))));
    else newest = Math.max(newest, stat.mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  if (!fs.existsSync(builtIndex)) return true;
  const sources = [
    path.join(rendererDir, 'src'),
    path.join(rendererDir, 'index.html'),
    path.join(rendererDir, 'vite.config.ts'),
    path.join(repoRoot, 'shared', 'contract.ts'),
    path.join(repoRoot, 'shared', 'contract'),
  ];
  return newestMtime(sources) > fs.statSync(builtIndex).mtimeMs;
}

/**
 * Makes sure renderer/dist is built from the current sources (`npm run build:renderer`), so the UI tests always
 * exercise the BUILT renderer even under a plain `vitest run`. Test files share one build through a file lock.
 */
export async function ensureRendererBuilt(): Promise<void> {
  if (!isStale()) return;
  const release = await lockfile.lock(rendererDir, {
    realpath: false,
    stale: 180_000,
    retries: { retries: 120, minTimeout: 1_000, maxTimeout: 2_000 },
  });
  try {
    if (!isStale()) return;
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'),
          'build',
          '--config',
          'renderer/vite.config.ts',
          '--logLevel',
          'error',
        ],
        { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`vite build failed (${code}): ${stderr}`)),
      );
    });
  } finally {
    await release();
  }
}
