import { setPolicy } from '../../shared/catalog/policy.js';
import { createCore } from '../../shared/connections/core.js';
import { ConnectionStore } from '../../shared/connections/store.js';
import { IMBOARD_HOST } from '../../shared/providers/imboard/api-surface.js';
import { cli, connectGateway, gatewayEnv, type GatewayClient } from '../integration/gateway-harness.js';
import { type PartFigures, seeded, timed, until } from './figures.js';

/**
 * N gateways on one shared store while CLI processes add, remove and re-police connections two at a time. When the
 * churn stops, every gateway must converge (within 20 s) on exactly the tool list a freshly started gateway
 * shows. failed = changes that failed; lost = gateways that died; found = gateways left inconsistent.
 *
 * Tightening a rule (read-only on) runs as a CLI process; loosening it (read-only off) is done as the app does it,
 * from this process, because the CLI rightly refuses to loosen a rule without a person at a terminal. A change only
 * targets a connection that existed before its batch started (never one the other change of the batch is adding),
 * and the two changes of a batch never target the same connection.
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
    const failures: string[] = [];
    let tried = 0;
    const labels: string[] = [];
    try {
      for (let i = 0; i < options.gateways; i++) gateways.push(await connectGateway(env));
      const app = createCore({
        home: env.BRIDGEKEEPER_HOME!,
        store: new ConnectionStore({ home: env.BRIDGEKEEPER_HOME! }),
      });
      for (let i = 0; i < options.changes && Date.now() < deadline; i += 2) {
        const settled = [...labels];
        const taken = new Set<string>();
        // Two changes of one batch never target the same connection (a remove racing a rule change on it fails by design).
        const pick = () => {
          const candidates = settled.filter((l) => labels.includes(l) && !taken.has(l));
          const target = candidates[Math.floor(random() * candidates.length)];
          if (target) taken.add(target);
          return target;
        };
        const batch = [i, i + 1].map(async (n) => {
          tried++;
          const roll = random();
          let args: string[];
          let input = '';
          const target = settled.length < 2 || roll < 0.5 ? undefined : pick();
          if (target === undefined) {
            const label = `g${n}`;
            labels.push(label);
            args = ['connections', 'add', 'imboard', '--label', label, '--token-stdin', '--offline', '--force'];
            input = `imb_pat_proofGateway${n}abcdefghijklmnop`;
          } else if (roll < 0.75) {
            labels.splice(labels.indexOf(target), 1);
            args = ['connections', 'remove', target];
          } else if (random() < 0.5) {
            args = ['tools', target, '--read-only', 'on'];
          } else {
            const error = await setPolicy(app, target, { readOnly: false }, { by: 'app' }).then(
              () => undefined,
              (e: unknown) => e,
            );
            if (error) {
              cliFailures++;
              failures.push(`app: read-only off for ${target}: ${String(error)}`);
            }
            return;
          }
          const result = await cli(args, env, input);
          if (result.code !== 0) {
            // A failed add leaves no connection to change later (not counted again for it).
            if (args[1] === 'add') labels.splice(labels.indexOf(`g${n}`), 1);
            cliFailures++;
            failures.push(
              `\`${args.slice(0, 3).join(' ')}\` exit ${result.code}: ${result.stderr.trim().split('\n')[0]}`,
            );
          }
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
        `${tried} changes (CLI, and the app loosening a rule), 2 at a time (${cliFailures} failed)`,
        `${labels.length} connections at the end, ${toolCount} tools`,
        `${inconsistent} gateways inconsistent`,
        `${dead} gateways not answering`,
        ...failures.slice(0, 5),
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
