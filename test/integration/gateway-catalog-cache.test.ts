import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGenericMcpSimulator, type GenericMcpSimulator } from '../simulators/generic-mcp-server.js';
import {
  addConnection,
  cli,
  connectGateway,
  listUntil,
  type GatewayClient,
  gatewayEnv,
  text,
} from './gateway-harness.js';

/** The file's JSON once it parses (a gateway is about to rewrite it), within 10 s. */
async function untilParsed<T>(file: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

// The last known upstream tool lists, kept by one gateway, let the next one answer tools/list before the upstream
// answers; the live list then replaces it, announced with list_changed.
describe('catalog cache across gateway starts', () => {
  let sim: GenericMcpSimulator;
  let moved: GenericMcpSimulator;
  let env: Record<string, string>;
  let cacheFile: string;
  const T = (tool: string) => `mcp_cached__${tool}`;
  const gateways: GatewayClient[] = [];
  const start = async () => {
    const gw = await connectGateway(env);
    gateways.push(gw);
    return gw;
  };

  beforeAll(async () => {
    sim = await startGenericMcpSimulator({ host: 'mcp.cached.example' });
    moved = await startGenericMcpSimulator({ host: 'mcp.moved.example' });
    env = gatewayEnv({ ...sim.hostOverrides, ...moved.hostOverrides }, { BRIDGEKEEPER_LIST_TIMEOUT_MS: '3000' });
    cacheFile = path.join(env.BRIDGEKEEPER_HOME!, 'cache', 'tool-lists.json');
    await addConnection(env, 'remote-mcp', 'Cached', sim.tokens.full, ['--url', sim.endpoint]);
  });
  afterAll(async () => {
    for (const gw of gateways) await gw.close().catch(() => undefined);
    await sim?.close();
    await moved?.close();
  });

  it('keeps the live list in an owner-only file holding tool definitions and no credential', async () => {
    const a = await start();
    await listUntil(a, (names) => names.includes(T('search_items')));
    await a.close();
    expect(fs.statSync(cacheFile).mode & 0o777).toBe(0o600);
    const raw = fs.readFileSync(cacheFile, 'utf8');
    expect(raw).toContain('search_items');
    expect(raw).not.toContain(sim.tokens.full);
    expect(raw).not.toContain('Item matching'); // no results
  });

  it('answers the first tools/list from the cache while the upstream has not listed, calls a cached tool, then reconciles', async () => {
    sim.addTool('fresh_tool');
    const release = sim.holdToolsList();
    let released = false;
    try {
      const b = await start();
      const reconciled = b.nextListChanged();
      const first = (await b.client.listTools()).tools.map((t) => t.name);
      expect(first).toContain(T('search_items'));
      expect(first).not.toContain(T('fresh_tool'));
      // The upstream's tools/list is still held: the call opens (or uses) a session on demand.
      const result = await b.call(T('search_items'), { query: 'cached' });
      expect(result.isError).toBeFalsy();
      expect(text(result)).toContain('Item matching cached');
      release();
      released = true;
      await reconciled;
      const names = (await b.client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining([T('search_items'), T('fresh_tool')]));
      expect(b.stderr()).toMatch(/live tools of 'Cached' differ from the cached ones/);
      // Stopped: a running gateway would list the connection changed below and cache its new list.
      await b.close();
    } finally {
      if (!released) release();
    }
  });

  it('never serves the cached list of a connection whose configuration changed since', async () => {
    const updated = await cli(['connections', 'update', 'Cached', '--url', moved.endpoint, '--offline'], env);
    expect(updated.code).toBe(0);
    const release = moved.holdToolsList();
    let released = false;
    try {
      const c = await start();
      const first = (await c.client.listTools()).tools.map((t) => t.name);
      expect(first.some((n) => n.startsWith('mcp_cached__'))).toBe(false);
      release();
      released = true;
      const names = await listUntil(c, (n) => n.includes(T('search_items')));
      expect(names).not.toContain(T('fresh_tool')); // the moved server has its own tools
      await c.close();
    } finally {
      if (!released) release();
    }
  });

  it('ignores a damaged cache file and replaces it with a good one', async () => {
    fs.writeFileSync(cacheFile, '{"version": 1, "connections": {"c_x": {"tools": "not a list"}}', { mode: 0o600 });
    const d = await start();
    await listUntil(d, (names) => names.includes(T('search_items')));
    // Replaced once the live list arrives (the first answer may come before it, from what was shown last time).
    const saved = await untilParsed<{ connections: Record<string, unknown> }>(cacheFile);
    expect(Object.keys(saved.connections)).toHaveLength(1);
  });
});

// A server that was down at the last listing must not hold up the next gateway's first tools/list: the failure is
// remembered, the first answer comes at once without its tools, and they follow with list_changed when it answers.
describe('catalog cache: an upstream that was down', () => {
  let up: GenericMcpSimulator;
  let down: GenericMcpSimulator;
  let env: Record<string, string>;
  const gateways: GatewayClient[] = [];

  beforeAll(async () => {
    up = await startGenericMcpSimulator({ host: 'mcp.up.example' });
    down = await startGenericMcpSimulator({ host: 'mcp.down.example' });
    // A list timeout far beyond the test's: a first answer that waited for the held upstream would never come in time.
    env = gatewayEnv({ ...up.hostOverrides, ...down.hostOverrides }, { BRIDGEKEEPER_LIST_TIMEOUT_MS: '600000' });
    await addConnection(env, 'remote-mcp', 'Up', up.tokens.full, ['--url', up.endpoint]);
    await addConnection(env, 'remote-mcp', 'Down', down.tokens.full, ['--url', down.endpoint]);
  });
  afterAll(async () => {
    for (const gw of gateways) await gw.close().catch(() => undefined);
    await up?.close();
    await down?.close();
  });

  it('answers the next first tools/list without waiting for it, then lists its tools once it answers', async () => {
    down.setDown(true);
    const a = await connectGateway(env);
    gateways.push(a);
    await listUntil(a, (names) => names.includes('mcp_up__search_items'));
    await a.untilStderr(/tools of 'Down' are unavailable/);
    await a.close();
    const cacheFile = path.join(env.BRIDGEKEEPER_HOME!, 'cache', 'tool-lists.json');
    const saved = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as {
      connections: Record<string, { unreachable?: boolean; tools: unknown[] }>;
    };
    expect(Object.values(saved.connections).filter((e) => e.unreachable)).toEqual([
      expect.objectContaining({ tools: [] }),
    ]);

    // Back up, but slow to list: the first answer does not wait for it.
    down.setDown(false);
    const release = down.holdToolsList();
    let released = false;
    try {
      const b = await connectGateway(env);
      gateways.push(b);
      const reconciled = b.nextListChanged();
      const first = (await b.client.listTools()).tools.map((t) => t.name);
      expect(first).toContain('mcp_up__search_items');
      expect(first.some((n) => n.startsWith('mcp_down__'))).toBe(false);
      release();
      released = true;
      await reconciled;
      const names = (await b.client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('mcp_down__search_items');
      await b.close();
    } finally {
      if (!released) release();
    }
    // The live list replaced the record of the failure.
    const after = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as {
      connections: Record<string, { unreachable?: boolean }>;
    };
    expect(Object.values(after.connections).some((e) => e.unreachable)).toBe(false);
  }, 30_000);
});
