import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamHttpClient } from '../../shared/net/http-client.js';
import { connectUpstream, listUpstreamTools } from '../../shared/upstream-mcp/upstream-client.js';
import { type ConnectProxy, startConnectProxy } from '../simulators/connect-proxy.js';
import { startGenericMcpSimulator, type GenericMcpSimulator } from '../simulators/generic-mcp-server.js';

// Upstream MCP traffic through an HTTPS proxy (HTTPS_PROXY / HTTP_PROXY / NO_PROXY): a real CONNECT proxy on loopback
// in front of a real SDK server (the generic simulator, stateful, with its GET stream).

const PROXY_VARIABLES = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
  'BRIDGEKEEPER_HOST_OVERRIDES',
] as const;

describe('upstream traffic through a proxy', () => {
  let sim: GenericMcpSimulator;
  let proxy: ConnectProxy;
  const saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));

  beforeAll(async () => {
    [sim, proxy] = await Promise.all([
      startGenericMcpSimulator({ host: 'mcp.behind-proxy.example', stateful: true }),
      startConnectProxy(),
    ]);
  });
  afterEach(() => {
    for (const name of PROXY_VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
  afterAll(async () => {
    await Promise.all([sim?.close(), proxy?.close()]);
  });

  const target = () => ({
    endpoint: sim.endpoint,
    credentials: { authorization: `Bearer ${sim.tokens.full}` },
    timeoutMs: 5_000,
    serviceName: 'Proxied MCP',
  });
  const simHostPort = () => new URL(sim.url).host;

  function useProxy(variable: 'HTTPS_PROXY' | 'HTTP_PROXY', extra: Record<string, string> = {}) {
    for (const name of PROXY_VARIABLES) delete process.env[name];
    process.env.BRIDGEKEEPER_HOST_OVERRIDES = JSON.stringify(sim.hostOverrides);
    process.env[variable] = proxy.url;
    Object.assign(process.env, extra);
  }

  it('tunnels the whole session (initialize, list, call, GET stream, DELETE) through the proxy named by HTTP_PROXY', async () => {
    useProxy('HTTP_PROXY');
    const before = proxy.tunnels.length;
    const requestsBefore = sim.requests.length;
    const session = await connectUpstream(target());
    expect((await listUpstreamTools(session, 5_000)).map((t) => t.name)).toContain('search_items');
    const called = await session.client.callTool({ name: 'search_items', arguments: { query: 'a' } });
    expect(called.isError).toBeFalsy();
    await session.close();
    const tunnels = proxy.tunnels.slice(before);
    expect(tunnels.length).toBeGreaterThan(0);
    expect(tunnels.every((t) => t.target === simHostPort())).toBe(true);
    // The credential travels inside the tunnel, never in the proxy's own request.
    expect(tunnels.every((t) => t.headers.authorization === undefined)).toBe(true);
    const seen = sim.requests.slice(requestsBefore);
    expect(seen.map((r) => r.method)).toEqual(expect.arrayContaining(['POST', 'GET', 'DELETE']));
    expect(seen.every((r) => r.credential === sim.tokens.full)).toBe(true);
  });

  it('goes direct to the hosts NO_PROXY lists', async () => {
    useProxy('HTTPS_PROXY', { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' });
    const before = proxy.tunnels.length;
    const session = await connectUpstream(target());
    expect((await listUpstreamTools(session, 5_000)).length).toBeGreaterThan(0);
    await session.close();
    expect(proxy.tunnels.length).toBe(before);
  });

  it('sends API requests (UpstreamHttpClient) through the proxy too, and direct without one', async () => {
    useProxy('HTTP_PROXY');
    const before = proxy.tunnels.length;
    const requestsBefore = sim.requests.length;
    const response = await new UpstreamHttpClient({ timeoutMs: 5_000 }).request({
      url: `${sim.url}/mcp`,
      credentials: { authorization: `Bearer ${sim.tokens.full}` },
    });
    expect(response.status).toBe(404); // the stateful simulator: a GET without a session
    expect(proxy.tunnels.slice(before).map((t) => t.target)).toEqual([simHostPort()]);
    expect(sim.requests.slice(requestsBefore)).toEqual([{ method: 'GET', credential: sim.tokens.full }]);
    delete process.env.HTTP_PROXY;
    await new UpstreamHttpClient({ timeoutMs: 5_000 }).request({ url: `${sim.url}/mcp` });
    expect(proxy.tunnels.length).toBe(before + 1);
  });

  it('says so plainly when the proxy cannot be reached', async () => {
    useProxy('HTTP_PROXY');
    process.env.HTTP_PROXY = 'http://127.0.0.1:9'; // discard port: nothing listens
    const error = await connectUpstream(target()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      kind: 'network',
      message: expect.stringMatching(/^Could not reach Proxied MCP \(mcp\.behind-proxy\.example\): /),
    });
  });
});
