import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGenericMcpSimulator, type GenericMcpSimulator } from '../simulators/generic-mcp-server.js';
import { cli, connectGateway, gatewayEnv, text } from './gateway-harness.js';

// The generic remote-MCP provider through the real CLI: whoami = connect + initialize + server name/version/tool count.
describe('remote MCP provider', () => {
  let sim: GenericMcpSimulator;
  let keyed: GenericMcpSimulator;
  let env: Record<string, string>;

  beforeAll(async () => {
    sim = await startGenericMcpSimulator({ host: 'mcp.whoami.example', name: 'Whoami Tools' });
    keyed = await startGenericMcpSimulator({ host: 'mcp.keyed.example', headerName: 'x-api-key', name: 'Keyed Tools' });
    env = gatewayEnv({ ...sim.hostOverrides, ...keyed.hostOverrides });
  });
  afterAll(async () => {
    await sim?.close();
    await keyed?.close();
  });

  it('connects, reports the server name, version and tool count, and never shows the token', async () => {
    const added = await cli(
      ['connections', 'add', 'remote-mcp', '--label', 'Tools', '--url', sim.endpoint, '--token-stdin'],
      env,
      sim.tokens.readOnly,
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('as Whoami Tools');
    const who = await cli(['whoami', 'Tools', '--json'], env);
    expect(who.code, who.stderr).toBe(0);
    const parsed = JSON.parse(who.stdout) as {
      serviceName: string;
      principal: { type: string };
      tokenKind: string;
      notes: string[];
      maskedToken: string;
    };
    expect(parsed).toMatchObject({ serviceName: 'Whoami Tools', principal: { type: 'service' }, tokenKind: 'token' });
    expect(parsed.notes.join(' ')).toMatch(/Whoami Tools 1\.4\.2 offers 7 tools/);
    expect(who.stdout + added.stdout).not.toContain(sim.tokens.readOnly);
  });

  it('sends the token in the header the server expects (--header-name), and only there', async () => {
    const added = await cli(
      [
        'connections',
        'add',
        'remote-mcp',
        '--label',
        'Keyed',
        '--url',
        keyed.endpoint,
        '--header-name',
        'X-Api-Key',
        '--token-stdin',
      ],
      env,
      keyed.tokens.full,
    );
    expect(added.code, added.stderr).toBe(0);
    const gw = await connectGateway(env);
    try {
      const result = await gw.call('mcp_keyed__search_items', { query: 'keyed' });
      expect(result.isError, text(result)).toBeFalsy();
      expect(
        keyed.requests.filter((r) => r.rpc === 'tools/call').every((r) => r.credential === keyed.tokens.full),
      ).toBe(true);
    } finally {
      await gw.close();
    }
  });

  it('refuses a plain-HTTP server that is not on this computer, and a token the server rejects', async () => {
    const insecure = await cli(
      [
        'connections',
        'add',
        'remote-mcp',
        '--label',
        'Insecure',
        '--url',
        'http://mcp.example.com/mcp',
        '--token-stdin',
      ],
      env,
      'whatever-token-123',
    );
    expect(insecure.code).not.toBe(0);
    expect(insecure.stderr).toMatch(/only HTTPS/);
    const rejected = await cli(
      ['connections', 'add', 'remote-mcp', '--label', 'Rejected', '--url', sim.endpoint, '--token-stdin'],
      env,
      'not-a-valid-token-123',
    );
    expect(rejected.code).toBe(6);
    expect(rejected.stderr).toMatch(/refused the credential \(401/);
    const list = await cli(['connections', 'list', '--json'], env);
    expect((JSON.parse(list.stdout) as Array<{ label: string }>).map((c) => c.label)).not.toContain('Rejected');
  });
});
