import type { Command } from 'commander';
import { describeError, exitCodeFor } from '../../errors.js';
import type { Whoami } from '../../providers/types.js';
import { redactSecrets } from '../../secrets/redact.js';
import { runAction } from '../run-action.js';
import { registerInspectCommand } from './inspect.js';

/**
 * Registers `bridgekeeper whoami [connection]`: asks each service who a connection's token is, updates the
 * connection's status in the store, and prints a readable block (or `--json`). Also registers `inspect`.
 */
export function registerWhoamiCommand(program: Command): void {
  program
    .command('whoami')
    .description('ask each service who your connection is: identity, token kind, scopes with provenance, expiry')
    .argument('[connection]', 'connection id or label (all connections when left out)')
    .option('--json', 'print the Whoami objects as JSON')
    .action(
      runAction(async (ref: string | undefined, options: { json?: boolean }) => {
        const [{ createCore }, { checkConnection }, { renderWhoamiBlock }] = await Promise.all([
          import('../../connections/core.js'),
          import('../../use-cases/whoami-service.js'),
          import('../render/whoami-block.js'),
        ]);
        const core = createCore();
        for (const notice of core.store.notices) process.stderr.write(`bridgekeeper: ${notice}\n`);
        if (ref) {
          const connection = core.store.get(ref);
          const who = await checkConnection(core, connection);
          process.stdout.write(
            options.json ? `${JSON.stringify(who, null, 2)}\n` : `${renderWhoamiBlock(connection, who)}\n`,
          );
          return;
        }
        const connections = core.store.list();
        if (connections.length === 0) {
          if (options.json) process.stdout.write('[]\n');
          else
            process.stdout.write(
              'No connections yet. Add one with `bridgekeeper connections add <provider> --label <name>`.\n',
            );
          return;
        }
        const results: Whoami[] = [];
        let firstFailure: unknown;
        for (const connection of connections) {
          try {
            const who = await checkConnection(core, connection);
            results.push(who);
            if (!options.json) process.stdout.write(`${renderWhoamiBlock(connection, who)}\n\n`);
          } catch (error) {
            firstFailure ??= error;
            const line = `${connection.label} (${connection.id}): ${redactSecrets(describeError(error))}`;
            if (options.json) process.stderr.write(`bridgekeeper: ${line}\n`);
            else process.stdout.write(`${line}\n\n`);
          }
        }
        if (options.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
        if (firstFailure !== undefined) process.exitCode = exitCodeFor(firstFailure);
      }),
    );
  registerInspectCommand(program);
}
