import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import { readStdin, promptHidden, table } from '../io.js';
import { runAction } from '../run-action.js';
import { buildConnectionFields } from '../../use-cases/connection-fields.js';
import { addConnectionFieldFlags, connectionFieldValuesOf } from '../connection-field-flags.js';
import { registerConnectionsUpdateCommand } from './connections-update.js';

const AddOptionsSchema = z.object({
  label: z.string({ error: 'missing --label' }),
  baseUrl: z.string().optional(),
  scopes: z.string().optional(),
  mode: z.enum(['api', 'mcp']).optional(),
  oauth: z.boolean().optional(),
  clientId: z.string().optional(),
  clientSecretStdin: z.boolean().optional(),
  tokenStdin: z.boolean().optional(),
  noToken: z.boolean().optional(),
  offline: z.boolean().optional(),
  force: z.boolean().optional(),
  json: z.boolean().optional(),
});

/** `bridgekeeper connections add|update|list|remove`. */
export function registerConnectionsCommands(program: Command): void {
  const connections = program.command('connections').description('add, list and remove connected accounts');

  const add = connections
    .command('add')
    .description('connect an account; the token is read from stdin or a hidden prompt, never from the command line')
    .argument('<provider>', 'sessionboard | sessions-website | session-services | imboard | remote-mcp')
    .requiredOption('--label <label>', 'a name you will recognise, e.g. "Acme EU"')
    .option('--base-url <url>', 'override the service address (HTTPS, or http://127.0.0.1 for simulators)')
    .option(
      '--mode <mode>',
      "api (Bridgekeeper's tools for the service's API, default) or mcp (the service's own MCP server)",
    )
    .option('--oauth', 'sign in with the browser instead of a token (then run `bridgekeeper login <label>`)')
    .option(
      '--client-id <id>',
      'remote-mcp with OAuth: a client you registered at the service (no Dynamic Client Registration there); implies --oauth',
    )
    .option(
      '--client-secret-stdin',
      "with --client-id: read that client's secret from standard input (kept in the keychain)",
    )
    .option(
      '--scopes <list>',
      "comma-separated scopes you granted, when the service cannot report them (used to predict, never to refuse: the service's own refusals teach Bridgekeeper)",
    )
    .option('--token-stdin', 'read the token from standard input')
    .option('--no-token', 'connect without a token (tenant-only Session Services, or OAuth sign-in later)')
    .option('--offline', 'save without checking the token with the service')
    .option('--force', "save even if the token does not look like this service's")
    .option('--json', 'print the result as JSON');
  addConnectionFieldFlags(add).action(
    runAction(async (providerId: string, rawOptions: Record<string, unknown>) => {
      const parsed = parseOptions(AddOptionsSchema, { ...rawOptions, noToken: rawOptions.token === false });
      const options = { ...parsed, oauth: parsed.oauth || parsed.clientId !== undefined };
      const preRegistered =
        options.clientId !== undefined || options.clientSecretStdin
          ? await preRegisteredClientInput(providerId, options)
          : undefined;
      const [
        { createCore },
        { allProviders, getProvider },
        { addConnection, checkNewConnection },
        { validateTokenShape },
        { liveValidator },
      ] = await Promise.all([
        import('../../connections/core.js'),
        import('../../providers/registry.js'),
        import('../../use-cases/add-connection.js'),
        import('../../use-cases/token-input.js'),
        import('../../use-cases/live-validator.js'),
      ]);
      const provider = getProvider(providerId);
      const mode = options.mode ?? (provider.id !== 'remote-mcp' && options.oauth ? 'mcp' : undefined);
      if (mode === 'mcp' && provider.id !== 'remote-mcp' && !provider.mcpEndpoint) {
        throw new InputError(
          `${provider.displayName} has no MCP server Bridgekeeper knows of.`,
          'Leave out --mode mcp to use its API tools.',
        );
      }
      const core = createCore();
      printNotices(core.store.notices);
      // Every argument is checked before the secret is asked for, so a typo never costs a pasted token.
      checkNewConnection(core, options.label, options.baseUrl);
      const fields = buildConnectionFields(
        provider,
        connectionFieldValuesOf(rawOptions),
        { purpose: 'add', wording: 'cli', baseUrl: options.baseUrl !== undefined },
        allProviders(),
      );
      let secret: string | null = null;
      if (!options.noToken && !options.oauth) {
        const raw = options.tokenStdin
          ? await readStdin()
          : await promptHidden(`${provider.displayName} token (input hidden): `);
        secret = validateTokenShape(provider, raw, { force: options.force ?? false });
      }
      const metadata: Record<string, string> = { ...fields.metadata };
      if (mode) metadata.mode = mode;
      if (preRegistered) metadata.oauthClientId = preRegistered.clientId;
      const { connection, whoami } = await addConnection(
        core,
        {
          provider,
          label: options.label,
          ...(fields.region ? { region: fields.region } : {}),
          ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
          metadata,
          declaredScopes: options.scopes
            ? options.scopes
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean)
            : [],
          secret,
          ...(options.noToken && fields.metadata.tenantId ? { authKind: 'tenant' as const } : {}),
          ...(options.oauth ? { authKind: 'oauth' as const } : {}),
        },
        options.offline || options.oauth ? undefined : liveValidator(core),
      );
      if (preRegistered)
        await (
          await import('../../auth/oauth/pre-registered-client.js')
        ).savePreRegisteredClient(core.secrets, connection.id, preRegistered);
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ connection, whoami }, null, 2)}\n`);
        return;
      }
      if (options.oauth) {
        process.stdout.write(
          `Added ${provider.displayName} '${connection.label}'. Now sign in: bridgekeeper login "${connection.label}"\n`,
        );
        return;
      }
      const who = whoami
        ? ` as ${whoami.principal.name ?? whoami.principal.email ?? whoami.principal.id ?? whoami.principal.type}`
        : ' (not checked: --offline)';
      process.stdout.write(
        `Connected ${provider.displayName} '${connection.label}'${who.replace(/\.$/, '')}. Id: ${connection.id}\n`,
      );
      if (connection.declaredScopes.length > 0)
        process.stdout.write(
          `Your declared scopes (${connection.declaredScopes.join(', ')}) are shown and used to predict which tools should work; Bridgekeeper never refuses a call on them: it tries, and learns a missing scope from ${provider.displayName}'s answer.\n`,
        );
    }),
  );

  registerConnectionsUpdateCommand(connections);

  connections
    .command('list')
    .description('show connected accounts (never secrets; tokens are masked)')
    .option('--json', 'print as JSON')
    .action(
      runAction(async (options: { json?: boolean }) => {
        const [{ createCore }, { sweepOrphanedSecrets }] = await Promise.all([
          import('../../connections/core.js'),
          import('../../connections/pending-secrets.js'),
        ]);
        const core = createCore();
        printNotices(core.store.notices);
        // Keychain entries of adds killed before they saved their connection (a readdir when there are none).
        await sweepOrphanedSecrets(core);
        const list = core.store.list();
        if (options.json) {
          process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
          return;
        }
        if (list.length === 0) {
          process.stdout.write(
            'No connections yet. Add one with `bridgekeeper connections add <provider> --label <name>`.\n',
          );
          return;
        }
        const rows = list.map((c) => [
          c.id,
          c.label,
          c.provider,
          c.region ?? (c.baseUrl ? new URL(c.baseUrl).host : '-'),
          String(c.metadata.principalName ?? '-'),
          String(c.metadata.maskedToken ?? (c.authKind === 'oauth' ? 'OAuth' : '-')),
          c.status.state === 'ok' || c.status.state === 'unchecked'
            ? c.status.state
            : `${c.status.state}: needs attention`,
          c.lastUsedAt ?? 'never',
        ]);
        process.stdout.write(
          `${table(['ID', 'LABEL', 'SERVICE', 'REGION/HOST', 'ACTS AS', 'TOKEN', 'STATUS', 'LAST USED'], rows)}\n`,
        );
      }),
    );

  connections
    .command('remove')
    .description('remove a connection and delete its secrets from the keychain')
    .argument('<id|label>', 'connection id or label')
    .action(
      runAction(async (ref: string) => {
        const [{ createCore }, { disconnectConnection }] = await Promise.all([
          import('../../connections/core.js'),
          import('../../use-cases/disconnect-connection.js'),
        ]);
        const { connection: removed, revoked, warning } = await disconnectConnection(createCore(), ref);
        if (warning) process.stderr.write(`bridgekeeper: ${warning}\n`);
        const note = revoked ? ', revoked its sign-in at the service' : '';
        process.stdout.write(`Removed '${removed.label}' (${removed.id})${note} and deleted its keychain entries.\n`);
      }),
    );
}

