import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GenericMcpSimulator, startGenericMcpSimulator } from '../simulators/generic-mcp-server.js';
import { runCliInTerminal } from '../helpers/terminal.js';
import { addConnection, cli, connectGateway, type GatewayClient, gatewayEnv, text } from './gateway-harness.js';

interface Found {
  found: number;
  tools: Array<{ name: string; account: string; access: string; description: string; inputSchema?: unknown }>;
}

// Real gateways over stdio (one per assistant, as the installer's `--assistant <id>` entries start them), settings
// changed by the real CLI from another process, tools served by a real upstream MCP server.
describe('per-assistant tool sets and compact mode', () => {
  let sim: GenericMcpSimulator;
  let env: Record<string, string>;
  const open: GatewayClient[] = [];
  const gateway = async (assistant: string) => {
    const gw = await connectGateway(env, { args: ['--assistant', assistant] });
    open.push(gw);
    return gw;
  };
  const names = async (gw: GatewayClient) => (await gw.client.listTools()).tools.map((t) => t.name).sort();

  beforeAll(async () => {
    sim = await startGenericMcpSimulator();
    env = gatewayEnv(sim.hostOverrides);
    await addConnection(env, 'remote-mcp', 'Ops', sim.tokens.full, ['--url', sim.endpoint]);
    await addConnection(env, 'remote-mcp', 'Lab', sim.tokens.full, ['--url', sim.endpoint]);
  });
  afterAll(async () => {
    await Promise.all(open.map((gw) => gw.close()));
    await sim?.close();
  });

  it('an assistant sees only its chosen connections; widening needs a person and is announced with list_changed', async () => {
    const narrowed = await cli(['assistants', 'set', 'cursor', '--connections', 'Ops'], env);
    expect(narrowed.code, narrowed.stderr).toBe(0);
    const cursor = await gateway('cursor');
    const desktop = await gateway('claude-desktop');

    const cursorNames = await names(cursor);
    expect(cursorNames).toContain('mcp_ops__search_items');
    expect(cursorNames.every((n) => n.startsWith('mcp_ops__'))).toBe(true);
    const desktopNames = await names(desktop);
    expect(desktopNames).toContain('mcp_ops__search_items');
    expect(desktopNames).toContain('mcp_lab__search_items');

    // A tool of a connection this assistant does not see is unknown to it, even called by name.
    await expect(cursor.call('mcp_lab__search_items', { query: 'x' })).rejects.toThrow(/Unknown tool: 'mcp_lab__/);
    expect(text(await desktop.call('mcp_lab__search_items', { query: 'x' }))).toContain('Item matching x');

    // An assistant (or script) cannot hand itself more accounts: the refusal says to ask the person.
    const refused = await cli(['assistants', 'set', 'cursor', '--connections', 'Ops,Lab'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Giving cursor more connections \(Lab\) needs a person at an interactive terminal/);
    expect(refused.stderr).toMatch(/Ask the person to choose it in the Bridgekeeper app/);
    expect(await names(cursor)).toEqual(cursorNames);

    const changed = cursor.nextListChanged();
    const widened = await runCliInTerminal(
      ['assistants', 'set', 'cursor', '--all-connections'],
      env,
      /to confirm: /,
      'cursor\r',
    );
    expect(widened.code, widened.screen).toBe(0);
    await changed;
    expect(await names(cursor)).toEqual(desktopNames);
    const shown = JSON.parse((await cli(['assistants', 'show', 'cursor', '--json'], env)).stdout) as {
      connections: unknown;
    };
    expect(shown.connections).toBe('all');
  });

  it('compact mode lists find_tools + call_tool; call_tool takes the same path as a direct call, refusals included', async () => {
    const gw = await gateway('vscode');
    const full = await names(gw);
    expect(full.length).toBeGreaterThan(10);

    let changed = gw.nextListChanged();
    expect((await cli(['assistants', 'set', 'vscode', '--tool-mode', 'compact'], env)).code).toBe(0);
    await changed;
    const compact = (await gw.client.listTools()).tools;
    expect(compact.map((t) => t.name)).toEqual(['find_tools', 'call_tool']);
    expect(compact[0]!.description).toContain(`Searches the ${full.length} tools`);
    expect(compact[0]!.description).toMatch(/'Ops' \(remote-mcp\).*'Lab' \(remote-mcp\)|'Lab' \(remote-mcp\).*'Ops'/);

    const found = JSON.parse(text(await gw.call('find_tools', { query: 'update item', connection: 'Ops' }))) as Found;
    expect(found.tools[0]).toMatchObject({ name: 'mcp_ops__update_item', account: 'Ops', access: 'write' });
    expect(found.tools[0]!.inputSchema).toMatchObject({ type: 'object', properties: { id: {} } });
    expect(found.tools.every((t) => t.name.startsWith('mcp_ops__'))).toBe(true);
    const bare = JSON.parse(text(await gw.call('find_tools', { query: '', schemas: false, limit: 50 }))) as Found;
    expect(bare.found).toBe(full.length);
    expect(bare.tools.some((t) => 'inputSchema' in t)).toBe(false);

    // A read through call_tool answers exactly as the direct tool does.
    const direct = await gw.call('mcp_ops__search_items', { query: 'lamp' });
    const viaCall = await gw.call('call_tool', { name: 'mcp_ops__search_items', arguments: { query: 'lamp' } });
    expect(viaCall.isError).toBeFalsy();
    expect(text(viaCall)).toBe(text(direct));
    const unknown = await gw.call('call_tool', { name: 'mcp_ops__no_such_tool', arguments: {} });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/No tool named 'mcp_ops__no_such_tool' is available here\. Use find_tools/);

    // Read-only on 'Ops': the write is refused through call_tool with the very refusal of the direct call.
    changed = gw.nextListChanged();
    expect((await cli(['tools', 'Ops', '--read-only', 'on'], env)).code).toBe(0);
    await changed;
    const args = { id: 'it_1', name: 'renamed' };
    const refusedDirect = await gw.call('mcp_ops__update_item', args);
    const refusedViaCall = await gw.call('call_tool', { name: 'mcp_ops__update_item', arguments: args });
    expect(refusedViaCall.isError).toBe(true);
    expect(text(refusedViaCall)).toMatch(/'Ops' is read-only in Bridgekeeper/);
    expect(text(refusedViaCall)).toBe(text(refusedDirect));
    const afterReadOnly = JSON.parse(text(await gw.call('find_tools', { query: 'update item' }))) as Found;
    expect(afterReadOnly.tools.map((t) => t.name)).not.toContain('mcp_ops__update_item');
    expect(afterReadOnly.tools.map((t) => t.name)).toContain('mcp_lab__update_item');
    // Both refusals are in the activity log under the account's tool, as any call is.
    const auditFile = path.join(env.BRIDGEKEEPER_HOME!, 'audit', 'activity.jsonl');
    await vi.waitFor(
      () => {
        const refusals = fs
          .readFileSync(auditFile, 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as { tool: string; outcome: string; reason?: string })
          .filter((r) => r.tool === 'mcp_ops__update_item' && r.outcome === 'refused');
        expect(refusals).toHaveLength(2);
        expect(refusals[0]!.reason).toBe(refusals[1]!.reason);
      },
      { timeout: 10_000, interval: 50 },
    );

    // Back to full: announced, and the account tools are listed again.
    changed = gw.nextListChanged();
    expect((await cli(['assistants', 'set', 'vscode', '--tool-mode', 'full'], env)).code).toBe(0);
    await changed;
    const again = await names(gw);
    expect(again).toContain('mcp_ops__search_items');
    expect(again).not.toContain('find_tools');
  });

  it('auto, the default for an assistant, flips to compact with list_changed once more than 40 tools are visible', async () => {
    const gw = await gateway('claude-code');
    const before = await names(gw);
    expect(before.length).toBeLessThanOrEqual(40);
    expect(before).not.toContain('find_tools');
    const perConnection = before.filter((n) => n.startsWith('mcp_lab__')).length;
    const extra = Math.ceil((41 - before.length) / perConnection);
    const changed = gw.nextListChanged();
    for (let i = 1; i <= extra; i++)
      await addConnection(env, 'remote-mcp', `Extra ${i}`, sim.tokens.full, ['--url', sim.endpoint]);
    await changed;
    await vi.waitFor(async () => expect(await names(gw)).toEqual(['call_tool', 'find_tools']), {
      timeout: 20_000,
      interval: 100,
    });
    const found = JSON.parse(text(await gw.call('find_tools', { query: '', limit: 50, schemas: false }))) as Found;
    expect(found.found).toBeGreaterThan(40);
  });
});
