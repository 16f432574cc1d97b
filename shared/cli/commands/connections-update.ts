import type { Command } from 'commander';
import {
  TENANT_ID_EXAMPLE,
  TENANT_ID_PATTERN,
  TENANT_ID_PREFIX,
} from '../../providers/session-services/token-facts.js';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import { normalizeHandle } from '../../pasted-input.js';
import { promptHidden, readStdin } from '../io.js';
import { runAction } from '../run-action.js';
import { parseOptions } from './connections.js';

const UpdateOptionsSchema = z.object({
  label: z.string().min(1, 'a name cannot be empty').max(64, 'at most 64 characters').optional(),
  region: z.enum(['us', 'eu']).optional(),
  // A pasted business address (https://business.sessions.website/@acme) gives its handle.
  handle: z
    .preprocess(
      (v) => (typeof v === 'string' ? normalizeHandle(v) : v),
      z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, 'a handle is letters, digits, - and _'),
    )
    .optional(),
  tenant: z.string().regex(TENANT_ID_PATTERN, `a tenant id looks like ${TENANT_ID_EXAMPLE}`).optional(),
  url: z
    .string()
    .regex(/^https?:\/\//i, 'an MCP server URL starts with https://')
    .optional(),
  headerName: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'a header name is letters, digits and -')
    .optional(),
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
  connections
    .command('update')
    .description('edit a connection in place: new token, name, region, handle, tenant, URL or header (rules are kept)')
    .argument('<connection>', 'connection id or label')
    .option('--label <label>', 'a new name (assistants see the tools under the new name)')
    .option('--token-stdin', 'read a new token from standard input (checked live before it replaces the old one)')
    .option('--token', 'ask for a new token at a hidden prompt')
    .option('--region <region>', 'us or eu (Sessionboard)')
    .option('--handle <handle>', 'business handle (sessions.website), or the business address')
    .option(`--tenant <${TENANT_ID_PREFIX}…>`, 'tenant id (Session Services)')
    .option('--url <url>', 'MCP server URL (remote-mcp)')
    .option('--header-name <name>', 'header that carries the token (remote-mcp)')
    .option('--offline', 'save without checking with the service')
    .option('--force', "save a token even if it does not look like this service's")
    .option('--json', 'print the result as JSON')
    .action(
      runAction(async (ref: string, rawOptions: Record<string, unknown>) => {
        const options = parseOptions(UpdateOptionsSchema, rawOptions);
        if (options.token && options.tokenStdin)
          throw new InputError(
            'Both --token and --token-stdin were given.',
            'Use one: --token-stdin to pipe the token in, --token to type it at a hidden prompt.',
          );
        const [{ createCore }, { getProvider }, { updateConnection }, { validateTokenShape }, { liveValidator }] =
          await Promise.all([
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
        const wrongFor = (flag: string, service: string) =>
          new InputError(
            `${flag} does not apply to ${provider.displayName} connections.`,
            `Leave out ${flag}; it is for ${service}.`,
          );
        if (options.region && !provider.regions) throw wrongFor('--region', 'Sessionboard');
        if (options.handle && provider.id !== 'sessions-website') throw wrongFor('--handle', 'sessions.website');
        if (options.tenant && provider.id !== 'session-services') throw wrongFor('--tenant', 'Session Services');
        if ((options.url || options.headerName) && provider.id !== 'remote-mcp')
          throw wrongFor(options.url ? '--url' : '--header-name', 'remote MCP servers');
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
            region: options.region,
            handle: options.handle,
            tenantId: options.tenant,
            url: options.url,
            headerName: options.headerName,
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
