import type { Command } from 'commander';
import { runAction } from '../run-action.js';

/** Registers `bridgekeeper install <assistant>`: adds the gateway to an assistant's MCP configuration. */
export function registerInstallCommand(program: Command): void {
  program
    .command('install')
    .description('add the Bridgekeeper gateway to an assistant (keeps your other servers, backs the file up)')
    .argument('<assistant>', 'claude-desktop | claude-code | cursor | vscode')
    .option('--print', 'print the config entry instead of writing it')
    .option('--json', 'print the result as JSON')
    .action(
      runAction(async (assistant: string, options: { print?: boolean; json?: boolean }) => {
        const { installAssistant } = await import('../../install/install-assistant.js');
        const result = installAssistant(assistant, { ...(options.print ? { print: true } : {}) });
        if (options.json) {
          process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
          return;
        }
        if (options.print) {
          process.stdout.write(`${result.snippet}\n`);
          process.stderr.write(`Add this to ${result.path}${result.changed ? '' : ' (it is already there)'}.\n`);
          if (result.afterInstall.includes('version manager')) process.stderr.write(`${result.afterInstall}\n`);
          return;
        }
        if (!result.changed) {
          process.stdout.write(`Already up to date: ${result.path}\n`);
          return;
        }
        process.stdout.write(`Added Bridgekeeper to ${result.path}${result.backupPath ? ` (previous version saved as ${result.backupPath})` : ''}.\n${result.afterInstall}\n`);
      }),
    );
}
