import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.js';
import { createWakeups } from '../helpers/wakeups.js';
import { startGenericMcpSimulator, type GenericMcpSimulator } from '../simulators/generic-mcp-server.js';
import { addConnection, cli, connectGateway, type GatewayClient, gatewayEnv, text } from './gateway-harness.js';

// The gateway re-exposing a plain remote MCP server, through the built CLI, real stdio and the real keychain.
describe('gateway over a remote MCP server', () => {
  let sim: GenericMcpSimulator;
  let env: Record<string, string>;
  let gw: GatewayClient;
  const T = (tool: string) => `mcp_acme-tools__${tool}`;

  beforeAll(async () => {
    sim = await startGenericMcpSimulator();
    env = gatewayEnv(sim.hostOverrides, { BRIDGEKEEPER_CALL_TIMEOUT_MS: '2500' });
    await addConnection(env, 'remote-mcp', 'Acme Tools', sim.tokens.readOnly, ['--url', sim.endpoint]);
    gw = await connectGateway(env);
  });
  afterAll(async () => {
    await gw?.close();
    await sim?.close();
  });

  it('lists upstream tools namespaced by account, with valid names, account-naming descriptions and forwarded annotations', async () => {
    const { tools } = await gw.client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        T('search_items'),
        T('get_contact'),
        T('update_item'),
        T('delete_item'),
        T('big_report'),
      ]),
    );
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(names.some((n) => n.startsWith('mcp_acme-tools__export_csv_'))).toBe(true);
    const search = tools.find((t) => t.name === T('search_items'))!;
    expect(search.description).toContain("'Acme Tools'");
    expect(search.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
    expect(tools.find((t) => t.name === T('delete_item'))!.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
    });
  });

  it('forwards a read call with the credential sent only as the Authorization header to the server', async () => {
    const result = await gw.call(T('search_items'), { query: 'badge' });
    expect(result.isError).toBeFalsy();
    expect(text(result)).toContain('Item matching badge');
    expect(sim.requests.filter((r) => r.rpc === 'tools/call').every((r) => r.credential === sim.tokens.readOnly)).toBe(
      true,
    );
  });

  it('learns a scope gap from a 403, stores it, and refuses the next call without reaching the server', async () => {
    const first = await gw.call(T('update_item'), { id: 'it_1', name: 'New' });
    expect(first.isError).toBe(true);
    expect(text(first)).toContain('items:write');
    const store = JSON.parse(fs.readFileSync(path.join(env.BRIDGEKEEPER_HOME!, 'connections.json'), 'utf8')) as {
      connections: Array<{ learnedGaps: Array<{ scope: string; tool: string }> }>;
    };
    expect(store.connections[0]!.learnedGaps).toEqual([
      expect.objectContaining({ scope: 'items:write', tool: 'update_item' }),
    ]);
    const callsBefore = sim.requests.filter((r) => r.rpc === 'tools/call').length;
    const second = await gw.call(T('update_item'), { id: 'it_1', name: 'New' });
    expect(second.isError).toBe(true);
    expect(text(second)).toMatch(/lacks items:write.*refused it before/);
    expect(sim.requests.filter((r) => r.rpc === 'tools/call').length).toBe(callsBefore);
  });

  it('truncates results larger than the bound and says how to get the rest', async () => {
    const result = await gw.call(T('big_report'));
    const out = text(result);
    expect(Buffer.byteLength(out)).toBeLessThan(110_000);
    expect(out).toContain('result truncated');
  });

  it('retries a 429 after Retry-After and returns the result', async () => {
    const before = sim.requests.filter((r) => r.rpc === 'tools/call').length;
    sim.force429(1, 1);
    const result = await gw.call(T('search_items'), { query: 'after-429' });
    expect(result.isError).toBeFalsy();
    expect(text(result)).toContain('after-429');
    expect(sim.requests.filter((r) => r.rpc === 'tools/call').length - before).toBe(2);
  });

  it('gives up on 429s whose Retry-After would outlast the call timeout, saying it is rate-limited (not a timeout)', async () => {
    const calls = () => sim.requests.filter((r) => r.rpc === 'tools/call').length;
    // Retry-After 1 s, three 429s in a row: waiting them all out would take longer than the 2.5 s call timeout.
    sim.force429(3, 1);
    const result = await gw.call(T('search_items'), { query: 'late-retry' });
    const answeredAt = Date.now();
    const atAnswer = calls();
    sim.force429(0);
    // A retry the gateway might still hold would be due at most Retry-After (1 s) after the last 429, which it had
    // received before answering. Once that moment has passed, a retry timer has fired before the gateway reads the
    // next call from stdin, so the upstream sees such a retry before that call: the call is the positive signal.
    await new Promise((r) => setTimeout(r, Math.max(0, answeredAt + 1_000 - Date.now())));
    const marker = await gw.call(T('get_contact'), { id: 'c-1' });
    expect(marker.isError).toBeFalsy();
    const after = sim.requests.filter((r) => r.rpc === 'tools/call').slice(atAnswer);
    expect(after.map((r) => r.tool)).toEqual(['get_contact']);
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/rate-limiting.*Wait 1 s/);
  });

  it('reports a call slower than the per-call timeout as an actionable error, then recovers', async () => {
    sim.setLatency(6_000);
    const slow = await gw.call(T('search_items'), { query: 'slow' });
    sim.setLatency(0);
    expect(slow.isError).toBe(true);
    expect(text(slow)).toMatch(/did not answer within 2\.5 s.*try again/i);
    const again = await gw.call(T('search_items'), { query: 'fast' });
    expect(text(again)).toContain('fast');
  });

  it('reports an upstream that is down (5xx) with what to try', async () => {
    sim.setDown(true);
    const down = await gw.call(T('search_items'), { query: 'x' });
    sim.setDown(false);
    expect(down.isError).toBe(true);
    expect(text(down)).toMatch(/internal error \(503\).*try again/i);
  });

  it('`activity --follow --json` prints calls as they happen, from another process', async () => {
    const follower = spawn(
      process.execPath,
      [cliPath, 'activity', '--follow', '--json', '--limit', '1', '--connection', 'Acme Tools'],
      { env: { ...process.env, ...env } },
    );
    let out = '';
    const printed = createWakeups();
    follower.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      printed.wake();
    });
    // Calls made after this line are followed (it is printed once the follower has taken its starting point).
    const following = new Promise<void>((resolve) => {
      let err = '';
      follower.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('following new calls')) resolve();
      });
    });
    try {
      await following;
      const before = out.split('\n').filter(Boolean).length;
      await gw.call(T('search_items'), { query: 'followed' });
      await printed.until(
        () => (out.split('\n').filter(Boolean).length > before ? true : undefined),
        15_000,
        () => `the follower printed no new call within 15 s:\n${out}`,
      );
      const last = JSON.parse(out.trim().split('\n').pop()!) as {
        upstreamTool: string;
        outcome: string;
        argumentNames: string[];
      };
      expect(last).toMatchObject({ upstreamTool: 'search_items', outcome: 'allowed', argumentNames: ['query'] });
      expect(out).not.toContain('followed');
    } finally {
      follower.kill('SIGTERM');
    }
  });

  it('marks the connection as needing attention when the server revokes the token', async () => {
    sim.revoke(sim.tokens.readOnly);
    const result = await gw.call(T('search_items'), { query: 'x' });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/no longer accepts its credential/);
    expect(text(result)).not.toContain(sim.tokens.readOnly);
    const list = await cli(['connections', 'list'], env);
    expect(list.stdout).toMatch(/Acme Tools.*needs attention/);
  });

  it('never writes the token or argument values to the audit log or gateway log', async () => {
    const audit = fs.readFileSync(path.join(env.BRIDGEKEEPER_HOME!, 'audit', 'activity.jsonl'), 'utf8');
    const lines = audit
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThanOrEqual(6);
    expect(lines[0]).toMatchObject({
      connectionLabel: 'Acme Tools',
      client: 'gateway-test-client',
      access: expect.any(String),
      outcome: expect.any(String),
    });
    expect(lines.some((l) => l.outcome === 'error' && l.status === 403)).toBe(true);
    expect(audit).not.toContain(sim.tokens.readOnly);
    expect(audit).not.toContain('badge');
    const log = fs.readFileSync(path.join(env.BRIDGEKEEPER_HOME!, 'logs', 'gateway.log'), 'utf8');
    expect(log + gw.stderr()).not.toContain(sim.tokens.readOnly);
  });
});
