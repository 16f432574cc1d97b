import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import { readJsonBody, sendJson, startServer } from './sim-server.js';
import { serveStatelessMcp } from './stateless-mcp-endpoint.js';

/** Tokens the generic MCP simulator accepts, and their scopes. */
export const GENERIC_MCP_TOKENS = {
  full: 'gmcp_full_4f9a1c2e7b3d5a6c',
  readOnly: 'gmcp_read_8e2b7d1f3a9c4e5b',
} as const;
const SCOPES: Record<string, string[]> = {
  [GENERIC_MCP_TOKENS.full]: ['items:read', 'items:write'],
  [GENERIC_MCP_TOKENS.readOnly]: ['items:read'],
};
const WRITE_TOOLS = new Set(['update_item', 'delete_item']);

/** A running generic remote MCP server (Streamable HTTP, stateless) with failure knobs. Test infrastructure only. */
export interface GenericMcpSimulator {
  /** Loopback origin, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The public-looking endpoint connections use (`https://<host>/mcp`, mapped to the simulator by `hostOverrides`). */
  endpoint: string;
  hostOverrides: Record<string, string>;
  tokens: typeof GENERIC_MCP_TOKENS;
  /** Requests seen: which header carried a credential, per request, and the MCP session it named (stateful mode). */
  requests: Array<{ method: string; credential: string | undefined; rpc?: string; tool?: string; session?: string }>;
  /** Delay every response by `ms`. */
  setLatency(ms: number): void;
  /** Answer the next `n` requests with 429 and `Retry-After: <seconds>`. */
  force429(n: number, retryAfterSeconds?: number): void;
  /** `tools/list` requests wait (unanswered, the session otherwise working) until the returned function is called. */
  holdToolsList(): () => void;
  /** Answer everything with 503 (true) or normally (false). */
  setDown(down: boolean): void;
  /** The token stops working (401). */
  revoke(token: string): void;
  /** Adds a read-only tool to every server; live (stateful) sessions are told with `notifications/tools/list_changed`. */
  addTool(name: string): void;
  /** Stateful mode: forget every session, as a restarted server would (requests carrying one then get 404). */
  forgetSessions(): Promise<void>;
  close(): Promise<void>;
}

function registerExtraTool(server: McpServer, tool: string): void {
  server.registerTool(
    tool,
    { title: tool, description: 'Added while running.', inputSchema: {}, annotations: { readOnlyHint: true } },
    async () => ({ content: [{ type: 'text', text: `${tool} ran` }] }),
  );
}

function buildServer(name: string, extraTools: string[]): McpServer {
  const server = new McpServer({ name, version: '1.4.2' }, { capabilities: { tools: { listChanged: true } } });
  for (const tool of extraTools) registerExtraTool(server, tool);
  server.registerTool(
    'search_items',
    {
      title: 'Search items',
      description: 'Finds items by text.',
      inputSchema: { query: z.string().optional() },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ query }) => ({
      content: [
        { type: 'text', text: JSON.stringify({ items: [{ id: 'it_1', name: `Item matching ${query ?? '*'}` }] }) },
      ],
    }),
  );
  server.registerTool(
    'get_contact',
    {
      title: 'Get contact',
      description: 'A contact with personal data.',
      inputSchema: { id: z.string() },
      annotations: { readOnlyHint: true },
    },
    async ({ id }) => ({
      content: [{ type: 'text', text: `Contact ${id}: Jane Doe, jane.doe@acme-events.com, phone +1 415-555-4567` }],
    }),
  );
  server.registerTool(
    'contact_card',
    {
      title: 'Contact card',
      description: 'A contact as an embedded text resource.',
      inputSchema: { id: z.string() },
      annotations: { readOnlyHint: true },
    },
    async ({ id }) => ({
      content: [
        {
          type: 'resource',
          resource: {
            uri: `contact://${id}`,
            mimeType: 'text/vcard',
            text: `BEGIN:VCARD\nFN:Jane Doe\nEMAIL:jane.doe@acme-events.com\nTEL:+1 415-555-4567\nEND:VCARD`,
          },
        },
      ],
    }),
  );
  server.registerTool(
    'update_item',
    {
      title: 'Update item',
      description: 'Renames an item.',
      inputSchema: { id: z.string(), name: z.string() },
      annotations: { readOnlyHint: false, destructiveHint: false },
    },
    async ({ id, name }) => ({
      content: [{ type: 'text', text: `Item ${id} renamed to ${name}.` }],
    }),
  );
  server.registerTool(
    'delete_item',
    {
      title: 'Delete item',
      description: 'Deletes an item for good.',
      inputSchema: { id: z.string() },
      annotations: { readOnlyHint: false, destructiveHint: true },
    },
    async ({ id }) => ({
      content: [{ type: 'text', text: `Item ${id} deleted.` }],
    }),
  );
  server.registerTool(
    'big_report',
    { title: 'Big report', description: 'A very large result.', inputSchema: {}, annotations: { readOnlyHint: true } },
    async () => ({
      content: [{ type: 'text', text: 'row,value\n'.padEnd(300_000, 'x') }],
    }),
  );
  server.registerTool(
    'export.csv',
    {
      title: 'Export CSV',
      description: 'A tool whose name has a dot.',
      inputSchema: {},
      annotations: { readOnlyHint: true },
    },
    async () => ({ content: [{ type: 'text', text: 'a,b\n1,2' }] }),
  );
  return server;
}

