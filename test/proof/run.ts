import fs from 'node:fs';
import path from 'node:path';
import { reexecInTestKeyring } from '../../bench/bench-setup.js';
import { repoRoot } from '../helpers/cli.js';
import { figuresTable } from './figures.js';
import { type Scale, machine, proofDocument, runSuite } from './suite.js';

/**
 * `npm run proof`: runs the reliability and security suite at full scale, prints one table of figures and writes
 * it to .tmp/proof/PROOF.md. `--update-doc` also writes docs/PROOF.md (the published figures); `--fast` runs the
 * small counts `npm test` uses.
 */
async function main(): Promise<void> {
  if (reexecInTestKeyring()) return;
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !['--update-doc', '--fast'].includes(a));
  if (unknown.length) {
    process.stderr.write(
      `proof: unknown option ${unknown.join(' ')}. Use --fast (small counts) and/or --update-doc (write docs/PROOF.md).\n`,
    );
    process.exitCode = 2;
    return;
  }
  const scale: Scale = args.includes('--fast') ? 'fast' : 'full';
  process.stderr.write(`proof: scale ${scale} on ${machine()}\n`);
  const parts = await runSuite(scale, (line) => process.stderr.write(`${line}\n`));
  const doc = proofDocument(parts, scale);
  process.stdout.write(`${figuresTable(parts)}\n`);
  const out = path.join(repoRoot, '.tmp', 'proof', 'PROOF.md');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, doc);
  process.stderr.write(`proof: wrote ${path.relative(repoRoot, out)}\n`);
  if (args.includes('--update-doc')) {
    fs.writeFileSync(path.join(repoRoot, 'docs', 'PROOF.md'), doc);
    process.stderr.write('proof: wrote docs/PROOF.md\n');
  }
  if (!parts.every((p) => p.ok)) process.exitCode = 1;
}

await main();
