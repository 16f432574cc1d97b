import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { LONGEST_CALL_MS } from '../../upstream-mcp/upstream-fetch.js';
import { CallDeadline } from './call-deadline.js';
import { forwardedMeta, ProgressRelay } from './progress-relay.js';
import {
  CallToolResultSchema,
  type CallToolResult,
  RELATED_TASK_META_KEY,
  type Progress,
  type RequestMeta,
  type ServerNotification,
  type Task,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';

/** What the assistant's `tools/call` carried besides name and arguments, and how to talk back to it during the call. */
export interface CallContext {
  /** The request's `_meta`: progress token, trace ids and anything else the client sent along. */
  meta?: RequestMeta;
  /** Sends a notification to the assistant's client, tied to its `tools/call`. */
  sendNotification?: (notification: ServerNotification) => Promise<void>;
}

/** How one upstream tool call is made. */
export interface UpstreamCallOptions {
  context?: CallContext;
  signal: AbortSignal;
  /** Bound on the call without news from the upstream (see `CallDeadline`: progress restarts it, relayed requests pause it). */
  timeoutMs: number;
  /** Masks secrets (and personal data when the connection asks) in text relayed to the client, e.g. progress messages. */
  mask: (text: string) => string;
  /** Names the account in texts, e.g. `Remote MCP server 'Acme'`. */
  serviceName: string;
}

/** However often an upstream reports progress or waits for the person, a call ends after this long. */
export const MAX_CALL_MS = LONGEST_CALL_MS;

/** How long a result waits behind the progress notification relayed just before it (see `callUpstreamTool`). */
const PROGRESS_SPACING_MS = 25;

/** True when the upstream tool can only be run as a task (MCP tasks, `execution.taskSupport: 'required'`). */
export function requiresTask(tool: Pick<Tool, 'execution'> | undefined): boolean {
  return tool?.execution?.taskSupport === 'required';
}

/**
 * Calls an upstream tool on behalf of the assistant's client: its `_meta` forwarded (trace ids and the like), its
 * progress token honoured (the upstream's progress notifications relayed under the client's own token), its
 * cancellation passed on (the SDK sends `notifications/cancelled` when `signal` aborts). A tool that requires task
 * execution is run as a task upstream (created, polled, its result fetched, cancelled with `tasks/cancel` when the
 * client cancels) and answered to the client as a plain result, with task status messages relayed as progress.
 */
export async function callUpstreamTool(
  client: Client,
  tool: Pick<Tool, 'name' | 'execution'>,
  args: Record<string, unknown>,
  options: UpstreamCallOptions,
): Promise<CallToolResult> {
  const params = { name: tool.name, arguments: args, ...forwardedMeta(options.context?.meta) };
  // Progress relayed but not yet written: the result waits for them (the client drops progress after the result).
  const progress = new ProgressRelay(
    options.context?.meta?.progressToken,
    options.context?.sendNotification,
    options.mask,
  );
  const relay = progress.active ? (p: Progress) => progress.send(p) : undefined;
  // One abort signal for the SDK: the deadline's, which the caller's cancellation aborts too. (Not AbortSignal.any: on
  // Node 20 the combined signal of every call stayed reachable, RSS growing about 3.5 KB per call.)
  const deadline = new CallDeadline(client, options.timeoutMs);
  const onCaller = () => deadline.cancel(options.signal.reason);
  if (options.signal.aborted) onCaller();
  else options.signal.addEventListener('abort', onCaller, { once: true });
  const request: RequestOptions = {
    timeout: Math.max(MAX_CALL_MS, options.timeoutMs),
    signal: deadline.signal,
    ...(relay
      ? {
          onprogress: (progress: Progress) => {
            deadline.restart();
            relay(progress);
          },
        }
      : {}),
  };
  let result: CallToolResult;
  try {
    result = requiresTask(tool)
      ? await runAsTask(client, params, request, { ...options, relay, deadline })
      : ((await client.callTool(params, CallToolResultSchema, request)) as CallToolResult);
  } catch (error) {
    throw deadline.timedOut ? deadline.error() : error;
  } finally {
    deadline.dispose();
    options.signal.removeEventListener('abort', onCaller);
  }
  await progress.settled();
  // SDK clients reading stdio handle every message of one read at once, the response before the progress handler runs,
  // and then drop that progress: a result right behind the last progress is held back a moment so they arrive apart.
  const spacing = progress.lastSentAt + PROGRESS_SPACING_MS - performance.now();
  if (progress.lastSentAt > 0 && spacing > 0) await new Promise((resolve) => setTimeout(resolve, spacing));
  return result;
}

/** The result without its upstream task reference: to the assistant's client the call was a plain one. */
function withoutTaskMeta(result: CallToolResult): CallToolResult {
  if (!result._meta || !(RELATED_TASK_META_KEY in result._meta)) return result;
  const { [RELATED_TASK_META_KEY]: _task, ...meta } = result._meta;
  const { _meta: _all, ...rest } = result;
  return Object.keys(meta).length > 0 ? { ...rest, _meta: meta } : rest;
}

async function runAsTask(
  client: Client,
  params: { name: string; arguments: Record<string, unknown> },
  request: RequestOptions,
  options: UpstreamCallOptions & { relay: ((p: Progress) => void) | undefined; deadline: CallDeadline },
): Promise<CallToolResult> {
  let task: Task | undefined;
  let step = 0;
  try {
    for await (const message of client.experimental.tasks.callToolStream(params, CallToolResultSchema, {
      ...request,
      task: {},
    })) {
      if (message.type === 'taskCreated' || message.type === 'taskStatus') {
        const changed =
          !task || task.status !== message.task.status || task.statusMessage !== message.task.statusMessage;
        task = message.task;
        options.deadline.restart();
        if (changed && options.relay)
          options.relay({
            progress: ++step,
            ...(task.statusMessage ? { message: task.statusMessage } : { message: task.status }),
          });
        continue;
      }
      if (message.type === 'result') return withoutTaskMeta(message.result as CallToolResult);
      // Polling stopped: the task ended without a result, the client cancelled, or a request failed.
      if (!request.signal?.aborted && task && (task.status === 'failed' || task.status === 'cancelled')) {
        const why = task.statusMessage ? `: ${options.mask(task.statusMessage)}` : '.';
        return {
          isError: true,
          content: [
            {
              type: 'text',
              text: `${params.name} ran as a task on ${options.serviceName}, which reports it ${task.status}${why}`,
            },
          ],
        };
      }
      throw message.error;
    }
  } catch (error) {
    if (request.signal?.aborted && task)
      void client.experimental.tasks.cancelTask(task.taskId, { timeout: options.timeoutMs }).catch(() => undefined);
    throw error;
  }
  throw new Error(`the task for ${params.name} ended without a result`);
}
