import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../shared/connections/core.js';
import { KeytarSecretStore } from '../../shared/secrets/keytar-secret-store.js';
import { tempDir } from '../helpers/cli.js';
import { startGenericMcpSimulator, type GenericMcpSimulator } from '../simulators/generic-mcp-server.js';
import {
  startSessionsWebsiteMcpSimulator,
  type SessionsWebsiteMcpSimulator,
} from '../simulators/sessions-website-mcp.js';
import { addConnection, connectGateway, type GatewayClient, gatewayEnv, text } from './gateway-harness.js';
import { signedInConnection } from './oauth-test-kit.js';

// An assistant starts the gateway where the keychain cannot be reached (no session bus at all): the assistant must be
// told, on the list and on each affected call, instead of getting a silently shorter tool list.
describe('gateway started with a keychain it cannot reach', () => {
  let sim: GenericMcpSimulator;
  let oauthSim: SessionsWebsiteMcpSimulator;
  let env: Record<string, string>;
  let gw: GatewayClient;
  let requestsBefore = 0;

  beforeAll(async () => {
    sim = await startGenericMcpSimulator();
    env = gatewayEnv(sim.hostOverrides);
    await addConnection(env, 'remote-mcp', 'Acme Tools', sim.tokens.readOnly, ['--url', sim.endpoint]);
    await addConnection(env, 'imboard', 'Studio Board', 'imb_pat_keychainUnreachable0123456789', ['--offline']);
    // An OAuth connection too: its grant is read through the MCP SDK's OAuth flow.
    oauthSim = await startSessionsWebsiteMcpSimulator();
    const core = createCore({
      home: env.BRIDGEKEEPER_HOME!,
      secrets: new KeytarSecretStore({ service: env.BRIDGEKEEPER_KEYCHAIN_SERVICE! }),
    });
    await signedInConnection(core, oauthSim, 'Signed Shop');
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
    await oauthSim?.close();
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
    const signed = tools.filter((t) => t.description?.includes("'Signed Shop'"));
    expect(signed.map((t) => t.name)).toEqual([expect.stringMatching(/__tools_unavailable$/)]);
    expect(signed[0]!.description).toMatch(/keychain is not available/);
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
