import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionStore } from '../../shared/connections/store.js';
import { type EverythingServer, startEverythingServer } from './everything-server.js';
import { gatewayTransport } from '../helpers/wakeups.js';
import { addConnection, cli, connectGateway, type GatewayClient, gatewayEnv, text } from './gateway-harness.js';

// `bridgekeeper mcp` (built CLI, real stdio, real keychain) with three connections to server-everything (a real
// third-party MCP server) through the recording proxy: every upstream session it lets go of is ended with an HTTP
// DELETE carrying that session's id, whether the connection was disabled, removed, or the gateway itself ended.
describe('gateway ends upstream sessions with DELETE', () => {
  let server: EverythingServer;
  let env: Record<string, string>;
  let gw: GatewayClient | undefined;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startEverythingServer();
    env = gatewayEnv({});
    for (const label of ['One', 'Two', 'Three'])
      ids[label] = await addConnection(env, 'remote-mcp', label, null, ['--url', server.proxiedUrl, '--offline']);
    gw = await connectGateway(env);
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    await server?.close();
  });

  /** Opens (or uses) the session of `label` with a tool call and returns its MCP session id, as the upstream saw it. */
  async function sessionOf(label: string, client = gw!.client): Promise<string> {
    const result = (await client.callTool({
      name: `mcp_${label.toLowerCase()}__echo`,
      arguments: { message: `from ${label}` },
    })) as CallToolResult;
    expect(text(result)).toContain(`from ${label}`);
    const call = server.seen.findLast(
      (m) =>
        m.message.method === 'tools/call' &&
        (m.message.params?.arguments as { message?: string } | undefined)?.message === `from ${label}`,
    );
    expect(call?.sessionId).toBeDefined();
    return call!.sessionId!;
  }
  const deleted = (sessionId: string) => (m: EverythingServer['seen'][number]) =>
    m.httpMethod === 'DELETE' && m.sessionId === sessionId;

  it('when a connection is disabled, when one is removed, and for the rest when the gateway ends', async () => {
    const one = await sessionOf('One');
    const two = await sessionOf('Two');
    const three = await sessionOf('Three');
    expect(new Set([one, two, three]).size).toBe(3);

    // Disabled the way the app does it (the store; running gateways follow it).
    await new ConnectionStore({ home: env.BRIDGEKEEPER_HOME! }).update(ids.One!, () => ({ enabled: false }));
    await server.waitFor(deleted(one));

    // Removed with the CLI.
    const removed = await cli(['connections', 'remove', 'Two'], env);
    expect(removed.code, removed.stderr).toBe(0);
    await server.waitFor(deleted(two));

    // The connection still in use kept its session; ending the gateway (the client closes stdin) ends it.
    expect(server.seen.some(deleted(three))).toBe(false);
    expect(await sessionOf('Three')).toBe(three);
    await gw!.close();
    gw = undefined;
    await server.waitFor(deleted(three));
    // One DELETE per session, none for a session twice.
    expect(
      server.seen.filter((m) => m.httpMethod === 'DELETE' && [one, two, three].includes(m.sessionId!)),
    ).toHaveLength(3);
  });

  it('when the assistant stops the gateway with SIGTERM', async () => {
    const { transport } = gatewayTransport(env);
    const client = new Client({ name: 'sigterm-client', version: '1.0.0' });
    await client.connect(transport);
    try {
      const three = await sessionOf('Three', client);
      expect(server.seen.some(deleted(three))).toBe(false);
      process.kill(transport.pid!, 'SIGTERM');
      await server.waitFor(deleted(three));
    } finally {
      await client.close();
    }
  });
});
