import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startGenericMcpSimulator, type GenericMcpSimulator } from '../simulators/generic-mcp-server.js';
import { addConnection, connectGateway, type GatewayClient, gatewayEnv, text } from './gateway-harness.js';

// A stateful remote MCP server (SDK server over Streamable HTTP, one session per client) behind the gateway, with the
// idle period set short: a quiet session is ended with a DELETE, and the next call opens a new one unnoticed.
describe('idle upstream sessions', () => {
  let sim: GenericMcpSimulator;
  let gw: GatewayClient;
  const T = (tool: string) => `mcp_idle__${tool}`;

  beforeAll(async () => {
    sim = await startGenericMcpSimulator({ host: 'mcp.idle.example', stateful: true });
    const env = gatewayEnv(sim.hostOverrides, { BRIDGEKEEPER_IDLE_SESSION_MS: '400' });
    await addConnection(env, 'remote-mcp', 'Idle', sim.tokens.full, ['--url', sim.endpoint]);
    gw = await connectGateway(env);
  });
  afterAll(async () => {
    await gw?.close();
    await sim?.close();
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
});
