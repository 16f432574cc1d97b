#!/usr/bin/env node
// Runs Electronegativity (Doyensec's Electron security scanner) over the app's Electron code and fails on any
// HIGH-severity finding. Its CLI cannot start here (it requires an undeclared `commander` 2.x and gets our 14.x),
// so this calls its programmatic runner with the same options the CLI would pass.
// Usage: node scripts/electronegativity.mjs [dir ...]   (default: electron/ and the compiled dist/electron/)
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronVersion = require(path.join(root, 'node_modules', 'electron', 'package.json')).version;
const runnerModule = require(path.join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'runner.js'));
const run = runnerModule.default ?? runnerModule;

/** The scan folder: the Electron sources plus the renderer page (for the CSP checks). */
function scanFolder(dir) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-eneg-'));
  fs.cpSync(dir, path.join(out, path.basename(dir)), { recursive: true, filter: (f) => !f.endsWith('.map') });
  const html = ['renderer/dist/index.html', 'renderer/index.html']
    .map((f) => path.join(root, f))
    .find((f) => fs.existsSync(f));
  if (html) fs.copyFileSync(html, path.join(out, 'index.html'));
  return out;
}

const targets = process.argv.slice(2).length ? process.argv.slice(2) : ['electron', 'dist/electron'];
let high = 0;
for (const target of targets) {
  const dir = path.resolve(root, target);
  if (!fs.existsSync(dir)) {
    console.log(`electronegativity: ${target} does not exist (run npm run build first); skipped.`);
    continue;
  }
  const input = scanFolder(dir);
  const result = await run({
    input,
    isRelative: true,
    electronVersionOverride: electronVersion,
    customScan: [],
    excludeFromScan: [],
  });
  fs.rmSync(input, { recursive: true, force: true });
  const issues = result.issues ?? [];
  const errors = (result.errors ?? []).filter((e) => !e.tolerable);
  console.log(
    `electronegativity ${target}: ${result.atomicChecks ?? '?'} atomic + ${result.globalChecks ?? '?'} global checks, ${issues.length} finding(s), ${errors.length} parse error(s)`,
  );
  for (const i of issues) {
    console.log(
      `  [${i.severity?.name ?? i.severity}/${i.confidence?.name ?? i.confidence}] ${i.id} ${i.file}:${i.location?.line ?? ''} ${i.description ?? ''}`,
    );
    if (String(i.severity?.name ?? i.severity).toUpperCase() === 'HIGH') high++;
  }
  for (const e of errors) console.log(`  parse error: ${e.file}: ${e.message}`);
  if (errors.length) high++;
}
console.log(
  high === 0
    ? 'electronegativity: 0 high-severity findings.'
    : `electronegativity: ${high} high-severity finding(s) or parse error(s).`,
);
process.exit(high === 0 ? 0 : 1);
