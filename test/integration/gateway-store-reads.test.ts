import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGenericMcpSimulator, type GenericMcpSimulator } from '../simulators/generic-mcp-server.js';
import { repoRoot, tempDir } from '../helpers/cli.js';
import { addConnection, connectGateway, gatewayEnv, listUntil } from './gateway-harness.js';

/** The bench's probe (`bench/scale-probe.ts`), loaded into the gateway: it counts reads of connections.json. */
const probe = path.join(repoRoot, 'dist', 'bench', 'scale-probe.js');

// Each upstream session a gateway opens reports its instructions and notifications; finding its connection must not
// read and check the whole store file again each time (a start with N connections then cost N reads of N entries).
describe('store reads while a gateway starts', () => {
  const sims: GenericMcpSimulator[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 8; i++) sims.push(await startGenericMcpSimulator({ host: `mcp.reads${i}.example` }));
  });
  afterAll(async () => {
    for (const sim of sims) await sim.close();
  });

  /** Store reads of one gateway from spawn to a complete tools/list, with the first `n` upstreams connected. */
  async function readsWith(n: number): Promise<number> {
    const probeDir = tempDir('bk-probe-');
    const overrides = Object.assign({}, ...sims.map((s) => s.hostOverrides)) as Record<string, string>;
    const env = gatewayEnv(overrides, { BENCH_SCALE_PROBE_DIR: probeDir });
    for (const [i, sim] of sims.slice(0, n).entries())
      await addConnection(env, 'remote-mcp', `Reads ${i}`, sim.tokens.full, ['--url', sim.endpoint]);
    const gw = await connectGateway({ ...env, NODE_OPTIONS: `--import ${probe}` });
    try {
      const expected = Array.from({ length: n }, (_, i) => `mcp_reads-${i}__search_items`);
      await listUntil(gw, (names) => expected.every((name) => names.includes(name)));
      const [file] = fs.readdirSync(probeDir);
      return (JSON.parse(fs.readFileSync(path.join(probeDir, file!), 'utf8')) as { storeReads: number }).storeReads;
    } finally {
      await gw.close();
    }
  }

  it('does not grow with the number of upstream sessions', async () => {
    const two = await readsWith(2);
    const eight = await readsWith(8);
    expect(two).toBeGreaterThan(0); // the probe counts
    expect(eight - two).toBeLessThanOrEqual(1);
  }, 60_000);
});
