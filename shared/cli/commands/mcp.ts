import type { Command } from 'commander';
import { runAction } from '../run-action.js';

/** Said on stderr when a person starts the gateway in a terminal instead of an assistant starting it. */
const TERMINAL_NOTE =
  'bridgekeeper mcp: this is the MCP gateway your AI assistant starts; it speaks JSON-RPC on stdin/stdout and waits for one.\n' +
  'To connect an assistant, run `bridgekeeper install claude-desktop` (or claude-code, cursor, vscode). Press Ctrl-C to stop.\n';

/** Runs the stdio MCP gateway until stdin ends or the process is told to stop. */
export async function runMcpGateway(version: string): Promise<void> {
  if (process.stdin.isTTY) process.stderr.write(TERMINAL_NOTE);
  const [{ GatewayStdioTransport }, { startGateway }] = await Promise.all([
    import('../../gateway/stdio-transport.js'),
    import('../../gateway/gateway-server.js'),
  ]);
  const gateway = await startGateway(new GatewayStdioTransport(), { version });
  const stop = () => void gateway.close().finally(() => process.exit(0));
  process.stdin.once('end', stop);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** Registers `bridgekeeper mcp`: the stdio MCP gateway assistants launch. stdout carries only protocol. */
export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('run the stdio MCP gateway (started by your AI assistant; see `bridgekeeper install`)')
    .action(runAction(() => runMcpGateway(program.version() ?? '0.1.0')));
}
