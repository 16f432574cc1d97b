import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { registerConnectionsCommands } from './commands/connections.js';
import { registerWhoamiCommand } from './commands/whoami.js';
import { registerMcpCommand } from './commands/mcp.js';
import { registerInstallCommand } from './commands/install.js';
import { registerActivityCommand } from './commands/activity.js';
import { registerLoginCommand } from './commands/login.js';
import { registerToolsCommand } from './commands/tools.js';
import { registerAssistantsCommand } from './commands/assistants.js';
import { redactCliOutput } from './output-redaction.js';

const require = createRequire(import.meta.url);
const { version } = require('../../../package.json') as { version: string };

/** Builds the `bridgekeeper` command tree. Heavy modules are imported inside actions to keep startup fast. */
export function buildProgram(): Command {
  const program = new Command()
    .name('bridgekeeper')
    .description('Connect your event and business accounts to local AI assistants, safely.')
    .version(version, '-v, --version', 'print the Bridgekeeper version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerConnectionsCommands(program);
  registerWhoamiCommand(program);
  registerMcpCommand(program);
  registerInstallCommand(program);
  registerActivityCommand(program);
  registerLoginCommand(program);
  registerToolsCommand(program);
  registerAssistantsCommand(program);
  return program;
}

/** CLI entry point. */
export async function main(argv: string[] = process.argv): Promise<void> {
  if (argv[2] !== 'mcp') redactCliOutput();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; usage mistakes exit 2 (commander already printed the one-line reason).
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    throw error;
  }
}

await main();
