import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import { requireScope, type SimCaller, type SimReply } from './sessionboard-auth.js';
import type { SessionboardWorld } from './sessionboard-data.js';
import { routeRest } from './sessionboard-rest.js';
import { sendJson } from './sim-server.js';
import { serveStatelessMcp } from './stateless-mcp-endpoint.js';

type ToolResult = { content: Array<{ type: 'text'; text: string }>; isError?: boolean };

function asResult(reply: SimReply): ToolResult {
  if (reply.status >= 400) return { content: [{ type: 'text', text: JSON.stringify(reply.body) }], isError: true };
  return { content: [{ type: 'text', text: JSON.stringify(reply.body) }] };
}

/**
 * A handful of Sessionboard's MCP tools, answered from the same world and rules as the REST API. Write tools
 * check their write scope and answer `isError` naming it (the 403 prerequisites are checked before, per request).
 */
function buildServer(world: SessionboardWorld, caller: SimCaller): McpServer {
  const server = new McpServer({ name: 'sessionboard-mcp-simulator', version: '1.0.0' });
  const rest = (method: string, path: string, body?: unknown, query = '') =>
    routeRest(world, caller, method, path, new URLSearchParams(query), body);
  const read = { readOnlyHint: true, destructiveHint: false } as const;
  server.registerTool('list_events', { description: 'List events in the organization.', annotations: read }, async () =>
    asResult(rest('GET', '/v1/events')),
  );
  server.registerTool(
    'search_sessions',
    {
      description: 'Search the sessions of an event.',
      inputSchema: { eventId: z.string(), status: z.string().optional(), query: z.string().optional() },
      annotations: read,
    },
    async ({ eventId, status, query }) =>
      asResult(
        rest(
          'GET',
          `/v1/events/${encodeURIComponent(eventId)}/sessions`,
          undefined,
          new URLSearchParams({ ...(status ? { status } : {}), ...(query ? { search: query } : {}) }).toString(),
        ),
      ),
  );
  server.registerTool(
    'get_session',
    { description: 'Get one session.', inputSchema: { sessionId: z.string() }, annotations: read },
    async ({ sessionId }) => asResult(rest('GET', `/v1/sessions/${encodeURIComponent(sessionId)}`)),
  );
  server.registerTool(
    'list_speakers',
    {
      description: 'List speakers and contacts of an event (masked when Hide PII is on).',
      inputSchema: { eventId: z.string() },
      annotations: read,
    },
    async ({ eventId }) => asResult(rest('GET', `/v1/events/${encodeURIComponent(eventId)}/contacts`)),
  );
  server.registerTool(
    'run_sbql',
    { description: 'Run an SbQL query.', inputSchema: { query: z.string() }, annotations: read },
    async ({ query }) => asResult(rest('POST', '/v1/insights/sbql', { query })),
  );
  server.registerTool(
    'manage_sessions',
    {
      description: 'Create, update, delete or restore a session. Needs write:sessions.',
      inputSchema: {
        action: z.enum(['create', 'update', 'delete', 'restore']),
        eventId: z.string().optional(),
        id: z.string().optional(),
        data: z.record(z.string(), z.unknown()).optional(),
      },
      annotations: { readOnlyHint: false, destructiveHint: true },
    },
    async ({ action, eventId, id, data }) => {
      const denied = requireScope(caller, 'write:sessions');
      if (denied) return asResult(denied);
      if (action === 'create')
        return asResult(rest('POST', `/v1/events/${encodeURIComponent(eventId ?? '')}/sessions`, data));
      const path = `/v1/sessions/${encodeURIComponent(id ?? '')}`;
      return asResult(
        action === 'update'
          ? rest('PATCH', path, data)
          : action === 'delete'
            ? rest('DELETE', path)
            : rest('POST', `${path}/restore`),
      );
    },
  );
  server.registerTool(
    'manage_metadata',
    {
      description: 'Create a room, track, tag, format, level, language or status. Needs write:metadata.',
      inputSchema: {
        action: z.enum(['create']),
        kind: z.enum(['rooms', 'tracks', 'tags', 'formats', 'levels', 'languages', 'statuses']),
        eventId: z.string(),
        data: z.record(z.string(), z.unknown()),
      },
      annotations: { readOnlyHint: false, destructiveHint: false },
    },
    async ({ kind, eventId, data }) =>
      asResult(rest('POST', `/v1/events/${encodeURIComponent(eventId)}/metadata/${kind}`, data)),
  );
  return server;
}

/** Serves one MCP request statelessly: a fresh server and transport per request, closed when the response ends. */
export async function serveMcp(
  world: SessionboardWorld,
  caller: SimCaller,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: unknown,
): Promise<void> {
  await serveStatelessMcp(buildServer(world, caller), req, res, body);
}

/**
 * Stateful MCP sessions, as a Sessionboard MCP server that opens sessions would keep them: `initialize` opens one
 * (answered with an `mcp-session-id`), later requests name it, `DELETE` ends it. Records which sessions were opened
 * and which were ended by a `DELETE`, so tests can see a client close what it opened.
 */
export class SessionboardMcpSessions {
  /** Session ids handed out, in order. */
  readonly opened: string[] = [];
  /** Session ids a client ended with `DELETE`, in order. */
  readonly deleted: string[] = [];
  readonly #live = new Map<string, { server: McpServer; transport: StreamableHTTPServerTransport }>();

  /** Serves one MCP request on the session it names, or opens one for an `initialize`. */
  async serve(
    world: SessionboardWorld,
    caller: SimCaller,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: unknown,
  ): Promise<void> {
    const named = req.headers['mcp-session-id'];
    const live = typeof named === 'string' ? this.#live.get(named) : undefined;
    if (live) return live.transport.handleRequest(req, res, body);
    if (typeof named === 'string') {
      return sendJson(res, 404, { jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Session not found' } });
    }
    const server = buildServer(world, caller);
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: true,
      onsessioninitialized: (id) => {
        this.#live.set(id, { server, transport });
        this.opened.push(id);
      },
      onsessionclosed: (id) => {
        this.#live.delete(id);
        this.deleted.push(id);
      },
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  /** Ends every live session (the simulator is stopping). */
  async closeAll(): Promise<void> {
    const live = [...this.#live.values()];
    this.#live.clear();
    await Promise.all(live.map(({ server }) => server.close().catch(() => undefined)));
  }
}
