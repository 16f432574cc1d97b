import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { cliPath, tempDir } from '../helpers/cli.js';

// The real `bridgekeeper mcp` over real stdio, fed frames no well-behaved client sends. Every bad frame gets the answer
// JSON-RPC asks for, stdout stays valid JSON-RPC, and the session goes on.
interface RawGateway {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  /** Resolves with the next stdout message matching `match` (already received ones included). */
  next(match: (message: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  send(raw: string | Buffer): void;
}

let gateway: RawGateway | undefined;

function startRaw(): RawGateway {
  const child = spawn(process.execPath, [cliPath, 'mcp'], {
    env: { ...process.env, BRIDGEKEEPER_HOME: tempDir('bk-framing-') },
    stdio: 'pipe',
  });
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let partial = '';
  child.stdout.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    for (const w of waiters.splice(0)) w();
  });
  const next = async (match: (message: Record<string, unknown>) => boolean) => {
    for (;;) {
      const found = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find(match);
      if (found) return found;
      if (child.exitCode !== null) throw new Error(`gateway exited (${child.exitCode}) without the expected answer`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        child.once('exit', () => resolve());
      });
    }
  };
  return { child, lines, next, send: (raw) => child.stdin.write(raw) };
}

const byId = (id: unknown) => (m: Record<string, unknown>) => m.id === id;
const initialize = (id: number) =>
  JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'framing-test', version: '1' } },
  }) + '\n';

afterEach(async () => {
  if (gateway && gateway.child.exitCode === null) {
    gateway.child.kill();
    await once(gateway.child, 'exit');
  }
  gateway = undefined;
});

describe('bridgekeeper mcp stdin framing', () => {
  it('refuses requests before initialize, then serves them after', async () => {
    gateway = startRaw();
    gateway.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) + '\n');
    expect(await gateway.next(byId(1))).toMatchObject({
      error: { code: -32600, message: expect.stringMatching(/'tools\/list' before initialize/) },
    });
    gateway.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }) + '\n');
    expect(await gateway.next(byId(2))).toMatchObject({ result: {} });
    gateway.send(initialize(3));
    expect(await gateway.next(byId(3))).toMatchObject({ result: { serverInfo: { name: 'bridgekeeper' } } });
    gateway.send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) + '\n');
    gateway.send(JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'tools/list' }) + '\n');
    expect(await gateway.next(byId(4))).toMatchObject({ result: { tools: [] } });
  });

  it('answers invalid JSON, non-JSON-RPC values and batches, and goes on', async () => {
    gateway = startRaw();
    gateway.send(initialize(1));
    await gateway.next(byId(1));
    gateway.send('{"jsonrpc": "2.0", "id": 2, "method": \n');
    gateway.send('{"jsonrpc":"2.0","id":3,"method":"ping"}\n');
    // The parse error (id null) comes before the ping's answer, in order.
    await gateway.next(byId(3));
    expect(gateway.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((m) => m.id === null)).toMatchObject(
      { error: { code: -32700 } },
    );
    gateway.lines.length = 0;

    gateway.send('"just a string"\n');
    gateway.send(JSON.stringify({ jsonrpc: '1.0', id: 'x', method: 'ping' }) + '\n');
    gateway.send(
      JSON.stringify([
        { jsonrpc: '2.0', id: 'b1', method: 'ping' },
        { jsonrpc: '2.0', method: 'notifications/cancelled', params: {} },
        { jsonrpc: '2.0', id: 'b2', method: 'tools/list' },
      ]) + '\n',
    );
    gateway.send('[]\n');
    gateway.send(Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x7d, 0x0a])); // NUL and invalid UTF-8
    gateway.send('['.repeat(200_000) + ']'.repeat(200_000) + '\n'); // deep nesting
    gateway.send('{"jsonrpc":"2.0","id":9,"method":"ping"}\n');
    await gateway.next(byId(9));
    const answers = gateway.lines.map((l) => JSON.parse(l) as { id: unknown; error?: { code: number } });
    expect(answers.find((m) => m.id === 'x')).toMatchObject({ error: { code: -32600 } });
    expect(answers.find((m) => m.id === 'b1')).toMatchObject({
      error: { code: -32600, message: expect.stringMatching(/batches are not supported/) },
    });
    expect(answers.find((m) => m.id === 'b2')).toMatchObject({ error: { code: -32600 } });
    // The string, the empty batch, the NUL line and the deep nesting: four answers with id null.
    expect(answers.filter((m) => m.id === null).map((m) => m.error?.code)).toEqual([-32600, -32600, -32700, -32600]);
  });

  it('skips a line over 10 MB with an error and keeps the session', async () => {
    gateway = startRaw();
    gateway.send(initialize(1));
    await gateway.next(byId(1));
    const big = `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"x","arguments":{"blob":"${'a'.repeat(11 * 1024 * 1024)}"}}}\n`;
    gateway.send(big);
    gateway.send('{"jsonrpc":"2.0","id":3,"method":"ping"}\n');
    expect(await gateway.next(byId(3))).toMatchObject({ result: {} });
    expect(gateway.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((m) => m.id === null)).toMatchObject(
      { error: { code: -32600, message: expect.stringMatching(/larger than 10 MB/) } },
    );
    expect(gateway.child.exitCode).toBeNull();
  });
});
