import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  LATEST_PROTOCOL_VERSION,
  LoggingMessageNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UpstreamError } from '../../shared/errors.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { relayedFailure } from '../../shared/upstream-mcp/relayed-failures.js';
import {
  createUpstreamTransport,
  toUpstreamError,
  type UpstreamTarget,
} from '../../shared/upstream-mcp/upstream-client.js';
import { readJsonBody, type RunningServer, sendJson, startServer } from '../simulators/sim-server.js';

// The gateway's upstream transport (the SDK's StreamableHTTPClientTransport on the upstream fetch, as
// createUpstreamTransport builds it) driven by the SDK's own Client, against real local HTTP servers: a real SDK server
// for the happy paths, hand-written node:http servers for the edges.

const TOKEN = 'Bearer tok-upstream-5e1f9a';
const SERVICE = 'Test MCP';

/** One request as a server saw it. */
interface Seen {
  method: string;
  rpc?: string;
  id?: string | number;
  headers: http.IncomingHttpHeaders;
}

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch(() => undefined);
});

function transportFor(url: string, options: Partial<UpstreamTarget> = {}): StreamableHTTPClientTransport {
  const transport = createUpstreamTransport({
    endpoint: `${url}/mcp`,
    credentials: { authorization: TOKEN },
    timeoutMs: 2_000,
    serviceName: SERVICE,
    reconnect: { initialDelayMs: 20, maxDelayMs: 50, maxFailures: 3 },
    ...options,
  });
  cleanups.push(() => transport.close());
  return transport;
}

function newClient(): Client {
  const client = new Client({ name: 'upstream-transport-test', version: '1.0.0' });
  cleanups.push(() => client.close());
  return client;
}

async function serve(handler: http.RequestListener): Promise<RunningServer> {
  const server = await startServer(handler);
  cleanups.push(() => server.close());
  return server;
}

/** Resolves once `check` is true (polling), or fails after `ms`. */
async function until(check: () => boolean, ms = 2_000, what = 'condition'): Promise<void> {
  const ends = Date.now() + ms;
  while (!check()) {
    if (Date.now() > ends) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * The error a promise rejects with (fails the test when it resolves): an `UpstreamError`, either thrown by the fetch
 * (the SDK passes it through) or relayed on an answer stream as a JSON-RPC error response (see relayed-failures.ts).
 */
async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  const error = outcome instanceof UpstreamError ? outcome : relayedFailure(outcome);
  expect(error).toBeInstanceOf(UpstreamError);
  if (!error) throw new Error('unreachable');
  expect(error.message).toContain(SERVICE);
  return error;
}

function sse(res: http.ServerResponse, events: Array<{ id?: string; data: unknown }>, end = true): void {
  if (!res.headersSent) res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const event of events)
    res.write(`${event.id ? `id: ${event.id}\n` : ''}data: ${JSON.stringify(event.data)}\n\n`);
  if (end) res.end();
}

/** A JSON-RPC message as a hand-written server reads it. */
interface RpcMessage {
  method?: string;
  id?: string | number;
  params?: { protocolVersion?: string; arguments?: { text?: string }; _meta?: { progressToken?: string | number } };
}

const TOOL = {
  name: 'echo',
  description: 'Echoes.',
  inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
};
const result = (id: string | number | undefined, value: unknown) => ({ jsonrpc: '2.0', id, result: value });
const callResult = (text: string) => ({ content: [{ type: 'text', text }] });

/**
 * A hand-written MCP endpoint answering in JSON: initialize (with a session id), notifications (202), tools/list,
 * tools/call; GET is 405. `post` / `get` may take over a request (return true when they did).
 */
