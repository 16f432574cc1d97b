import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file whether it runs from source (vitest) or from dist/ (the suite's client). */
export const projectRoot = ((): string => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist') {
    if (path.dirname(dir) === dir) throw new Error('test/conformance: no package.json above this file');
    dir = path.dirname(dir);
  }
  return dir;
})();

/** The CLI launcher, as users run it. */
export const bridgekeeperBin = path.join(projectRoot, 'bin', 'bridgekeeper.js');

/** A compiled file under dist/. */
export function compiled(relative: string): string {
  const full = path.join(projectRoot, 'dist', relative);
  if (!fs.existsSync(full)) throw new Error(`${full} is missing: run \`npm run build\` first (npm test does).`);
  return full;
}
