import type { Command } from 'commander';
import { runAction } from '../run-action.js';

/** Registers `bridgekeeper mcp`: the stdio MCP gateway assistants launch. stdout carries only protocol. */
export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('run the stdio MCP gateway (started by your AI assistant; see `bridgekeeper install`)')
    .action(
      runAction(async () => {
        const [{ StdioServerTransport }, { startGateway }] = await Promise.all([
          import('@modelcontextprotocol/sdk/server/stdio.js'),
          import('../../gateway/gateway-server.js'),
        ]);
        const gateway = await startGateway(new StdioServerTransport(), { version: program.version() ?? '0.1.0' });
        const stop = () => void gateway.close().finally(() => process.exit(0));
        process.stdin.once('end', stop);
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      }),
    );
}
