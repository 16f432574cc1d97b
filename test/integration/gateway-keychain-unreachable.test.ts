import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { startGenericMcpSimulator, type GenericMcpSimulator } from '../simulators/generic-mcp-server.js';
import { addConnection, connectGateway, type GatewayClient, gatewayEnv, text } from './gateway-harness.js';

// An assistant starts the gateway where the keychain cannot be reached (no session bus at all): the assistant must be
// told, on the list and on each affected call, instead of getting a silently shorter tool list.
describe('gateway started with a keychain it cannot reach', () => {
  let sim: GenericMcpSimulator;
  let env: Record<string, string>;
  let gw: GatewayClient;
  let requestsBefore = 0;

  beforeAll(async () => {
    sim = await startGenericMcpSimulator();
    env = gatewayEnv(sim.hostOverrides);
    await addConnection(env, 'remote-mcp', 'Acme Tools', sim.tokens.readOnly, ['--url', sim.endpoint]);
    await addConnection(env, 'imboard', 'Studio Board', 'imb_pat_keychainUnreachable0123456789', ['--offline']);
    requestsBefore = sim.requests.length;
    gw = await connectGateway({
      ...env,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bridgekeeper-test/bus',
      XDG_RUNTIME_DIR: tempDir('bk-no-bus-'),
    });
  });
  afterAll(async () => {
    await gw?.close();
    await sim?.close();
  });

  it('lists an entry for the remote server whose tools it cannot list, saying the keychain is unavailable', async () => {
    const { tools } = await gw.client.listTools();
    const entry = tools.find((t) => t.name === 'mcp_acme-tools__tools_unavailable');
    expect(entry, JSON.stringify(tools.map((t) => t.name))).toBeDefined();
    expect(entry!.description).toMatch(/Acme Tools/);
    expect(entry!.description).toMatch(/keychain is not available: no D-Bus session is running/);
    expect(entry!.description).toMatch(/gnome-keyring/);
    expect(entry!.annotations).toMatchObject({ readOnlyHint: true });
    // Nothing of the remote server's own tools is invented.
    expect(tools.filter((t) => t.name.startsWith('mcp_acme-tools__'))).toHaveLength(1);
  });

  it('answers a call of that entry, and of an API tool that needs the token, with a clear error', async () => {
    const entry = await gw.call('mcp_acme-tools__tools_unavailable');
    expect(entry.isError).toBe(true);
    expect(text(entry)).toMatch(/tools of 'Acme Tools' are still unavailable.*keychain is not available/s);
    const api = await gw.call('imboard_studio-board__get_me');
    expect(api.isError).toBe(true);
    expect(text(api)).toMatch(/keychain is not available/);
    expect(sim.requests.length).toBe(requestsBefore);
  });
});
