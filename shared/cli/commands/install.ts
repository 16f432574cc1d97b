import type { Command } from 'commander';
import { runAction } from '../run-action.js';

/** Registers `bridgekeeper install [assistant]` (adds the gateway; `--status` says where it is) and `bridgekeeper uninstall <assistant>`. */
export function registerInstallCommand(program: Command): void {
  program
    .command('uninstall')
    .description("remove the Bridgekeeper gateway from an assistant's MCP config (other servers kept, file backed up)")
    .argument('<assistant>', 'claude-desktop | claude-code | cursor | vscode')
    .option('--file', "Claude Code: edit ~/.claude.json directly instead of running 'claude mcp remove'")
    .action(
      runAction(async (assistant: string, options: { file?: boolean }) => {
        if (assistant === 'claude-code' && !options.file) {
          const { disconnectClaudeCode } = await import('../../install/claude-code-route.js');
          const route = await disconnectClaudeCode({});
          process.stdout.write(
            route.route === 'command'
              ? `Claude Code's command line (claude) was not found. Run this to remove Bridgekeeper:\n  ${route.command.split('\n').join('\n  ')}\n`
              : route.changed
                ? `Removed Bridgekeeper from Claude Code with: ${route.command.split('\n').join('; ')}\n`
                : `Bridgekeeper was not in ${route.path}: nothing changed.\n`,
          );
          return;
        }
        const { uninstallAssistant } = await import('../../install/assistant-status.js');
        const result = uninstallAssistant(assistant);
        process.stdout.write(
          result.changed
            ? `Removed Bridgekeeper from ${result.path} (previous version saved as ${result.backupPath}).\n`
            : `Bridgekeeper was not in ${result.path}: nothing changed.\n`,
        );
      }),
    );

  program
    .command('install')
    .description('add the Bridgekeeper gateway to an assistant (keeps your other servers, backs the file up)')
    .argument('[assistant]', 'claude-desktop | claude-code | cursor | vscode')
    .option('--print', 'print the config entry instead of writing it')
    .option('--status', 'say which assistants have Bridgekeeper in their config')
    .option('--json', 'print the result as JSON')
    .option('--file', "Claude Code: edit ~/.claude.json directly instead of running 'claude mcp add'")
    .action(
      runAction(
        async (
          assistant: string | undefined,
          options: { print?: boolean; json?: boolean; status?: boolean; file?: boolean },
        ) => {
          if (options.status || !assistant) {
            const { allAssistantStatuses } = await import('../../install/assistant-status.js');
            const statuses = allAssistantStatuses();
            if (options.json) {
              process.stdout.write(`${JSON.stringify(statuses, null, 2)}\n`);
              return;
            }
            for (const s of statuses) {
              const state = s.configured
                ? `connected (${s.command ?? 'no command'})`
                : s.problem
                  ? `config unreadable: ${s.problem}`
                  : 'not connected';
              process.stdout.write(`${s.displayName.padEnd(15)} ${state}\n  ${s.path}\n`);
            }
            if (!assistant)
              process.stdout.write(
                'Connect one with `bridgekeeper install <assistant>`; remove with `bridgekeeper uninstall <assistant>`.\n',
              );
            return;
          }
          if (assistant === 'claude-code' && !options.print && !options.file) {
            // Claude Code's documented route: its own `claude mcp add` (user scope), never a hand edit of ~/.claude.json.
            const { connectClaudeCode } = await import('../../install/claude-code-route.js');
            const { buildLaunchCommand } = await import('../../install/launch-command.js');
            const route = await connectClaudeCode({ launch: buildLaunchCommand() });
            if (options.json) {
              process.stdout.write(`${JSON.stringify(route, null, 2)}\n`);
              return;
            }
            process.stdout.write(
              route.route === 'command'
                ? `Claude Code's command line (claude) was not found. Run this to add Bridgekeeper for every project:\n  ${route.command}\nOr, for one project only, save the output of \`bridgekeeper install claude-code --print\` as .mcp.json in its folder.\n`
                : route.changed
                  ? `Added Bridgekeeper to Claude Code with: ${route.command}\nStart a new Claude Code session (\`/mcp\` lists the servers).\n`
                  : `Already up to date: ${route.path}\n`,
            );
            return;
          }
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
          process.stdout.write(
            `Added Bridgekeeper to ${result.path}${result.backupPath ? ` (previous version saved as ${result.backupPath})` : ''}.\n${result.afterInstall}\n`,
          );
        },
      ),
    );
}
