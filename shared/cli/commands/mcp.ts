import { parseArgs } from 'node:util';
import type { Command } from 'commander';
import type { ToolMode } from '../../connections/assistant-keys.js';
import { runAction } from '../run-action.js';

/** `--assistant` and `--tool-mode`, validated (loaded lazily: nothing heavy before the gateway answers initialize). */
async function mcpOptions(raw: unknown): Promise<{ assistant?: string; toolMode?: ToolMode }> {
  const [{ z }, { AssistantKeySchema, TOOL_MODES }, { InputError }] = await Promise.all([
    import('zod'),
    import('../../connections/assistant-keys.js'),
    import('../../errors.js'),
  ]);
  const parsed = z
    .object({ assistant: AssistantKeySchema.optional(), toolMode: z.enum(TOOL_MODES).optional() })
    .safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new InputError(
    `bridgekeeper mcp: --${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue.message}.`,
    `Use --assistant <id> (e.g. claude-desktop) and --tool-mode ${TOOL_MODES.join('|')}.`,
  );
}

/** Said on stderr when a person starts the gateway in a terminal instead of an assistant starting it. */
const TERMINAL_NOTE =
  'bridgekeeper mcp: this is the MCP gateway your AI assistant starts; it speaks JSON-RPC on stdin/stdout and waits for one.\n' +
  'To connect an assistant, run `bridgekeeper install claude-desktop` (or claude-code, cursor, vscode). Press Ctrl-C to stop.\n';

/** What starts the gateway: the assistant's id and tool mode, as given (validated here). */
export interface McpRawOptions {
  assistant?: string;
  toolMode?: string;
}

/** Runs the stdio MCP gateway until stdin ends or the process is told to stop. */
export async function runMcpGateway(version: string, raw: McpRawOptions = {}): Promise<void> {
  const options = await mcpOptions({
    assistant: raw.assistant ?? (process.env.BRIDGEKEEPER_ASSISTANT || undefined),
    toolMode: raw.toolMode,
  });
  if (process.stdin.isTTY) process.stderr.write(TERMINAL_NOTE);
  const [{ GatewayStdioTransport }, { startGateway }] = await Promise.all([
    import('../../gateway/stdio-transport.js'),
    import('../../gateway/gateway-server.js'),
  ]);
  const gateway = await startGateway(new GatewayStdioTransport(), {
    version,
    ...(options.assistant ? { assistant: options.assistant } : {}),
    ...(options.toolMode ? { toolMode: options.toolMode } : {}),
  });
  const stop = () => void gateway.close().finally(() => process.exit(0));
  process.stdin.once('end', stop);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/**
 * The options of `bridgekeeper mcp …` when they are only `--assistant` and `--tool-mode` (how assistants start
 * it), read without commander; undefined for anything else (help, unknown options: commander answers those).
 */
export function plainMcpArgs(args: string[]): McpRawOptions | undefined {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { assistant: { type: 'string' }, 'tool-mode': { type: 'string' } },
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 0) return undefined;
    return {
      ...(values.assistant !== undefined ? { assistant: values.assistant } : {}),
      ...(values['tool-mode'] !== undefined ? { toolMode: values['tool-mode'] } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Registers `bridgekeeper mcp`: the stdio MCP gateway assistants launch. stdout carries only protocol. */
export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('run the stdio MCP gateway (started by your AI assistant; see `bridgekeeper install`)')
    .option(
      '--assistant <id>',
      'the assistant starting the gateway: it sees only the connections chosen for it (`bridgekeeper assistants`); default: $BRIDGEKEEPER_ASSISTANT',
    )
    .option('--tool-mode <mode>', `full, compact or auto: overrides the assistant's saved choice`)
    .action(runAction((raw: McpRawOptions) => runMcpGateway(program.version() ?? '0.1.0', raw)));
}
