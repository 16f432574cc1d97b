import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Core } from '../connections/core.js';
import { type GatewayConfig, gatewayConfigFromEnv } from './gateway-config.js';
import type { GatewayLog } from './gateway-log.js';
import type { GatewayRuntime } from './gateway-runtime.js';
import { bridgekeeperHome } from '../paths.js';
import { ignoreTaskAugmentation } from './relay/task-augmentation.js';
import type { ToolMode } from '../connections/assistant-settings.js';
import { registerSurfaceHandlers, SURFACE_CAPABILITIES } from './surface/surface-handlers.js';
import { mergeInstructions, readCachedInstructions } from './surface/upstream-instructions.js';

/** Any tools/call request: its params are checked in the handler, so a bad shape is answered as Invalid params. */
const ToolsCallEnvelope = z.looseObject({ method: z.literal('tools/call'), params: z.unknown() });

/** How to start a gateway. Everything is optional: the CLI passes nothing and gets the real keychain, store and stdio. */
export interface GatewayOptions {
  core?: Core;
  config?: GatewayConfig;
  log?: GatewayLog;
  /** Watch the store and announce tool-list changes (default true). */
  watch?: boolean;
  /** Reported to clients as the server version. */
  version?: string;
  /** The assistant that started the gateway (`--assistant`): it sees only the connections chosen for it. */
  assistant?: string;
  /** Overrides the assistant's saved tool mode (`--tool-mode`). */
  toolMode?: ToolMode;
}

/** A running gateway. */
export interface Gateway {
  server: Server;
  /** Stops watching, closes upstream sessions and the transport. */
  close(): Promise<void>;
}

const INSTRUCTIONS =
  'Bridgekeeper exposes the tools of the accounts you connected. Tool names are <service>_<account>__<tool>; each description says which account it acts on. ' +
  "Prompts of connected MCP servers are named the same way; their resources have URIs bridgekeeper://<service>_<account>/<the server's own URI>. " +
  'Failed or refused calls return text that says what to do next. ' +
  'When only find_tools and call_tool are listed (compact mode, for many accounts), search with find_tools and run the tool it names with call_tool.';

/**
 * Starts the gateway's MCP server (low-level SDK `Server`) on `transport`. Only the SDK is loaded before `initialize`
 * is answered; the store, keychain, providers and upstream clients load right after (or on the first request), and
 * upstream tool lists are then fetched in parallel. No network happens before `initialize` is answered.
 */
export async function startGateway(transport: Transport, options: GatewayOptions = {}): Promise<Gateway> {
  const config = options.config ?? gatewayConfigFromEnv();
  const server = new Server(
    { name: 'bridgekeeper', title: 'Bridgekeeper', version: options.version ?? '0.1.0' },
    // Upstream instructions as the previous process learned them: no upstream is contacted before this answer.
    {
      capabilities: { tools: { listChanged: true }, ...SURFACE_CAPABILITIES },
      instructions: mergeInstructions(INSTRUCTIONS, readCachedInstructions(options.core?.home ?? bridgekeeperHome())),
    },
  );
  let runtime: Promise<GatewayRuntime> | undefined;
  /** The runtime once made (it may have opened upstream sessions): closing waits for it. */
  let created: GatewayRuntime | undefined;
  let stopping = false;
  const version = options.version ?? '0.1.0';
  const ready = () =>
    (runtime ??= import('./gateway-runtime.js').then(({ createGatewayRuntime }) => {
      // Stopped while it was loading: nothing was opened, and nothing is (the process is about to exit).
      if (stopping) throw new Error('The gateway is stopping.');
      return (created = createGatewayRuntime(server, {
        config,
        watch: options.watch !== false,
        version,
        ...(options.core ? { core: options.core } : {}),
        ...(options.log ? { log: options.log } : {}),
        ...(options.assistant ? { assistant: options.assistant } : {}),
        ...(options.toolMode ? { toolMode: options.toolMode } : {}),
      }));
    }));
  // The first tools/list, asked before the runtime is loaded, is answered with what this assistant was last shown
  // when nothing it depends on changed since (`first-answer.ts`); the runtime then compares its own list with it and
  // announces a difference. That answer is looked up first (on `initialized`, before the runtime starts loading, so
  // the two do not compete); without a recorded answer it costs one file read. A gateway given its own core (tests,
  // the app) always builds its list.
  let recorded: Promise<Tool[] | undefined> | undefined;
  const answerShownBefore = () =>
    (recorded ??= options.core
      ? Promise.resolve(undefined)
      : import('./first-answer-start.js')
          .then(({ answeredBefore }) =>
            answeredBefore({
              home: bridgekeeperHome(),
              assistant: options.assistant,
              toolMode: options.toolMode,
              version,
              capabilities: server.getClientCapabilities() ?? {},
            }),
          )
          .catch(() => undefined));
  let firstListAsked = false;
  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const first = !firstListAsked;
    firstListAsked = true;
    const shown = first && !created ? await answerShownBefore() : undefined;
    if (shown) {
      void ready().then(
        (r) => r.adoptShownList(shown),
        () => undefined,
      );
      return { tools: shown };
    }
    return { tools: await (await ready()).listTools() };
  });
  // The SDK would answer params that break the tools/call shape with -32603 (its parse error); JSON-RPC says -32602.
  server.setRequestHandler(ToolsCallEnvelope, async (raw, extra): Promise<CallToolResult> => {
    const parsed = CallToolRequestSchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `'${i.path.slice(1).join('.') || 'params'}': ${i.message}`);
      throw new McpError(
        ErrorCode.InvalidParams,
        `Invalid tools/call params (${problems.join('; ')}): pass the tool's name as a string and its arguments as an object.`,
      );
    }
    const request = parsed.data;
    return (await ready()).callTool(request.params.name, request.params.arguments ?? {}, extra.signal, {
      ...(request.params._meta ? { meta: request.params._meta } : {}),
      sendNotification: extra.sendNotification,
    });
  });
  registerSurfaceHandlers(server, async () => (await ready()).surface);
  server.oninitialized = () =>
    void answerShownBefore()
      .then(() => ready())
      .catch(() => undefined);
  server.onerror = (error) =>
    options.log?.warn(`protocol: ${error.message}`) ??
    process.stderr.write(`bridgekeeper: protocol: ${error.message}\n`);

  // One closing, awaited by every caller: the transport's end starts it, and the process must not exit (`mcp.ts`) before
  // the upstream sessions were ended (DELETE).
  // A runtime still loading has opened nothing, so a gateway stopped right after `initialize` (an assistant probing
  // its servers) exits at once instead of loading everything first.
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      stopping = true;
      if (created) await created.close();
      await server.close().catch(() => undefined);
    })());
  server.onclose = () => void close();
  // No MCP tasks are declared: a task-augmented tools/call is answered with its plain result, as MCP asks.
  ignoreTaskAugmentation(transport);
  await server.connect(transport);
  return { server, close };
}
