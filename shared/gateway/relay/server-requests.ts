import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { relayStarted } from './call-deadline.js';
import {
  type ClientCapabilities,
  CreateMessageRequestSchema,
  CreateMessageResultSchema,
  CreateMessageResultWithToolsSchema,
  ElicitationCompleteNotificationSchema,
  ElicitRequestSchema,
  ElicitResultSchema,
  ErrorCode,
  ListRootsRequestSchema,
  ListRootsResultSchema,
  McpError,
  type RequestMeta,
} from '@modelcontextprotocol/sdk/types.js';

/** How long a relayed request may wait for the assistant's client: a person may be answering it. */
export const RELAYED_REQUEST_TIMEOUT_MS = 10 * 60_000;

/** The requests an upstream server may send its client, and the client capability each one needs. */
const RELAYED = {
  'sampling/createMessage': 'sampling',
  'elicitation/create': 'elicitation',
  'roots/list': 'roots',
} as const;

/** Who is relaying for whom, for the texts the person and the upstream see. */
export interface RelayContext {
  /** The gateway's server, connected to the assistant's client. */
  server: Server;
  /** The account the upstream session belongs to, e.g. `Remote MCP server 'Acme Tools'`. */
  account: string;
  /** What the assistant's client advertised (known after initialize). */
  clientCapabilities: ClientCapabilities;
}

/** `_meta` without the upstream's progress token: the assistant's client would report progress to the gateway, not to the upstream. */
function relayedMeta(meta: RequestMeta | undefined): { _meta?: Record<string, unknown> } {
  if (!meta) return {};
  const { progressToken: _ignored, ...rest } = meta;
  return Object.keys(rest).length > 0 ? { _meta: rest } : {};
}

/**
 * Registers, on a new upstream `client` (before it connects), the relays of server-to-client requests to the
 * assistant's client: `sampling/createMessage`, `elicitation/create` (its message prefixed with the account that asks)
 * and `roots/list`, each answered with the client's own answer (or error), cancelled when the upstream cancels. A
 * request whose capability the assistant's client lacks is refused with a JSON-RPC error saying so; url-elicitation
 * completion notices are passed on too.
 */
export function relayServerRequests(client: Client, context: RelayContext): void {
  const { server, account, clientCapabilities: caps } = context;
  const options = (signal: AbortSignal) => ({ signal, timeout: RELAYED_REQUEST_TIMEOUT_MS });
  // While the assistant answers, calls waiting on this upstream do not time out (see CallDeadline).
  const relay = async <T>(send: () => Promise<T>): Promise<T> => {
    const done = relayStarted(client);
    try {
      return await send();
    } finally {
      done();
    }
  };
  if (caps.sampling) {
    client.setRequestHandler(CreateMessageRequestSchema, async (request, extra) => {
      // Task-augmented sampling is not relayed (the gateway advertises no client tasks upstream): run it plainly.
      const { task: _task, _meta, ...params } = request.params;
      const schema = params.tools || params.toolChoice ? CreateMessageResultWithToolsSchema : CreateMessageResultSchema;
      return relay(() =>
        server.request(
          { method: 'sampling/createMessage', params: { ...params, ...relayedMeta(_meta) } },
          schema,
          options(extra.signal),
        ),
      );
    });
  }
  if (caps.elicitation) {
    client.setRequestHandler(ElicitRequestSchema, async (request, extra) => {
      const { task: _task, _meta, ...params } = request.params;
      // The person sees which account asks: every upstream shares the one "bridgekeeper" server name in their client.
      const labelled = { ...params, message: `${account} asks: ${params.message}` };
      return relay(() =>
        server.request(
          { method: 'elicitation/create', params: { ...labelled, ...relayedMeta(_meta) } },
          ElicitResultSchema,
          options(extra.signal),
        ),
      );
    });
    if (caps.elicitation.url) {
      client.setNotificationHandler(ElicitationCompleteNotificationSchema, (notification) =>
        server.notification(notification).catch(() => undefined),
      );
    }
  }
  if (caps.roots) {
    client.setRequestHandler(ListRootsRequestSchema, async (request, extra) => {
      const params = relayedMeta(request.params?._meta);
      return relay(() =>
        server.request(
          { method: 'roots/list', ...(params._meta ? { params } : {}) },
          ListRootsResultSchema,
          options(extra.signal),
        ),
      );
    });
  }
  const assistant = () => server.getClientVersion()?.name ?? 'the assistant';
  client.fallbackRequestHandler = async (request) => {
    const capability = (RELAYED as Record<string, string | undefined>)[request.method];
    if (capability) {
      throw new McpError(
        ErrorCode.MethodNotFound,
        `${request.method} is not available: ${assistant()} (the MCP client using Bridgekeeper) does not support ${capability}, so Bridgekeeper cannot relay this request from ${account}.`,
      );
    }
    throw new McpError(ErrorCode.MethodNotFound, `Method not found: ${request.method}`);
  };
}
