import type { Command } from 'commander';
import { z } from 'zod';
import { runAction } from '../run-action.js';
import { parseOptions } from './connections.js';

const LoginOptionsSchema = z.object({
  clientId: z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, 'a client id is printable text without spaces')
    .optional(),
  scope: z
    .string()
    .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'scopes are separated by single spaces')
    .optional(),
  timeout: z.coerce.number().int().min(2).max(3600).default(300),
  browser: z.boolean().default(true),
  json: z.boolean().optional(),
});

/** Registers `bridgekeeper login <connection>` (OAuth sign-in in the browser) and `bridgekeeper logout <connection>`. */
export function registerLoginCommand(program: Command): void {
  program
    .command('login')
    .description('sign in to an OAuth (MCP) connection in your browser; the grant is kept in the system keychain')
    .argument('<id|label>', 'connection id or label')
    .option(
      '--client-id <id>',
      'a client id registered at the service, for servers without Dynamic Client Registration',
    )
    .option(
      '--scope <scopes>',
      'extra scopes to ask for (space-separated), e.g. the one a refused call needed; what you had is kept',
    )
    .option('--timeout <seconds>', 'how long to wait for the browser to come back', '300')
    .option('--no-browser', 'do not open a browser; only print the sign-in address')
    .option('--json', 'print the result as JSON')
    .action(
      runAction(async (ref: string, rawOptions: Record<string, unknown>) => {
        const options = parseOptions(LoginOptionsSchema, rawOptions);
        const [{ createCore }, { signIn }, { openSystemBrowser }] = await Promise.all([
          import('../../connections/core.js'),
          import('../../use-cases/sign-in.js'),
          import('../../auth/oauth/open-browser.js'),
        ]);
        const core = createCore();
        const controller = new AbortController();
        const onSigint = () => controller.abort();
        process.once('SIGINT', onSigint);
        try {
          const result = await signIn(core, ref, {
            signal: controller.signal,
            timeoutMs: options.timeout * 1000,
            ...(options.clientId ? { clientId: options.clientId } : {}),
            ...(options.scope ? { scopes: options.scope.split(' ') } : {}),
            openBrowser: options.browser ? openSystemBrowser : async () => undefined,
            onAuthorizationUrl: (url) => {
              process.stderr.write(
                `${options.browser ? 'Opening your browser to sign in.' : 'Open this address in your browser to sign in.'} If it does not open, visit:\n${url}\n`,
              );
              process.stderr.write('Waiting for you to finish in the browser (Ctrl-C to cancel)…\n');
            },
          });
          if (options.json) {
            process.stdout.write(
              `${JSON.stringify({ connection: result.connection, scopes: result.scopes, expiresAt: result.expiresAt, issuer: result.issuer, subject: result.subject }, null, 2)}\n`,
            );
            return;
          }
          const who = result.subject ? ` as ${result.subject}` : '';
          process.stdout.write(
            `Signed in to '${result.connection.label}'${who}. Granted: ${result.scopes.join(' ') || '(no scopes reported)'}.\n`,
          );
        } finally {
          process.removeListener('SIGINT', onSigint);
        }
      }),
    );

  program
    .command('logout')
    .description('sign out of an OAuth connection: revoke the grant at the service and delete it from the keychain')
    .argument('<id|label>', 'connection id or label')
    .action(
      runAction(async (ref: string) => {
        const [{ createCore }, { revokeAndForget }, { markNeedsSignIn }] = await Promise.all([
          import('../../connections/core.js'),
          import('../../auth/oauth/revoke.js'),
          import('../../auth/oauth/connection-facts.js'),
        ]);
        const core = createCore();
        const connection = core.store.get(ref);
        const result = await revokeAndForget(core, connection);
        await markNeedsSignIn(core, connection.id, 'Signed out. Sign in again to use this connection.');
        if (result.warning) process.stderr.write(`bridgekeeper: ${result.warning}\n`);
        process.stdout.write(
          `Signed out of '${connection.label}'${result.revoked ? ' and revoked the sign-in at the service' : ''}.\n`,
        );
      }),
    );
}
