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
  forgetRefusals: z.boolean().optional(),
  json: z.boolean().optional(),
});

/**
 * `bridgekeeper connections update <connection> …`: replace or rotate the token (checked live before it replaces
 * the old one), rename, or move the connection to another region, handle, tenant, URL or header. Id and policies
 * are kept; scopes the service refused before are forgotten by any change but a rename, or on their own with
 * `--forget-refusals`. Every argument is checked before the token is asked for.
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
    // Not a policy, so no terminal confirmation (unlike loosening read-only & co. in `tools`): forgetting a refusal
    // offers nothing the service would not refuse again. It only lets the next call reach the service, which still
    // enforces its own scopes, and a refusal there is learned again.
    .option(
      '--forget-refusals',
      'try tools the service refused before again (after you granted the missing scope to this same token)',
    )
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
          forgetRefusals: options.forgetRefusals,
        },
        options.offline ? undefined : liveValidator(core),
      );
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const forgotten = forgottenText(result.forgottenRefusals);
      if (result.changed.length === 0) {
        process.stdout.write(
          options.forgetRefusals
            ? `${forgotten || `'${current.label}' has no refusals to forget: no tool is held back by one.`}\n`
            : `Nothing to change on '${current.label}'. Pass --label, --token-stdin, --region, --handle, --tenant, --url, --header-name or --forget-refusals.\n`,
        );
        return;
      }
      const who = result.whoami
        ? ` Checked live: acts as ${result.whoami.principal.name ?? result.whoami.principal.email ?? result.whoami.principal.id ?? result.whoami.principal.type}.`
        : '';
      process.stdout.write(
        `Updated '${result.connection.label}' (${result.changed.join(', ')}); rules and id kept.${who}${forgotten ? ` ${forgotten}` : ''}\n`,
      );
    }),
  );
}

/** "Forgot 2 refusals (read:reports for list_reports …): …", or '' when nothing was forgotten. */
function forgottenText(gaps: Array<{ scope: string; tool: string }>): string {
  if (gaps.length === 0) return '';
  const list = gaps.map((g) => `${g.scope} for ${g.tool}`).join(', ');
  return `Forgot ${gaps.length} earlier refusal${gaps.length === 1 ? '' : 's'} (${list}): assistants can try those tools again, and the service's answer decides.`;
}
