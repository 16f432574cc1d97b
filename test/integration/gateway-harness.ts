import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { type CliResult, cliPath, repoRoot, runNode, tempDir } from '../helpers/cli.js';

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
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cliPath, 'mcp', ...(options.args ?? [])],
    env: { ...(process.env as Record<string, string>), ...env },
    stderr: 'pipe',
    cwd: repoRoot,
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const client = new Client(
    { name: 'gateway-test-client', version: '1.0.0' },
    { capabilities: options.elicitation ? { elicitation: { form: {} } } : {} },
  );
  let waiters: Array<() => void> = [];
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    const current = waiters;
    waiters = [];
    for (const w of current) w();
  });
  if (options.elicitation) {
    const answer = options.elicitation;
    client.setRequestHandler(ElicitRequestSchema, (request) => answer((request.params as { message: string }).message));
  }
  await client.connect(transport);
  return {
    client,
    stderr: () => stderr,
    nextListChanged: (timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no tools/list_changed within ${timeoutMs} ms; gateway stderr:\n${stderr}`)),
          timeoutMs,
        );
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
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
