import fs from 'node:fs';
import path from 'node:path';

/**
 * Loaded into a measured gateway with `node --import <this file>` (only in the scale bench's fan-out step) to make
 * two things observable from outside, written to `$BENCH_SCALE_PROBE_DIR/<pid>.json` whenever they change:
 * - `storeReads`: reads of `connections.json` (the store is read through `fs.readFileSync`, by `conf`);
 * - `rebuilds`: calls of the catalog manager's `rebuild()` (patched on its prototype a moment after start, once the
 *   gateway has loaded it; `null` when this build of the gateway has no such method: then only the store reads and
 *   the upstream requests tell).
 * It changes nothing else: the original functions run unchanged.
 */
const dir = process.env.BENCH_SCALE_PROBE_DIR;
if (dir) {
  const counts: { storeReads: number; rebuilds: number | null } = { storeReads: 0, rebuilds: null };
  const file = path.join(dir, `${process.pid}.json`);
  const save = () => fs.writeFileSync(file, JSON.stringify(counts));
  save();
  const readFileSync = fs.readFileSync;
  fs.readFileSync = function (this: unknown, ...args: Parameters<typeof readFileSync>) {
    const target = args[0];
    if (typeof target === 'string' && target.endsWith('connections.json')) {
      counts.storeReads++;
      save();
    }
    return readFileSync.apply(this, args);
  } as typeof readFileSync;
  setTimeout(() => {
    import(new URL('../shared/gateway/catalog-manager.js', import.meta.url).href)
      .then((module: { CatalogManager?: { prototype: { rebuild?: (...args: unknown[]) => unknown } } }) => {
        const proto = module.CatalogManager?.prototype;
        const rebuild = proto?.rebuild;
        if (!proto || typeof rebuild !== 'function') return;
        counts.rebuilds = 0;
        save();
        proto.rebuild = function (this: unknown, ...args: unknown[]) {
          counts.rebuilds! += 1;
          save();
          return rebuild.apply(this, args);
        };
      })
      .catch(() => undefined);
  }, 1_000).unref();
}
