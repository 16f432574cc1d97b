import { IMBOARD_HOST } from '../../shared/providers/imboard/api-surface.js';
import { cli, connectGateway, gatewayEnv, type GatewayClient } from '../integration/gateway-harness.js';
import { type PartFigures, seeded, timed, until } from './figures.js';

/**
 * N gateways on one shared store while CLI processes add, remove and re-police connections two at a time. When the
 * churn stops, every gateway must converge (within 20 s) on exactly the tool list a freshly started gateway
 * shows. failed = CLI commands that failed; lost = gateways that died; found = gateways left inconsistent.
 */
export function multiGateway(options: {
  gateways: number;
  changes: number;
  seed?: number;
  timeLimitMs: number;
}): Promise<PartFigures> {
  return timed(`${options.gateways} gateways with concurrent CLI changes`, async () => {
    const random = seeded(options.seed ?? 5);
    // Nothing may leave the machine: the service's host points at a loopback port nobody listens on.
    const env = gatewayEnv({ [IMBOARD_HOST]: 'http://127.0.0.1:9' });
    const gateways: GatewayClient[] = [];
    const deadline = Date.now() + options.timeLimitMs;
    let cliFailures = 0;
    let tried = 0;
    const labels: string[] = [];
    try {
      for (let i = 0; i < options.gateways; i++) gateways.push(await connectGateway(env));
      for (let i = 0; i < options.changes && Date.now() < deadline; i += 2) {
        const batch = [i, i + 1].map(async (n) => {
          tried++;
          const roll = random();
          let args: string[];
          let input = '';
          if (labels.length < 2 || roll < 0.5) {
            const label = `g${n}`;
            labels.push(label);
            args = ['connections', 'add', 'imboard', '--label', label, '--token-stdin', '--offline', '--force'];
            input = `imb_pat_proofGateway${n}abcdefghijklmnop`;
          } else if (roll < 0.75) {
            const label = labels.splice(Math.floor(random() * labels.length), 1)[0]!;
            args = ['connections', 'remove', label];
          } else {
            args = [
              'tools',
              labels[Math.floor(random() * labels.length)]!,
              '--read-only',
              random() < 0.5 ? 'on' : 'off',
            ];
          }
          const result = await cli(args, env, input);
          if (result.code !== 0) cliFailures++;
        });
        await Promise.all(batch);
      }
      const reference = await connectGateway(env);
      const expected = JSON.stringify((await reference.client.listTools()).tools.map((t) => t.name).sort());
      await reference.close();
      let inconsistent = 0;
      let dead = 0;
      for (const gateway of gateways) {
        let names = '';
        const converged = await until(
          async () => {
            const listed = await gateway.client.listTools().catch(() => undefined);
            if (!listed) return false;
            names = JSON.stringify(listed.tools.map((t) => t.name).sort());
            return names === expected;
          },
          20_000,
          250,
        );
        if (!converged) {
          if (!names) dead++;
          else inconsistent++;
        }
      }
      const toolCount = (JSON.parse(expected) as string[]).length;
      const notes = [
        `${tried} CLI changes, 2 at a time (${cliFailures} failed)`,
        `${labels.length} connections at the end, ${toolCount} tools`,
        `${inconsistent} gateways inconsistent`,
        `${dead} gateways not answering`,
      ];
      return {
        tried,
        failed: cliFailures,
        lost: dead,
        found: inconsistent,
        ok: cliFailures === 0 && dead === 0 && inconsistent === 0,
        notes,
      };
    } finally {
      for (const gateway of gateways) await gateway.close().catch(() => undefined);
    }
  });
}