async function startHandServer(
  hooks: {
    post?: (message: RpcMessage, req: http.IncomingMessage, res: http.ServerResponse) => boolean;
    get?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
  } = {},
) {
  const seen: Seen[] = [];
  const open = new Set<http.ServerResponse>();
  const running = await serve(async (req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    const body = (req.method === 'POST' ? await readJsonBody(req) : null) as RpcMessage | null;
    seen.push({
      method: req.method ?? '',
      ...(body?.method ? { rpc: body.method } : {}),
      ...(body?.id !== undefined ? { id: body.id } : {}),
      headers: req.headers,
    });
    if (req.method === 'GET') {
      if (hooks.get?.(req, res)) return;
      return sendJson(res, 405, { error: 'method not allowed' }, { allow: 'POST' });
    }
    if (!body) return sendJson(res, 400, { error: 'no body' });
    if (hooks.post?.(body, req, res)) return;
    if (body.id === undefined) {
      res.writeHead(202).end();
      return;
    }
    if (body.method === 'initialize') {
      return sendJson(
        res,
        200,
        result(body.id, {
          protocolVersion: body.params?.protocolVersion ?? LATEST_PROTOCOL_VERSION,
          capabilities: { tools: {} },
          serverInfo: { name: 'hand', version: '1.0.0' },
        }),
        { 'mcp-session-id': 'hand-session-1' },
      );
    }
    if (body.method === 'tools/list') return sendJson(res, 200, result(body.id, { tools: [TOOL] }));
    if (body.method === 'tools/call')
      return sendJson(res, 200, result(body.id, callResult(`echo: ${body.params?.arguments?.text ?? ''}`)));
    return sendJson(res, 200, { jsonrpc: '2.0', id: body.id, error: { code: -32601, message: 'Method not found' } });
  });
  cleanups.push(() => {
    for (const res of open) res.destroy();
  });
  return { ...running, seen, calls: () => seen.filter((s) => s.rpc === 'tools/call') };
}

