/**
 * The gateway over real TLS: API calls (I'mBoard) and a remote MCP server (stateful, with its GET stream) served over
 * HTTPS with a test certificate authority, which the gateway trusts through NODE_EXTRA_CA_CERTS like a company root
 * certificate. Without that trust, calls fail with advice about certificates rather than a bare error code.
 * Needs `npm run build` and the test keyring.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGenericMcpSimulator, type GenericMcpSimulator } from '../simulators/generic-mcp-server.js';
import { startImboardSimulator, type ImboardSimulator } from '../simulators/imboard.js';
import { TEST_CA_PATH } from '../simulators/sim-server.js';
import { addConnection, connectGateway, type GatewayClient, gatewayEnv, listUntil, text } from './gateway-harness.js';

describe('gateway over HTTPS', { timeout: 90_000 }, () => {
  let imb: ImboardSimulator;
  let mcp: GenericMcpSimulator;
  let env: Record<string, string>;
  let gw: GatewayClient;

  beforeAll(async () => {
    [imb, mcp] = await Promise.all([
      startImboardSimulator({ tls: true }),
      startGenericMcpSimulator({ host: 'mcp.secure.example', stateful: true, tls: true }),
    ]);
    expect(imb.url).toMatch(/^https:/);
    env = gatewayEnv({ ...imb.hostOverrides, ...mcp.hostOverrides }, { NODE_EXTRA_CA_CERTS: TEST_CA_PATH });
    // Added through the CLI with live validation, which goes over TLS too.
    await addConnection(env, 'imboard', 'Acme bot', imb.tokens.batRead);
    await addConnection(env, 'remote-mcp', 'Secure', mcp.tokens.full, ['--url', mcp.endpoint]);
    gw = await connectGateway(env);
  }, 120_000);
  afterAll(async () => {
    await gw?.close();
    await Promise.all([imb?.close(), mcp?.close()]);
  });

  it('calls an API tool and a remote MCP tool over HTTPS', async () => {
    const api = await gw.call('imboard_acme-bot__list_meetings', {});
    expect(api.isError, text(api)).toBeFalsy();
    expect(text(api)).toContain('Q4 board review');
    const remote = await gw.call('mcp_secure__search_items', { query: 'a' });
    expect(remote.isError, text(remote)).toBeFalsy();
  });

  it("follows the remote server's own tools/list_changed on its HTTPS GET stream", async () => {
    await gw.client.listTools();
    const changed = gw.nextListChanged();
    mcp.addTool('late_tool');
    await changed;
    expect((await gw.client.listTools()).tools.map((t) => t.name)).toContain('mcp_secure__late_tool');
  });

  it('refuses a certificate it cannot verify, saying what to do about it', async () => {
    const untrusting = await connectGateway({ ...env, NODE_EXTRA_CA_CERTS: '' });
    try {
      const api = await untrusting.call('imboard_acme-bot__list_meetings', {});
      expect(api.isError).toBe(true);
      expect(text(api)).toMatch(/security certificate could not be verified.*NODE_EXTRA_CA_CERTS/s);
      // A tool list cached by an earlier gateway may be offered until the live attempt fails: then it is withdrawn.
      await listUntil(untrusting, (names) => !names.some((n) => n.startsWith('mcp_secure__')));
      expect(untrusting.stderr()).toMatch(/Secure.*security certificate could not be verified/s);
    } finally {
      await untrusting.close();
    }
  });
});
