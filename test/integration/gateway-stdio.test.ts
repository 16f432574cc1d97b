import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { startGenericMcpSimulator, type GenericMcpSimulator } from '../simulators/generic-mcp-server.js';
import { addConnection, connectGateway, gatewayEnv } from './gateway-harness.js';

type Rpc = {
  jsonrpc: string;
  id?: number | string | null;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
  method?: string;
};

/**
 * A cold start: the tool lists earlier gateways of this file cached, and the list they last answered, would answer
 * the first tools/list at once (tested in gateway-catalog-cache.test.ts and gateway-first-answer.test.ts).
 */
function forgetCachedToolLists(env: Record<string, string>): void {
  fs.rmSync(path.join(env.BRIDGEKEEPER_HOME!, 'cache', 'tool-lists.json'), { force: true });
  fs.rmSync(path.join(env.BRIDGEKEEPER_HOME!, 'cache', 'tool-list-answers.json'), { force: true });
}

/** A raw `bridgekeeper mcp` child: we write bytes to stdin and check every byte on stdout. */
function rawGateway(env: Record<string, string>) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [cliPath, 'mcp'], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
  });
  let buffer = '';
  const lines: string[] = [];
  const waiters: Array<{ id: number; resolve: (m: Rpc) => void }> = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    let cut: number;
    while ((cut = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 1);
      lines.push(line);
      let message: Rpc | undefined;
      try {
        message = JSON.parse(line) as Rpc;
      } catch {
        continue; // recorded in `lines`; the test asserts every line parses
      }
      for (const w of waiters.filter((x) => x.id === message!.id)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(message);
      }
    }
  });
  return {
    child,
    lines,
    stderr: () => stderr,
    send: (raw: string) => child.stdin.write(raw.endsWith('\n') ? raw : `${raw}\n`),
    request: (id: number, method: string, params: unknown = {}) =>
      new Promise<Rpc>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no answer to ${method} (#${id}); stderr:\n${stderr}`)),
          20_000,
        );
        waiters.push({ id, resolve: (m) => (clearTimeout(timer), resolve(m)) });
        child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
      }),
  };
}

