import { addConnection, gatewayEnv } from '../integration/gateway-harness.js';
import { startFaultUpstream } from './fault-upstream.js';
import { type PartFigures, seeded, timed } from './figures.js';
import { startRawGateway } from './gateway-process.js';

/** How much to send: frames in total, probe every `probeEvery` frames, and how many >10 MiB lines. */
export interface StdinFuzzOptions {
  frames: number;
  probeEvery: number;
  hugeLines: number;
  seed?: number;
  timeLimitMs: number;
}

type Frame = string | Buffer;
/** The fault upstream's tool as the gateway names it (connection labelled "Fuzz"). */
const REAL_TOOL = 'mcp_fuzz__probe';
const rpc = (body: Record<string, unknown>) => JSON.stringify({ jsonrpc: '2.0', ...body });

/** One malformed or hostile frame of each kind the issue lists; `n` keeps ids distinct. */
const generators: Array<(random: () => number, n: number) => Frame> = [
  // invalid JSON
  (r) =>
    [
      '{',
      '}',
      '{"jsonrpc":"2.0",',
      'nul',
      '[1,2',
      '{"a":}',
      "{'jsonrpc':'2.0'}",
      '\\u0000',
      '{"jsonrpc":"2.0","id":1,"method":"ping"',
    ][Math.floor(r() * 9)]!,
  (r) =>
    Array.from({ length: 1 + Math.floor(r() * 200) }, () => String.fromCharCode(32 + Math.floor(r() * 95))).join(''),
  // JSON that is not JSON-RPC
  (r) =>
    JSON.stringify(
      [42, 'text', null, true, { a: 1 }, { jsonrpc: '1.0', id: 1, method: 'ping' }, { id: 1, method: 'ping' }][
        Math.floor(r() * 7)
      ],
    ),
  // wrong types
  (r, n) =>
    rpc(
      [
        { id: { o: n }, method: 'ping' },
        { id: n, method: 5 },
        { id: true, method: 'ping' },
        { id: `w${n}`, method: 'tools/call', params: 'x' },
        { id: `w${n}`, method: 'tools/call', params: { name: 7 } },
        { id: `w${n}`, method: 'tools/list', params: [1] },
        { id: `w${n}`, method: 'initialize', params: { protocolVersion: 1 } },
      ][Math.floor(r() * 7)]!,
    ),
  // unknown methods and unknown tools
  (r, n) =>
    rpc({
      id: `u${n}`,
      method: ['foo/bar', 'tools/destroy', '', 'rpc.discover', '__proto__', 'resources/read'][Math.floor(r() * 6)]!,
      params: {},
    }),
  (_r, n) => rpc({ id: `t${n}`, method: 'tools/call', params: { name: `no_such_tool_${n}`, arguments: { a: 1 } } }),
  // the real tool of a connected upstream, with arguments of every wrong type
  (r, n) =>
    rpc({
      id: `a${n}`,
      method: 'tools/call',
      params: {
        name: REAL_TOOL,
        arguments: [
          { case: 5 },
          { case: { o: [] } },
          { case: null },
          { case: 'ok', extra: '\u0000' },
          { case: 'x'.repeat(100_000) },
          [],
          'str',
          { case: 'ok' },
        ][Math.floor(r() * 8)],
      },
    }),
  // batches
  (r, n) =>
    JSON.stringify(
      Array.from({ length: Math.floor(r() * 5) }, (_, i) => ({ jsonrpc: '2.0', id: `b${n}-${i}`, method: 'ping' })),
    ),
  // deep nesting
  (r) => `${'['.repeat(1000 + Math.floor(r() * 50_000))}${']'.repeat(1000 + Math.floor(r() * 50_000))}`,
  (r, n) => {
    const depth = 500 + Math.floor(r() * 5000);
    return `{"jsonrpc":"2.0","id":"d${n}","method":"tools/call","params":{"name":"x","arguments":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}`;
  },
  (r) =>
    `{"jsonrpc":"2.0","id":"deep","method":"ping","params":${'{"a":'.repeat(2000 + Math.floor(r() * 20_000))}1${'}'.repeat(2000)}}`,
  // invalid UTF-8 and NULs
  (r) =>
    Buffer.concat([
      Buffer.from('{"jsonrpc":"2.0","id":"utf'),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1].slice(0, 1 + Math.floor(r() * 9))),
      Buffer.from('","method":"ping"}'),
    ]),
  (r) => Buffer.from([0xc0, 0x80, 0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80].slice(0, 1 + Math.floor(r() * 10))),
  (_r, n) => `{"jsonrpc":"2.0","id":"nul${n}",\u0000"method":"ping"}`,
  (_r, n) => rpc({ id: `n${n}`, method: 'tools/call', params: { name: 'a\u0000b', arguments: { x: '\u0000\u0000' } } }),
  // big-but-legal lines
  (r, n) =>
    rpc({
      id: `big${n}`,
      method: 'tools/call',
      params: { name: 'x', arguments: { blob: 'A'.repeat(10_000 + Math.floor(r() * 200_000)) } },
    }),
  // protocol edge cases: responses and notifications nobody asked for, a second initialize
  (_r, n) => rpc({ id: `r${n}`, result: {} }),
  () => rpc({ method: 'notifications/cancelled', params: { requestId: 'nope' } }),
  (_r, n) =>
    rpc({
      id: `i${n}`,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'again', version: '1' } },
    }),
];

