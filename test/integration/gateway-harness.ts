import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ElicitRequestSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { type CliResult, cliPath, repoRoot, runNode, tempDir } from '../helpers/cli.js';
import { createWakeups, gatewayTransport } from '../helpers/wakeups.js';

/** Environment for one test file: its own home, keychain service and simulator host overrides. */
export function gatewayEnv(
  hostOverrides: Record<string, string>,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    BRIDGEKEEPER_HOME: tempDir('bk-gw-'),
    BRIDGEKEEPER_KEYCHAIN_SERVICE: `bridgekeeper-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    BRIDGEKEEPER_HOST_OVERRIDES: JSON.stringify(hostOverrides),
    ...extra,
  };
}

/** Runs the built CLI asynchronously (never blocks the event loop, so in-process simulators keep answering). */
export function cli(args: string[], env: Record<string, string>, input = ''): Promise<CliResult> {
  return runNode([cliPath, ...args], { cwd: repoRoot, env, input });
}

/** Adds a connection through the real CLI (token on stdin, validated live unless `--offline` is among `flags`). */
export async function addConnection(
  env: Record<string, string>,
  provider: string,
  label: string,
  token: string | null,
  flags: string[] = [],
): Promise<string> {
  const args = [
    'connections',
    'add',
    provider,
    '--label',
    label,
    '--json',
    ...flags,
    ...(token === null ? ['--no-token'] : ['--token-stdin']),
  ];
  const result = await cli(args, env, token ?? '');
  if (result.code !== 0)
    throw new Error(`connections add ${provider} ${label} failed (${result.code}): ${result.stderr}`);
  return (JSON.parse(result.stdout) as { connection: { id: string } }).connection.id;
}

/** A real SDK client talking to `bridgekeeper mcp` over stdio. */
export interface GatewayClient {
  client: Client;
  stderr(): string;
  /** Resolves on the next `notifications/tools/list_changed`. */
  nextListChanged(timeoutMs?: number): Promise<void>;
  /** Resolves once the gateway's stderr matches `pattern`. */
  untilStderr(pattern: RegExp, timeoutMs?: number): Promise<string>;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** Spawns the gateway; `elicitation` makes the client advertise (and auto-answer) confirmation prompts. */
export async function connectGateway(
  env: Record<string, string>,
  options: {
    elicitation?: (message: string) => { action: 'accept' | 'decline' | 'cancel'; content?: Record<string, unknown> };
    /** Extra arguments after `mcp`, e.g. `['--assistant', 'cursor']`. */
    args?: string[];
  } = {},
): Promise<GatewayClient> {
  const { transport, stderr, untilStderr } = gatewayTransport(env, options.args);
  const client = new Client(
    { name: 'gateway-test-client', version: '1.0.0' },
    { capabilities: options.elicitation ? { elicitation: { form: {} } } : {} },
  );
  const wakeups = createWakeups();
  let listChanges = 0;
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    listChanges++;
    wakeups.wake();
  });
  if (options.elicitation) {
    const answer = options.elicitation;
    client.setRequestHandler(ElicitRequestSchema, (request) => answer((request.params as { message: string }).message));
  }
  await client.connect(transport);
  return {
    client,
    stderr,
    untilStderr,
    nextListChanged: (timeoutMs = 20_000) => {
      const seen = listChanges;
      return wakeups
        .until(
          () => (listChanges > seen ? true : undefined),
          timeoutMs,
          () => `no tools/list_changed within ${timeoutMs} ms; gateway stderr:\n${stderr()}`,
        )
        .then(() => undefined);
    },
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: () => client.close(),
  };
}

/** The text of a tool result. */
export function text(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');
}

/**
 * Lists until `wanted` holds, waiting for `tools/list_changed` in between (registered before each list, so none is
 * missed): a gateway may first answer from its cached tool lists, or without a slow upstream, and update later.
 */
export async function listUntil(gw: GatewayClient, wanted: (names: string[]) => boolean): Promise<string[]> {
  for (;;) {
    const changed = gw.nextListChanged();
    const names = (await gw.client.listTools()).tools.map((t) => t.name);
    if (wanted(names)) {
      changed.catch(() => undefined);
      return names;
    }
    await changed;
  }
}
