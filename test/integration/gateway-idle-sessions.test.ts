import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startGenericMcpSimulator, type GenericMcpSimulator } from '../simulators/generic-mcp-server.js';
import { addConnection, cli, connectGateway, type GatewayClient, gatewayEnv, text } from './gateway-harness.js';

// A stateful remote MCP server (SDK server over Streamable HTTP, one session per client) behind the gateway, with the
// idle period set short: a quiet session is ended with a DELETE, and the next call opens a new one unnoticed.
describe('idle upstream sessions', () => {
  let sim: GenericMcpSimulator;
  let other: GenericMcpSimulator;
  let env: Record<string, string>;
  let gw: GatewayClient;
  const T = (tool: string) => `mcp_idle__${tool}`;

  beforeAll(async () => {
    sim = await startGenericMcpSimulator({ host: 'mcp.idle.example', stateful: true });
    other = await startGenericMcpSimulator({ host: 'mcp.other.example', stateful: true });
    env = gatewayEnv({ ...sim.hostOverrides, ...other.hostOverrides }, { BRIDGEKEEPER_IDLE_SESSION_MS: '400' });
    await addConnection(env, 'remote-mcp', 'Idle', sim.tokens.full, ['--url', sim.endpoint]);
    await addConnection(env, 'remote-mcp', 'Other', other.tokens.full, ['--url', other.endpoint]);
    gw = await connectGateway(env);
  });
  afterAll(async () => {
    await gw?.close();
    await sim?.close();
    await other?.close();
  });

  it('ends a quiet session with DELETE, then serves the next call on a fresh session without the client noticing', async () => {
    const listed = (await gw.client.listTools()).tools.map((t) => t.name);
    const first = await gw.call(T('search_items'), { query: 'one' });
    expect(text(first)).toContain('Item matching one');
    const firstSession = sim.requests.find((r) => r.rpc === 'tools/call')?.session;
    expect(firstSession).toBeDefined();

    await vi.waitFor(
      () => expect(sim.requests.some((r) => r.method === 'DELETE' && r.session === firstSession)).toBe(true),
      { timeout: 20_000, interval: 50 },
    );
    expect(gw.stderr()).toMatch(/closed the idle session of 'Idle'/);

    const second = await gw.call(T('search_items'), { query: 'two' });
    expect(second.isError).toBeFalsy();
    expect(text(second)).toContain('Item matching two');
    const calls = sim.requests.filter((r) => r.rpc === 'tools/call');
    expect(calls).toHaveLength(2);
    expect(calls[1]!.session).toBeDefined();
    expect(calls[1]!.session).not.toBe(firstSession);
    // A new session was initialized for it; the tool list the client sees is unchanged.
    const initializes = sim.requests.filter((r) => r.rpc === 'initialize');
    expect(sim.requests.indexOf(initializes.at(-1)!)).toBeGreaterThan(
      sim.requests.findIndex((r) => r.method === 'DELETE' && r.session === firstSession),
    );
    expect((await gw.client.listTools()).tools.map((t) => t.name)).toEqual(listed);
  });

  it('a configuration change elsewhere does not reopen a session closed as idle just to list its tools again', async () => {
    const closes = (label: string) => gw.stderr().split(`closed the idle session of '${label}'`).length - 1;
    // Both sessions are quiet (the first test's last call reopened Idle's, so it closes a second time).
    await vi.waitFor(
      () => {
        expect(closes('Idle')).toBe(2);
        expect(closes('Other')).toBe(1);
      },
      { timeout: 20_000, interval: 50 },
    );
    const initializes = (s: GenericMcpSimulator) => s.requests.filter((r) => r.rpc === 'initialize').length;
    const idleBefore = initializes(sim);
    const otherBefore = initializes(other);
    const changed = gw.nextListChanged();
    const result = await cli(['tools', 'Other', '--read-only', 'on'], env);
    expect(result.code).toBe(0);
    await changed;
    const names = (await gw.client.listTools()).tools.map((t) => t.name);
    expect(names).not.toContain('mcp_other__delete_item');
    expect(names).toEqual(expect.arrayContaining(['mcp_other__search_items', T('search_items'), T('delete_item')]));
    // The changed connection was listed again (by the gateway, and by the CLI showing its tools); the unchanged, idle
    // one was left closed.
    expect(initializes(other)).toBeGreaterThan(otherBefore);
    expect(initializes(sim)).toBe(idleBefore);
  });
});