/**
 * Feeds the real `bridgekeeper mcp` over its real stdin: requests before `initialize` (must be refused), then
 * `frames` hostile frames, a liveness `ping` every `probeEvery`, and `hugeLines` lines over 10 MiB. Figures:
 * failed = crashes + invalid stdout lines + requests served before initialize; lost = probes never answered.
 */
export function stdinFuzz(options: StdinFuzzOptions): Promise<PartFigures> {
  return timed('stdin fuzz of `bridgekeeper mcp`', async () => {
    const random = seeded(options.seed ?? 17);
    const upstream = await startFaultUpstream();
    const env = gatewayEnv({});
    await addConnection(env, 'remote-mcp', 'Fuzz', null, ['--url', upstream.url]);
    const gateway = startRawGateway(env);
    const deadline = Date.now() + options.timeLimitMs;
    let tried = 0;
    let servedBeforeInit = 0;
    let lostProbes = 0;
    let probes = 0;
    try {
      for (const [i, method] of ['tools/list', 'tools/call', 'resources/list', 'prompts/list'].entries()) {
        tried++;
        const answer = await gateway.request(
          `pre${i}`,
          method,
          method === 'tools/call' ? { name: 'x', arguments: {} } : {},
        );
        if (!answer || 'result' in answer) servedBeforeInit++;
      }
      const init = await gateway.request('init', 'initialize', {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'proof-fuzz', version: '1' },
      });
      if (!init || !('result' in init)) throw new Error(`initialize was not answered: ${gateway.stderr().slice(-500)}`);
      await gateway.write(`${rpc({ method: 'notifications/initialized' })}\n`);
      const hugeAt = new Set(
        Array.from({ length: options.hugeLines }, (_, i) =>
          Math.floor(((i + 1) * options.frames) / (options.hugeLines + 1)),
        ),
      );
      for (let n = 0; n < options.frames && Date.now() < deadline && !gateway.exited(); n++) {
        if (hugeAt.has(n)) {
          tried++;
          await gateway.write(
            `{"jsonrpc":"2.0","id":"huge${n}","method":"tools/call","params":{"name":"x","arguments":{"blob":"${'H'.repeat(10 * 1024 * 1024 + 4096)}"}}}\n`,
          );
        }
        const generator = generators[Math.floor(random() * generators.length)]!;
        const frame = generator(random, n);
        tried++;
        if (!(await gateway.write(Buffer.isBuffer(frame) ? Buffer.concat([frame, Buffer.from('\n')]) : `${frame}\n`)))
          break;
        if ((n + 1) % options.probeEvery === 0) {
          probes++;
          const pong = await gateway.request(`probe${n}`, 'ping', undefined, 15_000);
          if (!pong || !('result' in pong)) lostProbes++;
        }
      }
      probes++;
      const last = await gateway.request('probe-final', 'tools/list', {}, 15_000);
      if (!last || !('result' in last)) lostProbes++;
      const crashed = gateway.exited() ? 1 : 0;
      const invalid = gateway.invalidLines.length;
      const realToolAnswers = gateway.messages.filter((m) => String(m.id).startsWith('a') && 'result' in m).length;
      const notes = [
        `${tried} frames incl. ${options.hugeLines} over 10 MiB`,
        `${realToolAnswers} calls of a connected upstream's real tool answered`,
        `${probes} liveness probes`,
        `${crashed} crashes`,
        `${invalid} invalid stdout lines`,
        `${servedBeforeInit} of 4 requests served before initialize`,
        `${gateway.messages.length} JSON-RPC answers`,
      ];
      if (crashed) notes.push(`exit ${JSON.stringify(gateway.exited())}: ${gateway.stderr().slice(-300)}`);
      if (invalid) notes.push(`first invalid line: ${JSON.stringify(gateway.invalidLines[0]).slice(0, 120)}`);
      const failed = crashed + invalid + servedBeforeInit;
      return { tried, failed, lost: lostProbes, found: 0, ok: failed === 0 && lostProbes === 0, notes };
    } finally {
      await gateway.stop();
      await upstream.close();
    }
  });
}
