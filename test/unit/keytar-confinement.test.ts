import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ['node_modules', 'dist'].includes(entry.name) ? [] : sourceFiles(full);
    return /\.(ts|tsx|cts|mts|js)$/.test(entry.name) ? [full] : [];
  });
}

describe('secrets stay behind the SecretStore interface', () => {
  it('only shared/secrets/keytar-secret-store.ts loads keytar', () => {
    const offenders = ['shared', 'electron', 'renderer/src', 'bench']
      .filter((d) => fs.existsSync(path.join(repoRoot, d)))
      .flatMap((d) => sourceFiles(path.join(repoRoot, d)))
      .filter((file) =>
        /(from\s+['"]keytar['"]|require\(\s*['"]keytar['"]\s*\)|import\(\s*['"]keytar['"]\s*\))/.test(
          fs.readFileSync(file, 'utf8'),
        ),
      )
      .map((file) => path.relative(repoRoot, file));
    expect(offenders).toEqual(['shared/secrets/keytar-secret-store.ts']);
  });
});
