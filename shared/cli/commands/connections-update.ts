import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import { buildConnectionFields, fieldChanges } from '../../use-cases/connection-fields.js';
import { addConnectionFieldFlags, connectionFieldValuesOf } from '../connection-field-flags.js';
import { promptHidden, readStdin } from '../io.js';
import { runAction } from '../run-action.js';
import { parseOptions } from './connections.js';

const UpdateOptionsSchema = z.object({
  label: z.string().min(1, 'a name cannot be empty').max(64, 'at most 64 characters').optional(),
  tokenStdin: z.boolean().optional(),
  token: z.boolean().optional(),
  offline: z.boolean().optional(),
  force: z.boolean().optional(),
  json: z.boolean().optional(),
});

/**
 * `bridgekeeper connections update <connection> …`: replace or rotate the token (checked live before it replaces
 * the old one), rename, or move the connection to another region, handle, tenant, URL or header. Id, policies
 * and learned scope gaps are kept. Every argument is checked before the token is asked for.
 */
export function registerConnectionsUpdateCommand(connections: Command): void {
  const update = connections
    .command('update')
    .description('edit a connection in place: new token, name, region, handle, tenant, URL or header (rules are kept)')
    .argument('<connection>', 'connection id or label')
    .option('--label <label>', 'a new name (assistants see the tools under the new name)')
    .option('--token-stdin', 'read a new token from standard input (checked live before it replaces the old one)')
    .option('--token', 'ask for a new token at a hidden prompt')
    .option('--offline', 'save without checking with the service')
    .option('--force', "save a token even if it does not look like this service's")
    .option('--json', 'print the result as JSON');
  addConnectionFieldFlags(update).action(
    runAction(async (ref: string, rawOptions: Record<string, unknown>) => {
      const options = parseOptions(UpdateOptionsSchema, rawOptions);
      if (options.token && options.tokenStdin)
        throw new InputError(
          'Both --token and --token-stdin were given.',
          'Use one: --token-stdin to pipe the token in, --token to type it at a hidden prompt.',
        );
      const [
        { createCore },
        { allProviders, getProvider },
        { checkRename, updateConnection },
        { validateTokenShape },
        { liveValidator },
      ] = await Promise.all([
        import('../../connections/core.js'),
        import('../../providers/registry.js'),
        import('../../use-cases/update-connection.js'),
        import('../../use-cases/token-input.js'),
        import('../../use-cases/live-validator.js'),
      ]);
      const core = createCore();
      for (const notice of core.store.notices) process.stderr.write(`bridgekeeper: ${notice}\n`);
      // Checked before any secret is asked for: the connection exists and the flags fit its service.
      const current = core.store.get(ref);
      const provider = getProvider(current.provider);
      checkRename(core, current, options.label);
      const fields = buildConnectionFields(
        provider,
        connectionFieldValuesOf(rawOptions),
        { purpose: 'update', wording: 'cli' },
        allProviders(),
      );
      if ((options.token || options.tokenStdin) && current.authKind === 'oauth') {
        throw new InputError(
          `'${current.label}' signs in with the browser; it has no token to replace.`,
          `Sign in again with \`bridgekeeper login "${current.label}"\`.`,
        );
      }
      let secret: string | undefined;
      if (options.tokenStdin)
        secret = validateTokenShape(provider, await readStdin(), { force: options.force ?? false });
      else if (options.token)
        secret = validateTokenShape(
          provider,
          await promptHidden(`New ${provider.displayName} token for '${current.label}' (input hidden): `),
          { force: options.force ?? false },
        );
      const result = await updateConnection(
        core,
        current.id,
        {
          label: options.label,
          secret,
          ...fieldChanges(fields),
        },
        options.offline ? undefined : liveValidator(core),
      );
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      if (result.changed.length === 0) {
        process.stdout.write(
          `Nothing to change on '${current.label}'. Pass --label, --token-stdin, --region, --handle, --tenant, --url or --header-name.\n`,
        );
        return;
      }
      const who = result.whoami
        ? ` Checked live: acts as ${result.whoami.principal.name ?? result.whoami.principal.email ?? result.whoami.principal.id ?? result.whoami.principal.type}.`
        : '';
      process.stdout.write(
        `Updated '${result.connection.label}' (${result.changed.join(', ')}); rules and id kept.${who}\n`,
      );
    }),
  );
}
