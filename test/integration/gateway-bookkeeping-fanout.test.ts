import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConnectionStore } from '../../shared/connections/store.js';
import { startGenericMcpSimulator, type GenericMcpSimulator } from '../simulators/generic-mcp-server.js';
import { addConnection, cli, connectGateway, type GatewayClient, gatewayEnv } from './gateway-harness.js';

// Two gateway processes on one store. A routine bookkeeping write (status, learned scope gap) by another process
// updates their view of the connection without rebuilding the catalog: a rebuild asks every upstream whose list is
// not known again, which the down upstream here would see as a request. A configuration change still rebuilds.
describe('bookkeeping writes versus configuration changes across gateway processes', () => {
  let healthy: GenericMcpSimulator;
  let down: GenericMcpSimulator;
  let env: Record<string, string>;
  let store: ConnectionStore;
  let healthyId: string;
  const gateways: GatewayClient[] = [];
  const T = (tool: string) => `mcp_healthy__${tool}`;
  const names = async (gw: GatewayClient) => (await gw.client.listTools()).tools.map((t) => t.name);
  const waitForLog = (pattern: RegExp) =>
    vi.waitFor(
      () => {
        for (const gw of gateways) expect(gw.stderr()).toMatch(pattern);
      },
      { timeout: 20_000, interval: 50 },
    );

  beforeAll(async () => {
    healthy = await startGenericMcpSimulator({ host: 'mcp.healthy.example' });
    down = await startGenericMcpSimulator({ host: 'mcp.down.example' });
    env = gatewayEnv({ ...healthy.hostOverrides, ...down.hostOverrides });
    healthyId = await addConnection(env, 'remote-mcp', 'Healthy', healthy.tokens.full, ['--url', healthy.endpoint]);
    await addConnection(env, 'remote-mcp', 'Down', down.tokens.full, ['--url', down.endpoint]);
    down.setDown(true);
    store = new ConnectionStore({ home: env.BRIDGEKEEPER_HOME! });
    const lists = () => healthy.requests.filter((r) => r.rpc === 'tools/list').length;
    const listedBefore = lists();
    gateways.push(await connectGateway(env), await connectGateway(env));
    // Both built their catalogs (the second may answer from the first one's cached list and list live after): the
    // healthy upstream listed once for each, the down one was tried (and failed) once each.
    for (const gw of gateways) expect(await names(gw)).toContain(T('update_item'));
    await vi.waitFor(() => expect(lists()).toBe(listedBefore + 2), { timeout: 20_000, interval: 50 });
    await waitForLog(/tools of 'Down' are unavailable/);
  });
  afterAll(async () => {
    for (const gw of gateways) await gw.close();
    await healthy?.close();
    await down?.close();
  });

  it('a status written by another process reaches both gateways without a rebuild', async () => {
    const downRequests = down.requests.length;
    const healthyRequests = healthy.requests.length;
    await store.update(healthyId, () => ({
      status: { state: 'expired', reason: 'the service said the token expired', at: new Date().toISOString() },
    }));
    await waitForLog(/'Healthy' is now 'expired' \(recorded by another process\); tool list kept/);
    expect(down.requests.length).toBe(downRequests);
    expect(healthy.requests.length).toBe(healthyRequests);
    for (const gw of gateways) expect(gw.stderr()).not.toMatch(/configuration changed/);
  });

  it('a scope gap learned by another process hides the tool (list_changed) without asking any upstream', async () => {
    const downRequests = down.requests.length;
    const healthyRequests = healthy.requests.length;
    const changed = gateways.map((gw) => gw.nextListChanged());
    await store.update(healthyId, () => ({
      learnedGaps: [{ scope: 'items:write', tool: 'update_item', at: new Date().toISOString() }],
    }));
    await Promise.all(changed);
    for (const gw of gateways) {
      const list = await names(gw);
      expect(list).not.toContain(T('update_item'));
      expect(list).toContain(T('search_items'));
    }
    expect(down.requests.length).toBe(downRequests);
    expect(healthy.requests.length).toBe(healthyRequests);
    for (const gw of gateways) expect(gw.stderr()).not.toMatch(/configuration changed/);
  });

  it('a configuration change (read-only on) still rebuilds every gateway and announces the new list', async () => {
    const changed = gateways.map((gw) => gw.nextListChanged());
    const result = await cli(['tools', 'Healthy', '--read-only', 'on'], env);
    expect(result.code).toBe(0);
    await Promise.all(changed);
    await waitForLog(/configuration changed \('Healthy'\); rebuilding the tool list/);
    for (const gw of gateways) {
      const list = await names(gw);
      expect(list).not.toContain(T('delete_item'));
      expect(list).toContain(T('search_items'));
    }
  });
});