/** Calls `echo` on a server answering tools/call with `post`; returns the failure, which must come well before the 2 s timeout. */
async function quickCallFailure(
  post: (message: RpcMessage, req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<UpstreamError> {
  const sim = await startHandServer({
    post: (m, req, res) => {
      if (m.method !== 'tools/call') return false;
      post(m, req, res);
      return true;
    },
  });
  const { client } = await connected(sim.url, { timeoutMs: 2_000 });
  const started = Date.now();
  const error = await failure(client.callTool({ name: 'echo', arguments: {} }));
  expect(Date.now() - started).toBeLessThan(1_000);
  return error;
}

async function connected(url: string, options: Partial<UpstreamTarget> = {}) {
  const transport = transportFor(url, options);
  const errors: Error[] = [];
  transport.onerror = (error) => void errors.push(error);
  const client = newClient();
  await client.connect(transport);
  return { client, transport, errors };
}

describe('upstream transport against a real SDK server (stateful, SSE responses)', () => {
  async function startSdkServer() {
    const seen: Seen[] = [];
    const gets: http.ServerResponse[] = [];
    const sessions = new Map<string, { server: McpServer; transport: StreamableHTTPServerTransport }>();
    const servers: McpServer[] = [];
    const running = await serve(async (req, res) => {
      const body = req.method === 'POST' ? await readJsonBody(req) : undefined;
      const message = body as { method?: string; id?: string | number } | undefined;
      seen.push({
        method: req.method ?? '',
        ...(message?.method ? { rpc: message.method } : {}),
        headers: req.headers,
      });
      if (req.headers.authorization !== TOKEN) return sendJson(res, 401, { error: 'bad token' });
      if (req.method === 'GET') gets.push(res);
      const sessionId = req.headers['mcp-session-id'];
      const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
      if (existing) return existing.transport.handleRequest(req, res, body);
      if (message?.method !== 'initialize') return sendJson(res, 404, { error: 'unknown session' });
      const server = new McpServer(
        { name: 'sdk-sim', version: '2.0.0' },
        { capabilities: { tools: { listChanged: true }, logging: {} } },
      );
      servers.push(server);
      server.registerTool('echo', { description: 'Echoes.', inputSchema: { text: z.string() } }, async ({ text }) => ({
        content: [{ type: 'text', text: `echo: ${text}` }],
      }));
      server.registerTool(
        'slow_job',
        { description: 'Reports progress and logs before answering.', inputSchema: {} },
        async (_args, extra) => {
          const progressToken = extra._meta?.progressToken;
          if (progressToken !== undefined)
            await extra.sendNotification({
              method: 'notifications/progress',
              params: { progressToken, progress: 1, total: 2 },
            });
          await extra.sendNotification({
            method: 'notifications/message',
            params: { level: 'info', data: 'halfway there' },
          });
          if (progressToken !== undefined)
            await extra.sendNotification({
              method: 'notifications/progress',
              params: { progressToken, progress: 2, total: 2 },
            });
          return { content: [{ type: 'text', text: 'job done' }] };
        },
      );
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => void sessions.set(id, { server, transport }),
      });
      await server.connect(transport);
      return transport.handleRequest(req, res, body);
    });
    cleanups.push(() => Promise.all(servers.map((s) => s.close().catch(() => undefined))));
    return { ...running, seen, gets, sessions };
  }

  it('initializes, lists and calls tools; the credential, session id and protocol version reach the server', async () => {
    const sim = await startSdkServer();
    const { client, transport, errors } = await connected(sim.url);
    expect(client.getServerVersion()).toMatchObject({ name: 'sdk-sim', version: '2.0.0' });
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['echo', 'slow_job']);
    const called = await client.callTool({ name: 'echo', arguments: { text: 'hi' } });
    expect(called.content).toEqual([{ type: 'text', text: 'echo: hi' }]);

    const [sessionId] = [...sim.sessions.keys()];
    expect(sessionId).toBeDefined();
    expect(transport.sessionId).toBe(sessionId);
    expect(sim.seen.every((s) => s.headers.authorization === TOKEN)).toBe(true);
    const init = sim.seen.find((s) => s.rpc === 'initialize')!;
    expect(init.headers['mcp-session-id']).toBeUndefined();
    const later = sim.seen.filter((s) => s.rpc === 'tools/list' || s.rpc === 'tools/call');
    expect(later).toHaveLength(2);
    for (const s of later) {
      expect(s.headers['mcp-session-id']).toBe(sessionId);
      expect(s.headers['mcp-protocol-version']).toBe(LATEST_PROTOCOL_VERSION);
      expect(s.headers.accept).toContain('text/event-stream');
    }
    expect(errors).toEqual([]);
  });

  it('delivers progress and log notifications sent before the result on the POST stream', async () => {
    const sim = await startSdkServer();
    const { client, errors } = await connected(sim.url);
    const logs: unknown[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params.data));
    const progress: Array<{ progress: number; total?: number }> = [];
    const called = await client.callTool({ name: 'slow_job', arguments: {} }, undefined, {
      onprogress: (p) => void progress.push({ progress: p.progress, total: p.total }),
    });
    expect(called.content).toEqual([{ type: 'text', text: 'job done' }]);
    expect(progress).toEqual([
      { progress: 1, total: 2 },
      { progress: 2, total: 2 },
    ]);
    expect(logs).toEqual(['halfway there']);
    expect(errors).toEqual([]);
  });

  it('receives a server-initiated tools/list_changed through the GET stream opened after initialization', async () => {
    const sim = await startSdkServer();
    const { client, errors } = await connected(sim.url);
    let changed = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed++);
    await until(() => sim.gets.some((res) => res.headersSent), 2_000, 'the GET stream');
    const get = sim.seen.find((s) => s.method === 'GET')!;
    expect(get.headers.accept).toContain('text/event-stream');
    expect(get.headers.authorization).toBe(TOKEN);
    expect(get.headers['mcp-session-id']).toBe([...sim.sessions.keys()][0]);
    const { server } = [...sim.sessions.values()][0]!;
    server.registerTool('added_later', { description: 'New.', inputSchema: {} }, async () => ({
      content: [{ type: 'text', text: 'new' }],
    }));
    await until(() => changed > 0, 2_000, 'tools/list_changed');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('added_later');
    expect(errors).toEqual([]);
  });
});

