import type { Command } from 'commander';
import { z } from 'zod';
import type { AuditRecord } from '../../audit/audit-record.js';
import { InputError } from '../../errors.js';
import { table } from '../io.js';
import { runAction } from '../run-action.js';

const ActivityOptionsSchema = z.object({
  follow: z.boolean().optional(),
  json: z.boolean().optional(),
  connection: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(100_000).default(50),
});

function row(r: AuditRecord): string[] {
  const outcome = r.outcome === 'allowed' ? 'ok' : `${r.outcome}${r.reason ? ` (${r.reason})` : ''}`;
  return [
    r.time.replace('T', ' ').slice(0, 19),
    r.connectionLabel,
    r.upstreamTool,
    r.access,
    outcome,
    r.status !== undefined ? String(r.status) : '-',
    `${Math.round(r.durationMs)} ms`,
    r.client ?? '-',
  ];
}

const HEADERS = ['TIME (UTC)', 'CONNECTION', 'TOOL', 'ACCESS', 'OUTCOME', 'STATUS', 'TOOK', 'ASSISTANT'];

/** Registers `bridgekeeper activity`: what assistants did through the gateway (from the audit log). */
export function registerActivityCommand(program: Command): void {
  program
    .command('activity')
    .description('show recent tool calls made through the gateway (never arguments or secrets)')
    .option('-f, --follow', 'keep printing new calls as they happen')
    .option('--json', 'print JSON lines')
    .option('--connection <id|label>', 'only this connection')
    .option('--limit <n>', 'how many recent calls to show', '50')
    .action(
      runAction(async (raw: Record<string, unknown>) => {
        const parsed = ActivityOptionsSchema.safeParse(raw);
        if (!parsed.success)
          throw new InputError(
            `Invalid --${String(parsed.error.issues[0]?.path[0])}.`,
            '--limit is a whole number from 1 to 100000.',
          );
        const options = parsed.data;
        const [{ bridgekeeperHome }, { readActivity }, { followActivity }] = await Promise.all([
          import('../../paths.js'),
          import('../../audit/read-activity.js'),
          import('../../audit/follow-activity.js'),
        ]);
        const home = bridgekeeperHome();
        const filter = { ...(options.connection ? { connection: options.connection } : {}), limit: options.limit };
        const records = readActivity(home, filter);
        if (options.json) for (const r of records) process.stdout.write(`${JSON.stringify(r)}\n`);
        else if (records.length === 0 && !options.follow)
          process.stdout.write(
            'No activity yet. Calls your assistants make through `bridgekeeper mcp` will show up here.\n',
          );
        else if (records.length > 0) process.stdout.write(`${table(HEADERS, records.map(row))}\n`);
        if (!options.follow) return;
        await new Promise<void>((resolve) => {
          const stop = followActivity(home, filter, (r) =>
            process.stdout.write(options.json ? `${JSON.stringify(r)}\n` : `${row(r).join('  ')}\n`),
          );
          // On stderr, so --json output stays one record a line; scripts may wait for it before making calls.
          process.stderr.write('bridgekeeper: following new calls (Ctrl-C to stop)\n');
          const end = () => {
            stop();
            resolve();
          };
          process.once('SIGINT', end);
          process.once('SIGTERM', end);
        });
      }),
    );
}
