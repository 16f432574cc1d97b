import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

const run = promisify(execFile);
const depcruiseBin = path.join(repoRoot, 'node_modules', '.bin', 'depcruise');
const config = path.join(repoRoot, '.dependency-cruiser.cjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}
interface CruiseResult {
  modules: { source: string; dependencies: { resolved: string }[] }[];
  summary: { violations: Violation[]; totalCruised: number };
}

/** Runs the project's dependency-cruiser config over `shared/` under `cwd`, as `npm run lint` does, with JSON output. */
async function cruise(cwd: string): Promise<CruiseResult> {
  const { stdout } = await run(depcruiseBin, ['shared', '--config', config, '--output-type', 'json'], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as CruiseResult;
}

/**
 * Each case: a module at `from` importing `to` (or `via`, a module that imports `to`), and the rule that must refuse
 * it (`null`: allowed).
 */
const cases: { from: string; to: string; rule: string | null; via?: string }[] = [
  { from: 'shared/util/a.ts', to: 'shared/connections/model.ts', rule: 'leaf-imports-leaf' },
  { from: 'shared/errors.ts', to: 'shared/providers/types.ts', rule: 'leaf-imports-leaf' },
  { from: 'shared/contract/views.ts', to: 'shared/connections/model.ts', rule: 'leaf-imports-leaf' },
  { from: 'shared/secrets/a.ts', to: 'shared/util/x.ts', rule: null },
  { from: 'shared/secrets/b.ts', to: 'shared/providers/token-facts.ts', rule: null },
  { from: 'shared/secrets/c.ts', to: 'shared/providers/imboard/index.ts', rule: 'leaf-imports-leaf' },
  { from: 'shared/providers/token-facts.ts', to: 'shared/providers/imboard/token-facts.ts', rule: null },
  { from: 'shared/providers/imboard/token-facts.ts', to: 'shared/errors.ts', rule: 'token-facts-import-nothing' },
  { from: 'shared/connections/c.ts', to: 'shared/providers/sessionboard/token-facts.ts', rule: null },
  { from: 'shared/connections/a.ts', to: 'shared/providers/types.ts', rule: 'state-below-services' },
  { from: 'shared/audit/a.ts', to: 'shared/use-cases/x.ts', rule: 'state-below-services' },
  { from: 'shared/connections/b.ts', to: 'shared/util/x.ts', rule: null },
  { from: 'shared/providers/a.ts', to: 'shared/use-cases/x.ts', rule: 'services-below-use-cases' },
  { from: 'shared/auth/a.ts', to: 'shared/catalog/x.ts', rule: 'services-below-use-cases' },
  { from: 'shared/auth/b.ts', to: 'shared/providers/registry.ts', rule: 'auth-does-not-look-up-providers' },
  { from: 'shared/auth/c.ts', to: 'shared/connections/model.ts', rule: null },
  {
    from: 'shared/providers/sessionboard/a.ts',
    to: 'shared/auth/oauth/refresh.ts',
    rule: 'providers-do-not-import-auth',
  },
  { from: 'shared/providers/b.ts', to: 'shared/upstream-mcp/x.ts', rule: null },
  { from: 'shared/upstream-mcp/a.ts', to: 'shared/providers/types.ts', rule: 'upstream-mcp-is-service-free' },
  { from: 'shared/catalog/a.ts', to: 'shared/use-cases/x.ts', rule: 'catalog-below-use-cases' },
  {
    from: 'shared/catalog/b.ts',
    to: 'shared/providers/sessionboard/index.ts',
    rule: 'gateway-loads-providers-on-demand',
  },
  { from: 'shared/use-cases/a.ts', to: 'shared/gateway/x.ts', rule: 'use-cases-below-surfaces' },
  { from: 'shared/install/a.ts', to: 'shared/cli/x.ts', rule: 'use-cases-below-surfaces' },
  { from: 'shared/use-cases/b.ts', to: 'shared/providers/registry.ts', rule: null },
  { from: 'shared/app/a.ts', to: 'shared/cli/x.ts', rule: 'surfaces-are-siblings' },
  { from: 'shared/gateway/a.ts', to: 'shared/app/x.ts', rule: 'surfaces-are-siblings' },
  { from: 'shared/cli/a.ts', to: 'shared/gateway/x.ts', rule: 'surfaces-are-siblings' },
  { from: 'shared/app/b.ts', to: 'shared/use-cases/x.ts', rule: null },
  { from: 'shared/gateway/b.ts', to: 'shared/providers/registry.ts', rule: 'gateway-loads-providers-on-demand' },
  { from: 'shared/gateway/c.ts', to: 'renderer/src/x.ts', rule: 'shared-is-ui-free' },
  {
    from: 'shared/gateway/f.ts',
    via: 'shared/use-cases/b.ts',
    to: 'shared/providers/registry.ts',
    rule: 'gateway-never-reaches-the-registry',
  },
  { from: 'shared/gateway/d.ts', to: 'shared/providers/load-provider.ts', rule: null },
  { from: 'shared/gateway/e.ts', to: 'shared/gateway/x.ts', rule: null },
  { from: 'shared/cli/commands/mcp.ts', to: 'shared/gateway/gateway-server.ts', rule: null },
  { from: 'shared/cli/commands/mcp.ts', to: 'shared/gateway/x.ts', rule: 'cli-mcp-launches-the-gateway-only' },
  { from: 'shared/somewhere-new/a.ts', to: 'shared/errors.ts', rule: 'shared-outside-layers' },
];

const fixtures: string[] = [];
afterAll(() => {
  for (const dir of fixtures) fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes a tiny tree with one import per case (plus a tsconfig like the project's) and returns its root. */
function writeFixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-layers-'));
  fixtures.push(dir);
  const imports = new Map<string, string[]>();
  for (const c of cases) imports.set(c.from, [...(imports.get(c.from) ?? []), c.via ?? c.to]);
  const targets = new Set(cases.map((c) => c.to).filter((to) => !imports.has(to)));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  for (const to of targets) write(to, 'export const a = 1;\n');
  for (const [from, tos] of imports) {
    const lines = tos.map((to, i) => {
      let spec = path.relative(path.dirname(from), to).replace(/\.ts$/, '.js');
      if (!spec.startsWith('.')) spec = `./${spec}`;
      return `import { a as a${i} } from '${spec}';\nexport const b${i} = a${i};\n`;
    });
    write(from, lines.join(''));
  }
  write(
    'tsconfig.json',
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
  );
  return dir;
}

describe('layers inside shared/ (dependency-cruiser, .dependency-cruiser.cjs)', () => {
  it('each rule refuses the import that breaks it and lets the allowed ones through', { timeout: 60_000 }, async () => {
    const result = await cruise(writeFixture());
    const found = new Map<string, string[]>();
    for (const v of result.summary.violations)
      found.set(`${v.from} -> ${v.to}`, [...(found.get(`${v.from} -> ${v.to}`) ?? []), v.rule.name]);
    for (const c of cases) {
      const rules = found.get(`${c.from} -> ${c.to}`) ?? [];
      if (c.rule) expect({ ...c, rules }).toEqual({ ...c, rules: expect.arrayContaining([c.rule]) });
      else expect({ ...c, rules }).toEqual({ ...c, rules: [] });
    }
    // Every rule of the config is exercised by at least one case.
    const configured = ((await import(config)) as { default: { forbidden: { name: string }[] } }).default.forbidden.map(
      (r) => r.name,
    );
    expect(new Set(cases.map((c) => c.rule).filter(Boolean))).toEqual(new Set(configured));
  });

  it(
    'the tree passes, and no two folders of shared/ depend on each other both ways',
    { timeout: 120_000 },
    async () => {
      const result = await cruise(repoRoot);
      expect(result.summary.violations).toEqual([]);
      expect(result.summary.totalCruised).toBeGreaterThan(100);
      // A provider's token facts are leaf modules of their own (imported by secrets/), not part of providers/.
      const unit = (file: string) =>
        /^shared\/providers\/([^/]+\/)?token-facts\.ts$/.test(file)
          ? 'token-facts'
          : file.split('/').slice(0, 2).join('/').replace(/\.ts$/, '');
      const edges = new Set<string>();
      for (const m of result.modules) {
        if (!m.source.startsWith('shared/')) continue;
        for (const d of m.dependencies) {
          if (d.resolved.startsWith('shared/') && unit(d.resolved) !== unit(m.source))
            edges.add(`${unit(m.source)} -> ${unit(d.resolved)}`);
        }
      }
      expect(edges.size).toBeGreaterThan(20);
      const twoWay = [...edges].filter((e) => edges.has(e.split(' -> ').reverse().join(' -> ')));
      expect(twoWay).toEqual([]);
    },
  );

  it('runs in npm run lint (and so in npm test)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.lint).toMatch(/depcruise shared --config \.dependency-cruiser\.cjs/);
    expect(pkg.scripts.test).toContain('npm run lint');
  });
});
