import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { createWakeups, gatewayTransport } from '../helpers/wakeups.js';

/** Notifications one client received, with a way to wait for the next matching one. */
export interface Received {
  all: Array<{ method: string; params: Record<string, unknown> }>;
  /** Resolves with the first notification (already received after `from`, or arriving) that matches. */
  waitFor(
    method: string,
    match?: (params: Record<string, unknown>) => boolean,
    options?: { from?: number; timeoutMs?: number },
  ): Promise<Record<string, unknown>>;
}

/** An SDK client with full capabilities (roots, sampling, elicitation), recording the notifications it gets. */
export async function fullClient(transport: Transport, name: string): Promise<{ client: Client; received: Received }> {
  const client = new Client(
    { name, version: '1.0.0' },
    { capabilities: { roots: { listChanged: true }, sampling: {}, elicitation: { form: {} } } },
  );
  const all: Received['all'] = [];
  const wakeups = createWakeups();
  const record = (method: string) => (n: { params?: unknown }) => {
    all.push({ method, params: (n.params ?? {}) as Record<string, unknown> });
    wakeups.wake();
  };
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, record('notifications/resources/updated'));
  client.setNotificationHandler(ResourceListChangedNotificationSchema, record('notifications/resources/list_changed'));
  client.setNotificationHandler(PromptListChangedNotificationSchema, record('notifications/prompts/list_changed'));
  client.setNotificationHandler(LoggingMessageNotificationSchema, record('notifications/message'));
  client.setNotificationHandler(ToolListChangedNotificationSchema, record('notifications/tools/list_changed'));
  client.setRequestHandler(ListRootsRequestSchema, () => ({
    roots: [{ uri: 'file:///tmp/project', name: 'project' }],
  }));
  client.setRequestHandler(CreateMessageRequestSchema, () => ({
    role: 'assistant',
    content: { type: 'text', text: 'sampled' },
    model: 'test-model',
  }));
  client.setRequestHandler(ElicitRequestSchema, () => ({ action: 'accept', content: {} }));
  await client.connect(transport);
  const received: Received = {
    all,
    waitFor: (method, match = () => true, { from = 0, timeoutMs = 20_000 } = {}) =>
      wakeups.until(
        () => all.slice(from).find((n) => n.method === method && match(n.params))?.params,
        timeoutMs,
        () => `no ${method} within ${timeoutMs} ms (got ${JSON.stringify(all.slice(from))})`,
      ),
  };
  return { client, received };
}

/** A full-capability client talking straight to the server. */
export function directClient(endpoint: string): Promise<{ client: Client; received: Received }> {
  return fullClient(new StreamableHTTPClientTransport(new URL(endpoint)), 'direct-client');
}

/** A full-capability client talking to `bridgekeeper mcp` over real stdio. */
export async function gatewayClient(
  env: Record<string, string>,
): Promise<{ client: Client; received: Received; stderr(): string }> {
  const { transport, stderr } = gatewayTransport(env);
  return { ...(await fullClient(transport, 'gateway-client')), stderr };
}
