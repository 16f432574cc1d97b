#!/usr/bin/env node
/**
 * The README as the npm registry page shows it.
 *
 * npmjs.com resolves a README's relative links and images against the package's `repository` (GitHub raw URLs). This
 * package has no public repository to name, so relative images would render broken there. Instead, while a tarball is
 * made (`prepack`, which `npm pack` and `npm publish` run), every relative link and image target of README.md is
 * rewritten to the same file inside the published version on jsDelivr's npm CDN
 * (`https://cdn.jsdelivr.net/npm/<name>@<version>/<path>`): a URL that exists as soon as that version is on the
 * registry, is immutable, and depends on nothing but the package itself. The targets are shipped for that reason
 * (`files` in package.json; test/integration/npm-pack.test.ts checks each one is in the tarball). `postpack` puts the
 * original back, so the repository's README keeps relative links that work on any git host and in editors.
 *
 *   node scripts/registry-readme.mjs prepack    rewrite README.md, keeping the original in .tmp/
 *   node scripts/registry-readme.mjs postpack   put the original back
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readme = path.join(root, 'README.md');
const kept = path.join(root, '.tmp', 'README.before-pack.md');

/** A link target with a scheme (`https:`, `mailto:`) or an in-page anchor: left as it is. */
const isAbsolute = (target) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#');

/**
 * README text with every relative Markdown link and image target (`](path)`, optionally `](path "title")`) made
 * absolute under `base`. Returns the text and the repository paths it pointed at (fragments removed).
 * @param {string} text
 * @param {string} base e.g. `https://cdn.jsdelivr.net/npm/bridgekeeper@0.1.0/`
 * @returns {{ text: string, targets: string[] }}
 */
export function absoluteLinks(text, base) {
  const targets = [];
  const rewritten = text.replace(/\]\(\s*([^)\s]+)((?:\s+"[^"]*")?\s*)\)/g, (whole, target, title) => {
    if (isAbsolute(target)) return whole;
    const relative = target.replace(/^\.?\//, '');
    targets.push(relative.split('#')[0]);
    return `](${new URL(relative, base).href}${title})`;
  });
  return { text: rewritten, targets };
}

/** The CDN folder of this package version. */
export function cdnBase(manifest) {
  return `https://cdn.jsdelivr.net/npm/${manifest.name}@${manifest.version}/`;
}

function restore() {
  if (!fs.existsSync(kept)) return false;
  fs.renameSync(kept, readme);
  return true;
}

function prepack() {
  // A pack that died between the two steps left the rewritten README in place: start from the original.
  restore();
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const original = fs.readFileSync(readme, 'utf8');
  const { text, targets } = absoluteLinks(original, cdnBase(manifest));
  const missing = targets.filter((t) => !fs.existsSync(path.join(root, t)));
  if (missing.length > 0) {
    console.error(`README.md links to files that do not exist: ${missing.join(', ')}. Fix the links, then pack again.`);
    process.exit(1);
  }
  fs.mkdirSync(path.dirname(kept), { recursive: true });
  fs.copyFileSync(readme, kept);
  const next = `${readme}.${process.pid}.tmp`;
  fs.writeFileSync(next, text);
  fs.renameSync(next, readme);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const step = process.argv[2];
  if (step === 'prepack') prepack();
  else if (step === 'postpack') restore();
  else {
    console.error('Usage: node scripts/registry-readme.mjs prepack|postpack');
    process.exit(2);
  }
}
