import { Command } from 'commander';
import { registerConnectionsCommands } from './commands/connections.js';
import { registerWhoamiCommand } from './commands/whoami.js';
import { registerMcpCommand } from './commands/mcp.js';
import { registerInstallCommand } from './commands/install.js';
import { registerActivityCommand } from './commands/activity.js';
import { registerLoginCommand } from './commands/login.js';
import { registerToolsCommand } from './commands/tools.js';
import { registerAssistantsCommand } from './commands/assistants.js';
import { registerSettingsCommand } from './commands/settings.js';

export { CommanderError } from 'commander';

/** Builds the `bridgekeeper` command tree. Heavy modules are imported inside actions to keep startup fast. */
export function buildProgram(version: string): Command {
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
  registerSettingsCommand(program);
  return program;
}
