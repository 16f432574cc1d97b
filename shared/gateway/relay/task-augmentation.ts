import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * MCP tasks (2025-11-25): "Receivers that do not declare the task capability for a request type MUST process requests
 * of that type normally, ignoring any task-augmentation metadata if present." The gateway declares no tasks, neither
 * to the assistant (as a server) nor to the upstreams (as their client), but the SDK refuses a task-augmented request
 * to an endpoint without the capability ("does not support task creation", -32603) and, past that, would expect a
 * `CreateTaskResult` from the handler. This removes `params.task` from every incoming request first, so such a request
 * is answered with its plain result, as the specification asks.
 *
 * Call it on `transport` before an SDK `Server` or `Client` connects to it: the SDK calls an `onmessage` set before
 * `connect` first, with the same message, before its own dispatch.
 */
export function ignoreTaskAugmentation(transport: Transport): void {
  const previous = transport.onmessage;
  transport.onmessage = (message, extra) => {
    stripTask(message);
    previous?.(message, extra);
  };
}

/**
 * Makes every transport `endpoint` (an SDK `Client` or `Server` not yet connected) connects to ignore task
 * augmentation (see `ignoreTaskAugmentation`).
 */
export function ignoreTaskAugmentationOf(endpoint: {
  connect(transport: Transport, ...rest: never[]): Promise<void>;
}): void {
  const connect = endpoint.connect.bind(endpoint) as (transport: Transport, ...rest: unknown[]) => Promise<void>;
  endpoint.connect = ((transport: Transport, ...rest: unknown[]) => {
    ignoreTaskAugmentation(transport);
    return connect(transport, ...rest);
  }) as typeof endpoint.connect;
}

function stripTask(message: JSONRPCMessage): void {
  if (!('method' in message) || !('id' in message)) return;
  const params = message.params as Record<string, unknown> | undefined;
  if (params && typeof params === 'object' && 'task' in params) delete params.task;
}
