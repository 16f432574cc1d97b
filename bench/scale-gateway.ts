import fs from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { GATEWAY_NODE_OPTIONS } from '../shared/install/launch-command.js';
import { cliPath } from './bench-setup.js';
import { isCompleteList, type ScaleConnection } from './scale-plan.js';

/** A `bridgekeeper mcp` process with its own SDK client over stdio, as an assistant starts it. */
export interface ScaleGateway {
  client: Client;
  pid: number;
  /** Spawn → initialize result, ms. */
  initializeMs: number;
  /** Performance-clock time of the initialize result. */
  initializedAt: number;
  /** Resolves on the next `notifications/tools/list_changed` (or after `timeoutMs`, with false). */
  nextListChanged(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Spawns a gateway as installers launch it (`GATEWAY_NODE_OPTIONS`; `nodeArgs` after them, e.g. the fan-out probe)
 * and completes initialize.
 */
export async function startScaleGateway(
  env: Record<string, string>,
  nodeArgs: string[] = [],
  extraEnv: Record<string, string> = {},
): Promise<ScaleGateway> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...GATEWAY_NODE_OPTIONS, ...nodeArgs, cliPath, 'mcp'],
    env: { ...(process.env as Record<string, string>), ...env, ...extraEnv },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'scale-bench', version: '1.0.0' });
  let waiters: Array<() => void> = [];
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    const current = waiters;
    waiters = [];
    for (const w of current) w();
  });
  const start = performance.now();
  await client.connect(transport);
  const initializedAt = performance.now();
  return {
    client,
    pid: transport.pid!,
    initializeMs: initializedAt - start,
    initializedAt,
    nextListChanged: (timeoutMs) =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      }),
    close: () => client.close(),
  };
}

/** How long a gateway took to give a complete tool list. */
export interface FirstList {
  /** initialize result → the first tools/list answer (complete or not). */
  firstAnswerMs: number;
  /** initialize result → the first answer holding tools of every answering upstream (re-listed on list_changed). */
  completeMs: number;
  /** False when the list was still incomplete after `timeoutMs`. */
  complete: boolean;
  tools: string[];
}

/**
 * Asks for tools/list right after initialize; while tools of an answering upstream are missing, waits for
 * `tools/list_changed` and asks again (as a client does), up to `timeoutMs`.
 */
export async function firstCompleteList(
  gateway: ScaleGateway,
  connections: ScaleConnection[],
  timeoutMs = 30_000,
): Promise<FirstList> {
  let firstAnswerMs: number | undefined;
  for (;;) {
    const changed = gateway.nextListChanged(timeoutMs);
    const tools = (await gateway.client.listTools()).tools.map((t) => t.name);
    const elapsed = performance.now() - gateway.initializedAt;
    firstAnswerMs ??= elapsed;
    if (isCompleteList(tools, connections)) return { firstAnswerMs, completeMs: elapsed, complete: true, tools };
    if (elapsed > timeoutMs || !(await changed)) return { firstAnswerMs, completeMs: elapsed, complete: false, tools };
  }
}

/** CPU time (user + system) a process has used, ms (Linux /proc; NaN elsewhere). */
export function cpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // After "pid (comm) ": state is field 3, utime 14, stime 15 → indices 11 and 12 here; clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}