/**
 * Starts a plain remote MCP server on 127.0.0.1 that checks a bearer token (or `headerName`), enforces
 * `items:write` for write tools with a 403 `insufficient_scope` challenge, and can be made slow, rate-limited,
 * down or revoked.
 */
export async function startGenericMcpSimulator(
  options: { host?: string; headerName?: string; name?: string; stateful?: boolean; tls?: boolean } = {},
): Promise<GenericMcpSimulator> {
  const host = options.host ?? 'mcp.generic-tools.example';
  const headerName = (options.headerName ?? 'authorization').toLowerCase();
  const state = { latencyMs: 0, pending429: 0, retryAfter: 1, down: false, revoked: new Set<string>() };
  const requests: GenericMcpSimulator['requests'] = [];
  const extraTools: string[] = [];
  let toolsListGate: Promise<void> | undefined;
  // Stateful mode: one server + transport per MCP session (so the server can notify the client).
  const sessions = new Map<string, { server: McpServer; transport: StreamableHTTPServerTransport }>();
  const handler: http.RequestListener = async (req, res) => {
    const body = req.method === 'POST' ? await readJsonBody(req) : null;
    const raw = req.headers[headerName];
    const header = Array.isArray(raw) ? raw[0] : raw;
    const token = headerName === 'authorization' ? header?.replace(/^Bearer\s+/i, '') : header;
    const rpc =
      body && typeof body === 'object' && 'method' in body ? String((body as { method: unknown }).method) : undefined;
    const session = req.headers['mcp-session-id'];
    const tool = rpc === 'tools/call' ? (body as { params?: { name?: unknown } }).params?.name : undefined;
    requests.push({
      method: req.method ?? 'GET',
      credential: token,
      ...(rpc ? { rpc } : {}),
      ...(typeof tool === 'string' ? { tool } : {}),
      ...(typeof session === 'string' ? { session } : {}),
    });
    if (state.latencyMs > 0) await new Promise((r) => setTimeout(r, state.latencyMs));
    if (rpc === 'tools/list' && toolsListGate) await toolsListGate;
    if (state.down) return sendJson(res, 503, { error: 'service unavailable' });
    if (state.pending429 > 0) {
      state.pending429--;
      return sendJson(res, 429, { error: 'rate limited' }, { 'retry-after': String(state.retryAfter) });
    }
    if (!token || !SCOPES[token] || state.revoked.has(token)) {
      return sendJson(
        res,
        401,
        { error: 'invalid or revoked token' },
        { 'www-authenticate': `Bearer resource_metadata="http://${host}/.well-known/oauth-protected-resource"` },
      );
    }
    if (options.stateful) {
      const sessionId = req.headers['mcp-session-id'];
      const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
      if (existing) return existing.transport.handleRequest(req, res, body);
      if (req.method !== 'POST' || rpc !== 'initialize') return sendJson(res, 404, { error: 'unknown session' });
      const server = buildServer(options.name ?? 'Generic Tools MCP', extraTools);
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => void sessions.set(id, { server, transport }),
      });
      await server.connect(transport);
      return transport.handleRequest(req, res, body);
    }
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' }, { allow: 'POST' });
    const params = (body as { params?: { name?: string } } | null)?.params;
    if (
      rpc === 'tools/call' &&
      params?.name &&
      WRITE_TOOLS.has(params.name) &&
      !SCOPES[token]!.includes('items:write')
    ) {
      return sendJson(
        res,
        403,
        { error: 'insufficient_scope' },
        { 'www-authenticate': 'Bearer error="insufficient_scope", scope="items:write"' },
      );
    }
    await serveStatelessMcp(buildServer(options.name ?? 'Generic Tools MCP', extraTools), req, res, body);
  };
  const running = await startServer(handler, 0, { tls: options.tls ?? false });
  return {
    url: running.url,
    endpoint: `https://${host}/mcp`,
    hostOverrides: { [host]: running.url },
    tokens: GENERIC_MCP_TOKENS,
    requests,
    setLatency: (ms) => (state.latencyMs = ms),
    force429: (n, seconds = 1) => {
      state.pending429 = n;
      state.retryAfter = seconds;
    },
    holdToolsList: () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      toolsListGate = gate;
      return () => {
        if (toolsListGate === gate) toolsListGate = undefined;
        release();
      };
    },
    setDown: (down) => (state.down = down),
    revoke: (token) => state.revoked.add(token),
    addTool: (tool) => {
      extraTools.push(tool);
      for (const { server } of sessions.values()) registerExtraTool(server, tool);
    },
    forgetSessions: async () => {
      const live = [...sessions.values()];
      sessions.clear();
      await Promise.all(live.map(({ server }) => server.close().catch(() => undefined)));
    },
    close: async () => {
      await Promise.all([...sessions.values()].map(({ server }) => server.close().catch(() => undefined)));
      await running.close();
    },
  };
}
