import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGenericMcpSimulator, type GenericMcpSimulator } from '../simulators/generic-mcp-server.js';
import { addConnection, connectGateway, type GatewayClient, gatewayEnv, listUntil } from './gateway-harness.js';

/** A loopback port nothing listens on (connections to it are refused). */
async function refusingOrigin(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

// Eight upstreams: six answer, one hangs on tools/list, one refuses connections. The tool list is answered while the
// hanging one still hangs; its tools follow with list_changed once it answers; the refused one is logged, not waited for.
describe('a hanging and a refusing upstream among eight', () => {
  let healthy: GenericMcpSimulator;
  let hanging: GenericMcpSimulator;
  let gw: GatewayClient;
  const HEALTHY = ['One', 'Two', 'Three', 'Four', 'Five', 'Six'];
  const healthyTools = HEALTHY.map((label) => `mcp_${label.toLowerCase()}__search_items`);

  beforeAll(async () => {
    healthy = await startGenericMcpSimulator({ host: 'mcp.healthy.example' });
    hanging = await startGenericMcpSimulator({ host: 'mcp.hanging.example' });
    const env = gatewayEnv(
      { ...healthy.hostOverrides, ...hanging.hostOverrides, 'mcp.refused.example': await refusingOrigin() },
      { BRIDGEKEEPER_LIST_TIMEOUT_MS: '1500' },
    );
    for (const label of HEALTHY)
      await addConnection(env, 'remote-mcp', label, healthy.tokens.full, ['--url', healthy.endpoint]);
    await addConnection(env, 'remote-mcp', 'Hanging', hanging.tokens.full, ['--url', hanging.endpoint]);
    await addConnection(env, 'remote-mcp', 'Refused', healthy.tokens.full, [
      '--url',
      'https://mcp.refused.example/mcp',
      '--offline',
    ]);
    gw = await connectGateway(env);
  });
  afterAll(async () => {
    await gw?.close();
    await healthy?.close();
    await hanging?.close();
  });

  it('answers tools/list without the hanging and the refused upstream, then adds the late tools with list_changed', async () => {
    const release = hanging.holdToolsList();
    let released = false;
    try {
      // Answered while the hanging upstream has not answered at all (it is still held below).
      const first = (await gw.client.listTools()).tools.map((t) => t.name);
      expect(first.some((n) => n.startsWith('mcp_hanging__'))).toBe(false);
      expect(first.some((n) => n.startsWith('mcp_refused__'))).toBe(false);
      // On a loaded machine a healthy upstream may itself miss the list bound: then its tools follow the same way.
      await listUntil(gw, (names) => healthyTools.every((t) => names.includes(t)));
      expect(hanging.requests.some((r) => r.rpc === 'tools/list')).toBe(true);
      expect(gw.stderr()).toMatch(/tools of 'Refused' are unavailable/);

      const late = gw.nextListChanged();
      release();
      released = true;
      await late;
      const names = await listUntil(gw, (n) => n.includes('mcp_hanging__search_items'));
      expect(names).toEqual(expect.arrayContaining(healthyTools));
      expect(names.some((n) => n.startsWith('mcp_refused__'))).toBe(false);
      expect(gw.stderr()).toMatch(/tools of 'Hanging' arrived late/);
    } finally {
      if (!released) release();
    }
  });
});