describe('upstream transport against hand-written servers (edge cases)', () => {
  it('works with JSON responses and carries the session id the server handed out', async () => {
    const sim = await startHandServer();
    const { client, transport } = await connected(sim.url);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['echo']);
    expect((await client.callTool({ name: 'echo', arguments: { text: 'json' } })).content).toEqual([
      { type: 'text', text: 'echo: json' },
    ]);
    expect(transport.sessionId).toBe('hand-session-1');
    const afterInit = sim.seen.filter((s) => s.rpc !== 'initialize');
    expect(afterInit.length).toBeGreaterThanOrEqual(3);
    for (const s of afterInit) {
      expect(s.headers['mcp-session-id']).toBe('hand-session-1');
      expect(s.headers.authorization).toBe(TOKEN);
    }
  });

  it('treats a 405 on the GET stream as "no server push": no error, no retries, calls still work', async () => {
    const sim = await startHandServer();
    const { client, errors } = await connected(sim.url);
    await until(() => sim.seen.some((s) => s.method === 'GET'), 2_000, 'the GET');
    expect((await client.callTool({ name: 'echo', arguments: { text: 'x' } })).content).toEqual([
      { type: 'text', text: 'echo: x' },
    ]);
    await new Promise((r) => setTimeout(r, 150)); // several reconnect delays (20–50 ms)
    expect(sim.seen.filter((s) => s.method === 'GET')).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('retries a 429 with retry-after: 0 and succeeds', async () => {
    let limited = 1;
    const sim = await startHandServer({
      post: (m, _req, res) => {
        if (m.method !== 'tools/call' || limited === 0) return false;
        limited--;
        sendJson(res, 429, { error: 'slow down' }, { 'retry-after': '0' });
        return true;
      },
    });
    const { client } = await connected(sim.url);
    expect((await client.callTool({ name: 'echo', arguments: { text: 'again' } })).content).toEqual([
      { type: 'text', text: 'echo: again' },
    ]);
    expect(sim.calls()).toHaveLength(2);
  });

  it('gives a 429 whose Retry-After ends past the timeout back at once as rate_limited', async () => {
    const sim = await startHandServer({
      post: (m, _req, res) =>
        m.method === 'tools/call' ? (sendJson(res, 429, { error: 'slow down' }, { 'retry-after': '60' }), true) : false,
    });
    const { client } = await connected(sim.url, { timeoutMs: 2_000 });
    const started = Date.now();
    const error = await failure(client.callTool({ name: 'echo', arguments: {} }));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 60_000 });
    expect(sim.calls()).toHaveLength(1);
  });

  it('refuses a 307 redirect (bad_response) and the target never sees the credential', async () => {
    const target = await startHandServer();
    const sim = await startHandServer({
      post: (m, _req, res) =>
        m.method === 'tools/call' ? (sendJson(res, 307, {}, { location: `${target.url}/mcp` }), true) : false,
    });
    const { client } = await connected(sim.url);
    const error = await failure(client.callTool({ name: 'echo', arguments: {} }));
    expect(error).toMatchObject({ kind: 'bad_response', status: 307 });
    expect(target.seen).toEqual([]);
  });

  it('maps a 401 to a credential problem', async () => {
    const sim = await startHandServer({
      post: (m, _req, res) =>
        m.method === 'tools/call' ? (sendJson(res, 401, { error: 'token revoked' }), true) : false,
    });
    const { client } = await connected(sim.url);
    const error = await failure(client.callTool({ name: 'echo', arguments: {} }));
    expect(['invalid_token', 'needs_sign_in']).toContain(error.kind);
    expect(error.status).toBe(401);
    expect(error.isCredentialProblem).toBe(true);
  });

  it('fails connect() with the typed error when initialize itself is refused', async () => {
    const sim = await startHandServer({
      post: (m, _req, res) =>
        m.method === 'initialize'
          ? (sendJson(
              res,
              401,
              {},
              { 'www-authenticate': 'Bearer resource_metadata="http://x/.well-known/oauth-protected-resource"' },
            ),
            true)
          : false,
    });
    const transport = transportFor(sim.url);
    const error = await failure(newClient().connect(transport));
    expect(error).toMatchObject({ kind: 'needs_sign_in', status: 401 });
  });

  it('maps a 403 insufficient_scope challenge to missing_scope with the scopes', async () => {
    const sim = await startHandServer({
      post: (m, _req, res) =>
        m.method === 'tools/call'
          ? (sendJson(res, 403, {}, { 'www-authenticate': 'Bearer error="insufficient_scope", scope="a b"' }), true)
          : false,
    });
    const { client } = await connected(sim.url);
    const error = await failure(client.callTool({ name: 'echo', arguments: {} }));
    expect(error).toMatchObject({ kind: 'missing_scope', status: 403, missingScopes: ['a', 'b'] });
  });

  it('fails at once with a network error when a POST stream ends before its answer without an event id', async () => {
    const error = await quickCallFailure((_m, _req, res) =>
      sse(res, [
        { data: { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'starting' } } },
      ]),
    );
    expect(error.kind).toBe('network');
  });

  it('delivers a progress notification that arrives in the same chunk as the result (the SDK must see it before the result)', async () => {
    const sim = await startHandServer({
      post: (m, _req, res) => {
        if (m.method !== 'tools/call') return false;
        const progress = {
          jsonrpc: '2.0',
          method: 'notifications/progress',
          params: { progressToken: m.params?._meta?.progressToken, progress: 1, total: 1 },
        };
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(
          [progress, result(m.id, callResult('done'))].map((data) => `data: ${JSON.stringify(data)}\n\n`).join(''),
        ); // one write: one chunk
        return true;
      },
    });
    const { client } = await connected(sim.url);
    const clientErrors: Error[] = [];
    client.onerror = (error) => void clientErrors.push(error);
    const progress: number[] = [];
    const called = await client.callTool({ name: 'echo', arguments: {} }, undefined, {
      onprogress: (p) => void progress.push(p.progress),
    });
    expect(called.content).toEqual([{ type: 'text', text: 'done' }]);
    expect(clientErrors.map((e) => e.message)).toEqual([]);
    expect(progress).toEqual([1]);
  });

  it('answers a server request sent inside a POST stream, then gets the result on that stream', async () => {
    let stream: http.ServerResponse | undefined;
    let callId: string | number | undefined;
    const sim = await startHandServer({
      post: (m, _req, res) => {
        if (m.method === 'tools/call') {
          callId = m.id;
          stream = res;
          sse(res, [{ data: { jsonrpc: '2.0', id: 'srv-ping-1', method: 'ping' } }], false);
          return true;
        }
        if (m.id === 'srv-ping-1' && m.method === undefined) {
          res.writeHead(202).end();
          sse(stream!, [{ data: result(callId, callResult('after ping')) }]);
          return true;
        }
        return false;
      },
    });
    const { client } = await connected(sim.url);
    const called = await client.callTool({ name: 'echo', arguments: {} });
    expect(called.content).toEqual([{ type: 'text', text: 'after ping' }]);
    const pong = sim.seen.find((s) => s.id === 'srv-ping-1');
    expect(pong).toMatchObject({ method: 'POST' });
    expect(pong!.headers.authorization).toBe(TOKEN);
  });

  it('fails at once with a network error when the server drops the connection in the middle of a POST stream', async () => {
    const error = await quickCallFailure((_m, _req, res) => {
      sse(
        res,
        [{ data: { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'working' } } }],
        false,
      );
      setTimeout(() => res.socket?.destroy(), 30);
    });
    expect(error.kind).toBe('network');
  });

  it('does not leave a call hanging when a POST stream ended after an event id cannot be resumed (GET 405)', async () => {
    const sim = await startHandServer({
      post: (m, _req, res) => {
        if (m.method !== 'tools/call') return false;
        sse(res, [
          {
            id: 'ev-1',
            data: { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'working' } },
          },
        ]);
        return true;
      },
    });
    const { client } = await connected(sim.url, { timeoutMs: 500 });
    const started = Date.now();
    // The SDK's own request timeout (2.5 s) is only a backstop so that the test ends; the transport's bound is 0.5 s.
    const error = await client.callTool({ name: 'echo', arguments: {} }, undefined, { timeout: 2_500 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(sim.seen.some((s) => s.method === 'GET' && s.headers['last-event-id'] === 'ev-1')).toBe(true);
    // Relayed to the SDK as a JSON-RPC error response on the resumed stream (see relayed-failures.ts).
    expect(relayedFailure(error)).toBeInstanceOf(UpstreamError);
    expect(relayedFailure(error)!.message).toContain('offers no stream to resume it on');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('resumes a POST stream that ended after an event id with a GET carrying Last-Event-ID', async () => {
    let callId: string | number | undefined;
    const sim = await startHandServer({
      post: (m, _req, res) => {
        if (m.method !== 'tools/call') return false;
        callId = m.id;
        sse(res, [
          {
            id: 'ev-1',
            data: { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'working' } },
          },
        ]);
        return true;
      },
      get: (req, res) => {
        if (req.headers['last-event-id'] !== 'ev-1') return false;
        sse(res, [{ id: 'ev-2', data: result(callId, callResult('resumed answer')) }]);
        return true;
      },
    });
    const { client } = await connected(sim.url);
    const called = await client.callTool({ name: 'echo', arguments: {} });
    expect(called.content).toEqual([{ type: 'text', text: 'resumed answer' }]);
    const resumed = sim.seen.filter((s) => s.method === 'GET' && s.headers['last-event-id'] === 'ev-1');
    expect(resumed).toHaveLength(1);
    expect(resumed[0]!.headers.authorization).toBe(TOKEN);
    expect(resumed[0]!.headers['mcp-session-id']).toBe('hand-session-1');
  });

  it('reopens the GET stream after the server ends it, resuming with Last-Event-ID', async () => {
    const gets: Array<string | undefined> = [];
    const sim = await startHandServer({
      get: (req, res) => {
        const last = req.headers['last-event-id'] as string | undefined;
        gets.push(last);
        const changed = { jsonrpc: '2.0', method: 'notifications/tools/list_changed' };
        if (gets.length === 1)
          sse(res, [{ id: 'g-1', data: changed }]); // then ends
        else sse(res, [{ id: `g-${gets.length}`, data: changed }], false); // stays open
        return true;
      },
    });
    const transport = transportFor(sim.url);
    const errors: Error[] = [];
    transport.onerror = (error) => void errors.push(error);
    const client = newClient();
    let changed = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed++);
    await client.connect(transport);
    await until(() => changed >= 2, 2_000, 'two list_changed notifications');
    expect(gets.slice(0, 2)).toEqual([undefined, 'g-1']);
    await new Promise((r) => setTimeout(r, 100)); // the second stream stays open: no further GETs
    expect(gets).toHaveLength(2);
    expect(errors).toEqual([]);
  });

  it("waits the server's retry: before reopening the GET stream, and resumes it with Last-Event-ID (SEP-1699)", async () => {
    const gets: Array<{ at: number; last: string | undefined }> = [];
    let firstEnded = 0;
    const sim = await startHandServer({
      get: (req, res) => {
        gets.push({ at: Date.now(), last: req.headers['last-event-id'] as string | undefined });
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        if (gets.length > 1) return (res.write(': open\n\n'), true);
        res.end(
          `retry: 400\nid: r-1\ndata: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' })}\n\n`,
          () => (firstEnded = Date.now()),
        );
        return true;
      },
    });
    await connected(sim.url); // reconnect delays configured at 20–50 ms: the server's 400 ms wins
    await until(() => gets.length >= 2, 3_000, 'the reopened GET');
    expect(gets[1]!.last).toBe('r-1');
    expect(gets[1]!.at - firstEnded).toBeGreaterThanOrEqual(350);
  });

  it('refuses a text/html answer as bad_response', async () => {
    const sim = await startHandServer({
      post: (m, _req, res) => {
        if (m.method !== 'tools/call') return false;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body>Sign in</body></html>');
        return true;
      },
    });
    const { client } = await connected(sim.url);
    const error = await failure(client.callTool({ name: 'echo', arguments: {} }));
    expect(error.kind).toBe('bad_response');
    expect(error.message).toContain('text/html');
  });

  it('refuses an SSE event larger than maxMessageBytes as bad_response', async () => {
    const sim = await startHandServer({
      post: (m, _req, res) => {
        if (m.method !== 'tools/call') return false;
        sse(res, [{ data: result(m.id, callResult('x'.repeat(20_000))) }]);
        return true;
      },
    });
    const { client } = await connected(sim.url, { maxMessageBytes: 4_096 });
    const error = await failure(client.callTool({ name: 'echo', arguments: {} }));
    expect(error.kind).toBe('bad_response');
  });

  it('refuses a JSON body larger than maxMessageBytes as bad_response', async () => {
    const sim = await startHandServer({
      post: (m, _req, res) =>
        m.method === 'tools/call' ? (sendJson(res, 200, result(m.id, callResult('x'.repeat(20_000)))), true) : false,
    });
    const { client } = await connected(sim.url, { maxMessageBytes: 4_096 });
    const error = await failure(client.callTool({ name: 'echo', arguments: {} }));
    expect(error.kind).toBe('bad_response');
  });

  it('times out a server that never answers, within about timeoutMs', async () => {
    const sim = await startHandServer({ post: (m) => m.method === 'tools/call' }); // holds the request open
    const { client } = await connected(sim.url, { timeoutMs: 400 });
    const started = Date.now();
    const error = await failure(client.callTool({ name: 'echo', arguments: {} }));
    const elapsed = Date.now() - started;
    expect(error.kind).toBe('timeout');
    expect(elapsed).toBeGreaterThanOrEqual(350);
    expect(elapsed).toBeLessThan(1_500);
  });

  it('times out an SSE answer that starts but never completes', async () => {
    const sim = await startHandServer({
      post: (m, _req, res) => {
        if (m.method !== 'tools/call') return false;
        sse(
          res,
          [{ data: { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'thinking' } } }],
          false,
        );
        return true;
      },
    });
    const { client } = await connected(sim.url, { timeoutMs: 400 });
    // An answer stream, once open, is bounded by the call's own deadline (the gateway's restarts on progress and
    // pauses for elicitations), not cut at timeoutMs by the transport: long tools must be able to finish.
    const started = Date.now();
    const outcome = await client.callTool({ name: 'echo', arguments: {} }, undefined, { timeout: 400 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    const error = toUpstreamError(outcome, SERVICE, 400);
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/did not answer within 0\.4 s/);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('lets an answer stream outlive timeoutMs while the server keeps it alive, so long tools can finish', async () => {
    const sim = await startHandServer({
      post: (m, _req, res) => {
        if (m.method !== 'tools/call') return false;
        sse(
          res,
          [{ data: { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'working' } } }],
          false,
        );
        setTimeout(() => {
          res.write(
            `data: ${JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { content: [{ type: 'text', text: 'done late' }] } })}\n\n`,
          );
          res.end();
        }, 900);
        return true;
      },
    });
    const { client } = await connected(sim.url, { timeoutMs: 300 });
    const result = await client.callTool({ name: 'echo', arguments: {} }, undefined, { timeout: 5_000 });
    expect(result.content).toEqual([{ type: 'text', text: 'done late' }]);
  });

  it('close() ends an open GET stream and calls onclose once', async () => {
    let streamClosed = false;
    const sim = await startHandServer({
      get: (req, res) => {
        req.socket.on('close', () => (streamClosed = true));
        sse(res, [], false);
        res.write(': open\n\n');
        return true;
      },
    });
    const transport = transportFor(sim.url);
    let onclose = 0;
    transport.onclose = () => void onclose++;
    const client = newClient();
    await client.connect(transport);
    await until(() => sim.seen.some((s) => s.method === 'GET'), 2_000, 'the GET stream');
    await new Promise((r) => setTimeout(r, 50));
    expect(streamClosed).toBe(false);
    // client.close() closes the transport. (The SDK transport's close() is not idempotent: a second call fires
    // onclose again, so the old "close twice, onclose once" is only kept for the client's close.)
    await client.close();
    await until(() => streamClosed, 2_000, 'the server to see the GET socket close');
    expect(onclose).toBe(1);
    await new Promise((r) => setTimeout(r, 100)); // no reconnect after close
    expect(sim.seen.filter((s) => s.method === 'GET')).toHaveLength(1);
  });

  it('sends nothing but to the endpoint and refuses plain HTTP to another computer', () => {
    expect(() => transportFor('http://mcp.example.com')).toThrow(UpstreamError);
  });
});

