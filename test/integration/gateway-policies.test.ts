import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGenericMcpSimulator, type GenericMcpSimulator } from '../simulators/generic-mcp-server.js';
import { runCliInTerminal } from '../helpers/terminal.js';
import { addConnection, cli, connectGateway, type GatewayClient, gatewayEnv, text } from './gateway-harness.js';

// Policies changed from another process (the CLI) while the gateway runs: hot reload + list_changed, then enforcement.
describe('gateway policies and hot reload', () => {
  let sim: GenericMcpSimulator;
  let env: Record<string, string>;
  let gw: GatewayClient;
  const T = (tool: string) => `mcp_ops__${tool}`;
  const names = async () => (await gw.client.listTools()).tools.map((t) => t.name);
  /** Changes a policy from the CLI; loosening ones are confirmed by a person at a (pseudo-)terminal, as required. */
  const policy = async (...flags: string[]) => {
    const changed = gw.nextListChanged();
    if (flags[1] === 'off' || flags[0] === '--enable') {
      const result = await runCliInTerminal(['tools', 'Ops', ...flags], env, /to confirm: /, 'Ops\r');
      expect(result.code, result.screen).toBe(0);
      return changed;
    }
    const result = await cli(['tools', 'Ops', ...flags], env);
    expect(result.code, result.stderr).toBe(0);
    return changed;
  };

  beforeAll(async () => {
    sim = await startGenericMcpSimulator();
    env = gatewayEnv(sim.hostOverrides);
    await addConnection(env, 'remote-mcp', 'Ops', sim.tokens.full, ['--url', sim.endpoint]);
    gw = await connectGateway(env);
    await gw.client.listTools();
  });
  afterAll(async () => {
    await gw?.close();
    await sim?.close();
  });

  it('read-only hides every write tool (announced with list_changed) and refuses a write called by name', async () => {
    await policy('--read-only', 'on');
    const visible = await names();
    expect(visible).toContain(T('search_items'));
    expect(visible).not.toContain(T('update_item'));
    expect(visible).not.toContain(T('delete_item'));
    const refused = await gw.call(T('update_item'), { id: 'it_1', name: 'x' });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(
      /was not run: 'Ops' is read-only in Bridgekeeper\. This is the person's rule: only they can change it, in the Bridgekeeper app/,
    );
    expect(text(refused)).not.toContain('bridgekeeper tools');
    await policy('--read-only', 'off');
    expect(await names()).toContain(T('update_item'));
  });

  it('a disabled tool disappears and comes back when enabled again', async () => {
    await policy('--disable', 'delete_item');
    expect(await names()).not.toContain(T('delete_item'));
    // Called by name anyway (a client with a stale list): the policy's refusal, not "unknown tool".
    const refused = await gw.call(T('delete_item'), { id: 'it_1' });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/delete_item is disabled for 'Ops'/);
    const matrix = JSON.parse((await cli(['tools', 'Ops', '--json'], env)).stdout) as {
      rows: Array<{ tool: string; enabled: boolean; visible: boolean; hiddenBecause?: string }>;
    };
    expect(matrix.rows.find((r) => r.tool === 'delete_item')).toMatchObject({
      enabled: false,
      visible: false,
      hiddenBecause: 'disabled',
    });
    await policy('--enable', 'delete_item');
    expect(await names()).toContain(T('delete_item'));
  });

  it('redact-pii masks emails and phone numbers in results', async () => {
    await policy('--redact-pii', 'on');
    const result = await gw.call(T('get_contact'), { id: 'c1' });
    expect(text(result)).toContain('j***@a***.com');
    expect(text(result)).toContain('***-***-4567');
    expect(text(result)).not.toContain('jane.doe@acme-events.com');
    // The same data as an embedded text resource is masked too.
    const card = await gw.call(T('contact_card'), { id: 'c1' });
    const resource = card.content.find((c) => c.type === 'resource');
    const cardText = resource && 'text' in resource.resource ? resource.resource.text : '';
    expect(cardText).toContain('EMAIL:j***@a***.com');
    expect(cardText).toContain('***-***-4567');
    expect(JSON.stringify(card)).not.toContain('jane.doe@acme-events.com');
    await policy('--redact-pii', 'off');
  });

  it('confirm-writes refuses, with instructions, when the assistant cannot show a confirmation prompt', async () => {
    await policy('--confirm-writes', 'on');
    const before = sim.requests.filter((r) => r.rpc === 'tools/call').length;
    const result = await gw.call(T('update_item'), { id: 'it_1', name: 'x' });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('ask them');
    expect(text(result)).not.toContain('--confirm-writes');
    expect(sim.requests.filter((r) => r.rpc === 'tools/call').length).toBe(before);
    const read = await gw.call(T('search_items'), { query: 'reads are not confirmed' });
    expect(read.isError).toBeFalsy();
  });

  it('confirm-writes asks through MCP elicitation and runs only what the person accepts', async () => {
    const prompts: string[] = [];
    let accept = true;
    const asking = await connectGateway(env, {
      elicitation: (message) => {
        prompts.push(message);
        return accept ? { action: 'accept', content: { confirm: true } } : { action: 'decline' };
      },
    });
    try {
      const ok = await asking.call(T('update_item'), { id: 'it_1', name: 'Renamed' });
      expect(ok.isError, text(ok)).toBeFalsy();
      expect(text(ok)).toContain('renamed to Renamed');
      expect(prompts[0]).toContain("'Ops'");
      expect(prompts[0]).not.toContain('Renamed');
      accept = false;
      const declined = await asking.call(T('delete_item'), { id: 'it_1' });
      expect(declined.isError).toBe(true);
      expect(text(declined)).toMatch(/not confirmed.*Nothing was changed/);
    } finally {
      await asking.close();
      await policy('--confirm-writes', 'off');
    }
  });

  it('picks up a connection added by another process, and one removed, without a restart', async () => {
    const added = gw.nextListChanged();
    await addConnection(env, 'remote-mcp', 'Ops Two', sim.tokens.readOnly, ['--url', sim.endpoint]);
    await added;
    expect(await names()).toEqual(expect.arrayContaining(['mcp_ops-two__search_items', T('search_items')]));
    const removed = gw.nextListChanged();
    const result = await cli(['connections', 'remove', 'Ops Two'], env);
    expect(result.code, result.stderr).toBe(0);
    await removed;
    const after = await names();
    expect(after.some((n) => n.startsWith('mcp_ops-two__'))).toBe(false);
    expect(after).toContain(T('search_items'));
  });
});
