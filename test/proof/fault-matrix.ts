import type { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { addConnection, cli, connectGateway, gatewayEnv, text } from '../integration/gateway-harness.js';
import { startServer } from '../simulators/sim-server.js';
import { FAULT_CASES, startFaultUpstream } from './fault-upstream.js';
import { type PartFigures, timed } from './figures.js';

/** A clear error text: says something, no stack trace, no JavaScript leftovers. */
export function isClearErrorText(value: string): boolean {
  return (
    value.trim().length >= 20 && !/\n\s+at .+:\d+/.test(value) && !/\bundefined\b|\[object Object\]|\bNaN\b/.test(value)
  );
}

/**
 * Every fault of `FAULT_CASES` (`rounds` times) through the real gateway to the fault upstream, plus a refused
 * connection through the CLI. Figure failed = a case not answered with `isError` and a clear text (or answered
 * after the gateway died); lost = gateway crashes; the working case must still work at the end.
 */
export function faultMatrix(options: { rounds: number; callTimeoutMs: number }): Promise<PartFigures> {
  return timed('upstream fault matrix', async () => {
    const upstream = await startFaultUpstream();
    const env = gatewayEnv({}, { BRIDGEKEEPER_CALL_TIMEOUT_MS: String(options.callTimeoutMs) });
    await addConnection(env, 'remote-mcp', 'Faults', null, ['--url', upstream.url]);
    const gateway = await connectGateway(env);
    const unclear: string[] = [];
    let tried = 0;
    let crashes = 0;
    try {
      const tools = await gateway.client.listTools();
      const probe = tools.tools.find((t) => t.name.endsWith('probe'));
      if (!probe)
        throw new Error(
          `the fault upstream's tool is not listed: ${tools.tools.map((t) => t.name).join(', ')}; ${gateway.stderr().slice(-400)}`,
        );
      const pid = (gateway.client.transport as StdioClientTransport | undefined)?.pid ?? null;
      for (let round = 0; round < options.rounds; round++) {
        for (const name of FAULT_CASES) {
          tried++;
          try {
            const result = await gateway.call(probe.name, { case: name });
            const said = text(result);
            if (result.isError !== true || !isClearErrorText(said))
              unclear.push(`${name}: ${result.isError ? '' : 'not isError, '}${JSON.stringify(said.slice(0, 100))}`);
          } catch (error) {
            unclear.push(
              `${name}: the call failed instead of an isError result (${error instanceof Error ? error.message.slice(0, 100) : String(error)})`,
            );
          }
          if (pid !== null && !isAlive(pid)) {
            crashes++;
            break;
          }
        }
      }
      tried++;
      const fine = await gateway.call(probe.name, { case: 'ok' }).catch(() => undefined);
      if (!fine || fine.isError || text(fine) !== 'fine')
        unclear.push('the working case no longer worked after the faults');
      // A refused connection: nothing listens on the port any more.
      const closed = await startServer((_req, res) => res.end());
      const deadUrl = `${closed.url}/mcp`;
      await closed.close();
      await addConnection(env, 'remote-mcp', 'Refused', null, ['--url', deadUrl, '--offline']);
      tried++;
      const refused = await cli(['whoami', 'Refused'], env);
      if (refused.code === 0 || refused.code === 1 || !isClearErrorText(refused.stderr + refused.stdout))
        unclear.push(`refused connection: exit ${refused.code}, ${JSON.stringify(refused.stderr.slice(0, 120))}`);
    } finally {
      await gateway.close().catch(() => undefined);
      await upstream.close();
    }
    const notes = [
      `${FAULT_CASES.length} fault kinds × ${options.rounds} + a refused connection`,
      `${unclear.length} not answered with a clear isError text`,
      `${crashes} gateway crashes`,
    ];
    if (unclear.length) notes.push(`e.g. ${unclear.slice(0, 3).join(' / ')}`);
    return { tried, failed: unclear.length, lost: crashes, found: 0, ok: unclear.length === 0 && crashes === 0, notes };
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
