import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGenericMcpSimulator, type GenericMcpSimulator } from '../simulators/generic-mcp-server.js';
import { addConnection, cli, connectGateway, type GatewayClient, gatewayEnv, listUntil } from './gateway-harness.js';

// What an assistant was last shown answers its next gateway's first tools/list at once, before that gateway has
// loaded anything or asked any upstream, as long as nothing the list depends on changed; the live list follows with
// list_changed when it differs.
describe('first tools/list of a later start', () => {
  let sim: GenericMcpSimulator;
  let env: Record<string, string>;
  let answers: string;
  let upstreamLists: string;
  const gateways: GatewayClient[] = [];
  const start = async () => {
    const gw = await connectGateway(env);
    gateways.push(gw);
    return gw;
  };

  beforeAll(async () => {
    sim = await startGenericMcpSimulator({ host: 'mcp.first.example' });
    // A list timeout far beyond the test's: a first answer that waited for the held upstream would never come in time.
    env = gatewayEnv(sim.hostOverrides, { BRIDGEKEEPER_LIST_TIMEOUT_MS: '600000' });
    answers = path.join(env.BRIDGEKEEPER_HOME!, 'cache', 'tool-list-answers.json');
    upstreamLists = path.join(env.BRIDGEKEEPER_HOME!, 'cache', 'tool-lists.json');
    await addConnection(env, 'remote-mcp', 'First', sim.tokens.full, ['--url', sim.endpoint]);
  });
  afterAll(async () => {
    for (const gw of gateways) await gw.close().catch(() => undefined);
    await sim?.close();
  });

  it('records what was shown in an owner-only file, without credentials', async () => {
    const a = await start();
    await listUntil(a, (names) => names.includes('mcp_first__search_items'));
    await a.close();
    expect(fs.statSync(answers).mode & 0o777).toBe(0o600);
    const raw = fs.readFileSync(answers, 'utf8');
    expect(raw).toContain('mcp_first__search_items');
    expect(raw).not.toContain(sim.tokens.full);
  });

  it('answers the next first list from it while the upstream has not answered, then announces the live list', async () => {
    fs.rmSync(upstreamLists, { force: true }); // no upstream list cached either: only the recorded answer can serve
    sim.addTool('later_tool');
    const release = sim.holdToolsList();
    let released = false;
    try {
      const b = await start();
      const changed = b.nextListChanged();
      const first = (await b.client.listTools()).tools.map((t) => t.name);
      expect(first).toContain('mcp_first__search_items');
      expect(first).not.toContain('mcp_first__later_tool');
      release();
      released = true;
      await changed;
      expect((await b.client.listTools()).tools.map((t) => t.name)).toContain('mcp_first__later_tool');
      await b.close();
    } finally {
      if (!released) release();
    }
  });

  it('is not used once the configuration changed: the first list is built live', async () => {
    const renamed = await cli(['connections', 'update', 'First', '--label', 'Renamed', '--offline'], env);
    expect(renamed.code).toBe(0);
    const c = await start();
    const first = (await c.client.listTools()).tools.map((t) => t.name);
    expect(first).toContain('mcp_renamed__search_items');
    expect(first.some((n) => n.startsWith('mcp_first__'))).toBe(false);
  });
});
