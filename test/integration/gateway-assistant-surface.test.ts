import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EverythingServer, startEverythingServer } from './everything-server.js';
import { addConnection, cli, connectGateway, type GatewayClient, gatewayEnv } from './gateway-harness.js';

// An assistant's tool set covers the rest of an upstream's surface too: prompts and resources of a connection it does
// not see are neither listed nor readable. Real server-everything, two connections to it, the built gateway over stdio.
describe("per-assistant tool sets hide a hidden connection's prompts and resources", () => {
  let server: EverythingServer;
  let env: Record<string, string>;
  let gw: GatewayClient;
  let seenBeforeGateway = 0;

  beforeAll(async () => {
    server = await startEverythingServer();
    env = gatewayEnv({}, { BRIDGEKEEPER_LIST_TIMEOUT_MS: '15000' });
    await addConnection(env, 'remote-mcp', 'Everything', 'bk-everything-token-1a2b3c4d', ['--url', server.directUrl]);
    // The hidden one goes through the recording proxy: what its gateway asks of it is seen.
    await addConnection(env, 'remote-mcp', 'Hidden', 'bk-everything-token-5e6f7a8b', ['--url', server.proxiedUrl]);
    const narrowed = await cli(['assistants', 'set', 'my-agent', '--connections', 'Everything'], env);
    expect(narrowed.code, narrowed.stderr).toBe(0);
    seenBeforeGateway = server.seen.length;
    // Named by the environment this time (BRIDGEKEEPER_ASSISTANT), as a client that cannot pass arguments would.
    gw = await connectGateway({ ...env, BRIDGEKEEPER_ASSISTANT: 'my-agent' });
  });
  afterAll(async () => {
    await gw?.close();
    await server?.close();
  });

  it('lists and serves only the chosen connection', async () => {
    const prompts = (await gw.client.listPrompts()).prompts.map((p) => p.name);
    expect(prompts.length).toBeGreaterThan(0);
    expect(prompts.every((name) => name.startsWith('mcp_everything__'))).toBe(true);
    const resources = (await gw.client.listResources()).resources.map((r) => r.uri);
    expect(resources.length).toBeGreaterThan(0);
    expect(resources.every((uri) => uri.startsWith('bridgekeeper://mcp_everything/'))).toBe(true);
    const hiddenUri = resources[0]!.replace('bridgekeeper://mcp_everything/', 'bridgekeeper://mcp_hidden/');
    await expect(gw.client.readResource({ uri: hiddenUri })).rejects.toThrow();
    await expect(
      gw.client.getPrompt({ name: prompts[0]!.replace('mcp_everything__', 'mcp_hidden__') }),
    ).rejects.toThrow();
    const tools = (await gw.client.listTools()).tools.map((t) => t.name);
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.every((name) => name.startsWith('mcp_everything__'))).toBe(true);
    // This assistant's gateway never opened a session to the connection it does not see.
    expect(server.seen.slice(seenBeforeGateway).map((m) => m.message.method ?? m.httpMethod)).toEqual([]);
  });
});
