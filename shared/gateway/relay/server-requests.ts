import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { relayStarted } from './call-deadline.js';
import { ignoreTaskAugmentationOf } from './task-augmentation.js';
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
  /** The connection behind it, named in relayed sampling requests' `_meta`. */
  connection?: { id: string; label: string };
  /** What the assistant's client advertised (known after initialize). */
  clientCapabilities: ClientCapabilities;
}

/** The `_meta` key of a relayed sampling request naming the connection that asks (see `labelSampling`). */
export const RELAYED_FROM_META_KEY = 'bridgekeeper/relayed-from';

/** At most this many characters of the account name go into a relayed sampling request's label. */
const MAX_ACCOUNT_CHARS = 160;

/** The first line of a relayed sampling request's system prompt, naming the account that asks (bounded, one line). */
export function samplingLabel(account: string): string {
  // eslint-disable-next-line no-control-regex
  const oneLine = account.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  const bounded = oneLine.length > MAX_ACCOUNT_CHARS ? `${oneLine.slice(0, MAX_ACCOUNT_CHARS - 1)}…` : oneLine;
  return `[Relayed by Bridgekeeper: this sampling request comes from ${bounded}.]`;
}

/**
 * A sampling request as the assistant's client gets it, labelled with the account that asks: every upstream shares
 * the one "bridgekeeper" server name in the client, so without a label the person approving it could not tell which
 * connected server wants the model. The label is the first line of the system prompt (what clients show when they ask
 * the person to approve a request; an upstream cannot put it above its own text) and, for clients that read it, an
 * entry in `_meta` (`bridgekeeper/relayed-from`). Messages, tools and every other parameter pass unchanged.
 */
function labelSampling<P extends { systemPrompt?: string | undefined }>(params: P, account: string): P {
  const label = samplingLabel(account);
  return { ...params, systemPrompt: params.systemPrompt ? `${label}\n\n${params.systemPrompt}` : label };
}

/** `_meta` without the upstream's progress token: the assistant's client would report progress to the gateway, not to the upstream. */
function relayedMeta(meta: RequestMeta | undefined): { _meta?: Record<string, unknown> } {
  if (!meta) return {};
  const { progressToken: _ignored, ...rest } = meta;
  return Object.keys(rest).length > 0 ? { _meta: rest } : {};
}

/**
 * Registers, on a new upstream `client` (before it connects), the relays of server-to-client requests to the
 * assistant's client: `sampling/createMessage` (labelled with the account that asks, see `labelSampling`),
 * `elicitation/create` (its message prefixed with the account that asks) and `roots/list`, each answered with the
 * client's own answer (or error), cancelled when the upstream cancels. A request whose capability the assistant's
 * client lacks is refused with a JSON-RPC error saying so, as is a `tasks/*` request (no client tasks are declared
 * upstream, and task-augmented requests are answered plainly); url-elicitation completion notices are passed on too.
 */
export function relayServerRequests(client: Client, context: RelayContext): void {
  const { server, account, clientCapabilities: caps } = context;
  // The gateway declares no client-side tasks upstream: a task-augmented request is answered plainly (MCP tasks).
  ignoreTaskAugmentationOf(client);
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
      const { task: _task, _meta, ...params } = request.params;
      const schema = params.tools || params.toolChoice ? CreateMessageResultWithToolsSchema : CreateMessageResultSchema;
      const from = { account, ...(context.connection ? { connection: context.connection } : {}) };
      const meta = { ...relayedMeta(_meta)._meta, [RELAYED_FROM_META_KEY]: from };
      return relay(() =>
        server.request(
          { method: 'sampling/createMessage', params: { ...labelSampling(params, account), _meta: meta } },
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
    if (request.method.startsWith('tasks/'))
      throw new McpError(
        ErrorCode.MethodNotFound,
        `${request.method} is not available: Bridgekeeper declared no MCP tasks to ${account} (requests it relays are answered with their result), so it holds no task to look up.`,
      );
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