describe('upstream transport: never twice, never in a loop', () => {
  it('never sends a tool call twice when the connection drops after the server received it', async () => {
    const sim = await startHandServer({
      post: (m, req) => {
        if (m.method !== 'tools/call') return false;
        // The server carried the call out, then the connection died before the answer (crash, deploy, proxy reset).
        setTimeout(() => req.socket.destroy(), 50);
        return true;
      },
    });
    const { client } = await connected(sim.url);
    await client.listTools(); // the call then goes out on a reused keep-alive socket
    const error = await failure(client.callTool({ name: 'echo', arguments: {} }));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/^No answer from/);
    expect(error.hint).toMatch(/carried out/);
    expect(sim.calls()).toHaveLength(1);
  });

  it('sends a read once more when its connection is closed under it before any answer (a dead keep-alive socket)', async () => {
    let dropped = 0;
    const sim = await startHandServer({
      post: (m, req) => {
        if (m.method !== 'tools/list' || sim.seen.filter((s) => s.rpc === 'tools/list').length !== 2 || dropped > 0)
          return false;
        dropped++;
        req.socket.destroy();
        return true;
      },
    });
    const { client } = await connected(sim.url);
    await client.listTools();
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['echo']);
    expect(dropped).toBe(1);
    expect(sim.seen.filter((s) => s.rpc === 'tools/list')).toHaveLength(3);
  });

  it('reports a session lost while resuming an answer as a failure that may have run, not as an expired session to resend on', async () => {
    const sim = await startHandServer({
      post: (m, _req, res) => {
        if (m.method !== 'tools/call') return false;
        sse(res, [
          {
            id: 'p1',
            data: { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'working' } },
          },
        ]);
        return true;
      },
      get: (_req, res) => (sendJson(res, 404, { error: 'unknown session' }), true),
    });
    const { client } = await connected(sim.url);
    const error = await failure(client.callTool({ name: 'echo', arguments: {} }));
    expect(error.kind).toBe('network');
    expect(error.message).toContain('lost the session while answering');
    expect(sim.calls()).toHaveLength(1);
  });

  it('does not poll a server that ends its listening stream at once (even with retry: 0) in a tight loop', async () => {
    const getsAt: number[] = [];
    const sim = await startHandServer({
      get: (_req, res) => {
        getsAt.push(Date.now());
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('retry: 0\n\n');
        return true;
      },
    });
    await connected(sim.url, { reconnect: { initialDelayMs: 100, maxDelayMs: 400, maxFailures: 3 } });
    // It keeps reopening the stream (four GETs seen), each time after a pause of at least the initial delay (a
    // lower bound, which a slow machine only lengthens), never at once as `retry: 0` asks.
    await until(() => getsAt.length >= 4, 10_000, 'four GETs');
    const pauses = getsAt.slice(1, 4).map((at, i) => at - getsAt[i]!);
    for (const pause of pauses) expect(pause).toBeGreaterThanOrEqual(100);
  });

  it('does not let an error answer to the listening GET whose body never ends hold it: it is reported and retried', async () => {
    const sim = await startHandServer({
      get: (_req, res) => {
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.write('overloaded…'); // and never ends
        return true;
      },
    });
    const { errors } = await connected(sim.url, { timeoutMs: 300 });
    await until(() => sim.seen.filter((s) => s.method === 'GET').length >= 2, 3_000, 'a second GET');
    expect(errors.some((e) => e instanceof UpstreamError && e.kind === 'server_error')).toBe(true);
  });

  it('treats a GET answered with something other than an event stream as "no listening stream"', async () => {
    const sim = await startHandServer({
      get: (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>hello</html>');
        return true;
      },
    });
    const { client, errors } = await connected(sim.url);
    await new Promise((r) => setTimeout(r, 300));
    expect(sim.seen.filter((s) => s.method === 'GET')).toHaveLength(1);
    expect(errors).toEqual([]);
    expect((await client.callTool({ name: 'echo', arguments: { text: 'still' } })).content).toEqual([
      { type: 'text', text: 'echo: still' },
    ]);
  });
});
