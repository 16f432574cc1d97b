import type { Command } from 'commander';
import { promptHidden, readStdin } from '../io.js';
import { runAction } from '../run-action.js';
import { InputError } from '../../errors.js';

/**
 * Registers `bridgekeeper inspect`: tells what a token is from the token alone, offline (prefix, JWT claims
 * decoded WITHOUT verification, expiry, a guessed service). The token is read from stdin or a hidden prompt,
 * never from the command line, and is never printed back (only masked).
 */
export function registerInspectCommand(program: Command): void {
  program
    .command('inspect')
    .description(
      'tell what a token is, offline: kind, guessed service, unverified JWT claims, expiry (reads stdin or a hidden prompt)',
    )
    .option('--token-stdin', 'read the token from standard input (the default when stdin is not a terminal)')
    .option('--json', 'print the introspection as JSON')
    .action(
      runAction(async (options: { tokenStdin?: boolean; json?: boolean }) => {
        const [{ introspectToken }, { renderIntrospection }] = await Promise.all([
          import('../../use-cases/introspect.js'),
          import('../render/introspection-block.js'),
        ]);
        const raw =
          options.tokenStdin || !process.stdin.isTTY
            ? await readStdin()
            : await promptHidden('Token to inspect (input hidden): ');
        if (!raw.trim())
          throw new InputError(
            'No token was given.',
            'Pipe the token in (e.g. `pbpaste | bridgekeeper inspect`) or paste it at the prompt.',
          );
        const result = introspectToken(raw);
        process.stdout.write(
          options.json ? `${JSON.stringify(result, null, 2)}\n` : `${renderIntrospection(result)}\n`,
        );
      }),
    );
}
