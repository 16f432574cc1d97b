/**
 * A remote MCP server over HTTPS reached only through an HTTPS proxy (HTTPS_PROXY, CONNECT), as on company networks:
 * the CLI's live check when adding the connection and the gateway's session both tunnel through it, with the test CA
 * trusted through NODE_EXTRA_CA_CERTS. Needs `npm run build` and the test keyring.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConnectProxy, startConnectProxy } from '../simulators/connect-proxy.js';
import { startGenericMcpSimulator, type GenericMcpSimulator } from '../simulators/generic-mcp-server.js';
import { TEST_CA_PATH } from '../simulators/sim-server.js';
import { addConnection, connectGateway, type GatewayClient, gatewayEnv, text } from './gateway-harness.js';

describe('remote MCP through an HTTPS proxy', { timeout: 90_000 }, () => {
  let mcp: GenericMcpSimulator;
  let proxy: ConnectProxy;
  let gw: GatewayClient;

  beforeAll(async () => {
    [mcp, proxy] = await Promise.all([
      startGenericMcpSimulator({ host: 'mcp.proxied.example', stateful: true, tls: true }),
      startConnectProxy(),
    ]);
    const env = gatewayEnv(mcp.hostOverrides, {
      NODE_EXTRA_CA_CERTS: TEST_CA_PATH,
      HTTPS_PROXY: proxy.url,
      NO_PROXY: '',
    });
    await addConnection(env, 'remote-mcp', 'Proxied', mcp.tokens.full, ['--url', mcp.endpoint]);
    gw = await connectGateway(env);
  }, 120_000);
  afterAll(async () => {
    await gw?.close();
    await Promise.all([mcp?.close(), proxy?.close()]);
  });

  it('adds, lists and calls through the proxy; the proxy sees only CONNECT to the server, never the token', async () => {
    const remote = await gw.call('mcp_proxied__search_items', { query: 'a' });
    expect(remote.isError, text(remote)).toBeFalsy();
    const host = new URL(mcp.url).host;
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(2); // the CLI's check and the gateway's session
    expect(proxy.tunnels.every((t) => t.target === host && t.headers.authorization === undefined)).toBe(true);
    expect(mcp.requests.every((r) => r.credential === mcp.tokens.full)).toBe(true);
  });
});