/** `--client-id` / `--client-secret-stdin` of `connections add`, checked (the secret is read from stdin, never argv). */
async function preRegisteredClientInput(
  providerId: string,
  options: { clientId?: string | undefined; clientSecretStdin?: boolean | undefined },
): Promise<{ clientId: string; clientSecret?: string }> {
  if (providerId !== 'remote-mcp')
    throw new InputError(
      '--client-id is for remote MCP servers (remote-mcp).',
      'Leave it out, or add the server as remote-mcp --url <url>.',
    );
  if (options.clientId === undefined)
    throw new InputError(
      '--client-secret-stdin needs --client-id.',
      'Pass the client id the service gave you with --client-id <id>.',
    );
  const { ClientIdSchema, ClientSecretSchema } = await import('../../auth/oauth/pre-registered-client.js');
  const clientId = parseOptions(z.object({ clientId: ClientIdSchema }), { clientId: options.clientId }).clientId;
  if (!options.clientSecretStdin) return { clientId };
  const secret = ClientSecretSchema.safeParse(await readStdin());
  if (!secret.success)
    throw new InputError(
      'The client secret read from standard input is empty or holds spaces.',
      'Pipe only the secret, e.g. `printf %s "$SECRET" | bridgekeeper connections add remote-mcp … --client-secret-stdin`.',
    );
  return { clientId, clientSecret: secret.data };
}

/** Validates CLI options with zod; the first problem becomes a one-line `InputError`. */
export function parseOptions<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const flag = issue.path.length
    ? `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
    : 'input';
  throw new InputError(`Invalid ${flag}: ${issue.message}.`, 'See --help for the expected format.');
}

function printNotices(notices: string[]): void {
  for (const notice of notices) process.stderr.write(`bridgekeeper: ${notice}\n`);
}