const INIT = { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw-test', version: '1' } };

describe('gateway stdio hygiene and startup', () => {
  let fast: GenericMcpSimulator;
  let slow: GenericMcpSimulator;
  let env: Record<string, string>;

  beforeAll(async () => {
    fast = await startGenericMcpSimulator({ host: 'mcp.fast.example' });
    slow = await startGenericMcpSimulator({ host: 'mcp.slow.example' });
    env = gatewayEnv({ ...fast.hostOverrides, ...slow.hostOverrides }, { BRIDGEKEEPER_LIST_TIMEOUT_MS: '1500' });
    await addConnection(env, 'remote-mcp', 'Fast', fast.tokens.full, ['--url', fast.endpoint]);
    await addConnection(env, 'remote-mcp', 'Slow', slow.tokens.full, ['--url', slow.endpoint]);
  });
  afterAll(async () => {
    await fast?.close();
    await slow?.close();
  });

  it('answers initialize before touching the network, writes only JSON-RPC to stdout, and survives malformed input', async () => {
    const gw = rawGateway(env);
    try {
      const before = fast.requests.length + slow.requests.length;
      const init = await gw.request(1, 'initialize', INIT);
      expect(init.result).toMatchObject({
        serverInfo: { name: 'bridgekeeper' },
        capabilities: { tools: { listChanged: true } },
      });
      expect(fast.requests.length + slow.requests.length).toBe(before);
      gw.send('{"jsonrpc":"2.0","method":"notifications/initialized"}');
      gw.send('{this is not json');
      gw.send('{"hello":"not a JSON-RPC message"}');
      gw.send('[]');
      gw.send('\u0000\u0001 binary junk');
      const unknownMethod = await gw.request(2, 'no/such/method', {});
      expect(unknownMethod.error?.code).toBe(-32601);
      // Params that break the tools/call shape are a protocol error -32602 (Invalid params), never a tool result.
      const badParams = await gw.request(3, 'tools/call', { name: 42 });
      expect(badParams.result).toBeUndefined();
      expect(badParams.error?.code).toBe(-32602);
      const badArgs = await gw.request(4, 'tools/call', { name: 'mcp_fast__search_items', arguments: 'not-an-object' });
      expect(badArgs.result).toBeUndefined();
      expect(badArgs.error?.code).toBe(-32602);
      const unknownTool = await gw.request(5, 'tools/call', { name: 'nope__nothing', arguments: {} });
      // MCP spec: an unknown tool is a JSON-RPC error -32602 (Invalid params), not a tool result.
      expect(unknownTool.result).toBeUndefined();
      expect(unknownTool.error?.code).toBe(-32602);
      expect(unknownTool.error?.message).toMatch(/Unknown tool: 'nope__nothing'.*tool list again/);
      const list = await gw.request(6, 'tools/list', {});
      expect((list.result!.tools as unknown[]).length).toBeGreaterThan(0);
      expect(gw.child.exitCode).toBeNull();
      expect(gw.lines.length).toBeGreaterThanOrEqual(6);
      for (const line of gw.lines) {
        const parsed = JSON.parse(line) as Rpc;
        expect(parsed.jsonrpc).toBe('2.0');
      }
      expect(gw.stderr()).toContain('gateway ready');
    } finally {
      gw.child.kill();
    }
  });

  it('does not let a slow upstream hold up the tool list, and announces its tools when they arrive', async () => {
    slow.setLatency(4_000);
    forgetCachedToolLists(env);
    const gw = await connectGateway(env);
    try {
      const changed = gw.nextListChanged(30_000);
      const first = (await gw.client.listTools()).tools.map((t) => t.name);
      expect(first).toContain('mcp_fast__search_items');
      expect(first.some((n) => n.startsWith('mcp_slow__'))).toBe(false);
      await changed;
      const later = (await gw.client.listTools()).tools.map((t) => t.name);
      expect(later).toContain('mcp_slow__search_items');
      expect(gw.stderr()).toMatch(/tools of 'Slow' arrived late/);
    } finally {
      slow.setLatency(0);
      await gw.close();
    }
  });

  it('keeps serving the other connections when one upstream is down, and says why in its log', async () => {
    slow.setDown(true);
    forgetCachedToolLists(env);
    const gw = await connectGateway(env);
    try {
      // On a loaded machine even the healthy upstream may miss the 1.5 s list bound: its tools then follow with
      // tools/list_changed. Either way they arrive, and the down one is left out and logged.
      const changed = gw.nextListChanged(20_000);
      changed.catch(() => undefined);
      let names = (await gw.client.listTools()).tools.map((t) => t.name);
      if (!names.includes('mcp_fast__search_items')) {
        await changed;
        names = (await gw.client.listTools()).tools.map((t) => t.name);
      }
      expect(names).toContain('mcp_fast__search_items');
      expect(names.some((n) => n.startsWith('mcp_slow__'))).toBe(false);
      await gw.untilStderr(/tools of 'Slow' are unavailable/);
      expect(gw.stderr()).toMatch(/tools of 'Slow' are unavailable: .*503/);
    } finally {
      slow.setDown(false);
      await gw.close();
    }
  });
});

describe('gateway and an upstream that restarts', () => {
  it('opens a new session when the upstream no longer knows the old one (404), and the call still succeeds', async () => {
    const live = await startGenericMcpSimulator({ host: 'mcp.restarting.example', stateful: true });
    const env = gatewayEnv(live.hostOverrides);
    try {
      await addConnection(env, 'remote-mcp', 'Restarting', live.tokens.full, ['--url', live.endpoint]);
      const gw = await connectGateway(env);
      try {
        expect((await gw.call('mcp_restarting__search_items', { query: 'a' })).isError).toBeFalsy();
        await live.forgetSessions();
        const initializesBefore = live.requests.filter((r) => r.rpc === 'initialize').length;
        const again = await gw.call('mcp_restarting__search_items', { query: 'a' });
        expect(again.isError, JSON.stringify(again.content)).toBeFalsy();
        expect(live.requests.filter((r) => r.rpc === 'initialize').length).toBe(initializesBefore + 1);
      } finally {
        await gw.close();
      }
    } finally {
      await live.close();
    }
  });
});

describe('gateway following an upstream whose tools change', () => {
  it('re-lists an upstream that sends tools/list_changed and tells its own client', async () => {
    const live = await startGenericMcpSimulator({ host: 'mcp.live.example', stateful: true });
    const env = gatewayEnv(live.hostOverrides);
    try {
      await addConnection(env, 'remote-mcp', 'Live', live.tokens.full, ['--url', live.endpoint]);
      const gw = await connectGateway(env);
      try {
        const before = (await gw.client.listTools()).tools.map((t) => t.name);
        expect(before).toContain('mcp_live__search_items');
        expect(before).not.toContain('mcp_live__fresh_tool');
        const changed = gw.nextListChanged();
        live.addTool('fresh_tool');
        await changed;
        expect((await gw.client.listTools()).tools.map((t) => t.name)).toContain('mcp_live__fresh_tool');
        const result = await gw.call('mcp_live__fresh_tool');
        expect(result.content).toEqual([{ type: 'text', text: 'fresh_tool ran' }]);
      } finally {
        await gw.close();
      }
    } finally {
      await live.close();
    }
  });
});
