import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConnectionStore } from '../../shared/connections/store.js';
import { UpstreamPool } from '../../shared/catalog/upstream-pool.js';
import { getProvider } from '../../shared/providers/registry.js';
import { MemorySecretStore } from '../../shared/secrets/memory-secret-store.js';
import { secretAccount } from '../../shared/secrets/secret-store.js';
import { connectUpstream, toUpstreamError } from '../../shared/upstream-mcp/upstream-client.js';
import { startGenericMcpSimulator } from '../simulators/generic-mcp-server.js';
import { readJsonBody, sendJson, startServer } from '../simulators/sim-server.js';

// Upstream sessions end properly (HTTP DELETE, seen by real SDK servers) and keep the upstream's JSON-RPC errors.

const TOKEN = 'Bearer tok-session-77a1';
const SERVICE = 'Session test MCP';
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch(() => undefined);
});

/** A real SDK server (stateful): one McpServer per session; `build` registers what the test needs. */
async function sdkServer(build: () => McpServer | Server, options: { refuse?: (body: unknown) => boolean } = {}) {
  const closed: string[] = [];
  const deletes: Array<string | undefined> = [];
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const running = await startServer(async (req, res) => {
    const body = req.method === 'POST' ? await readJsonBody(req) : undefined;
    if (req.headers.authorization !== TOKEN) return sendJson(res, 401, { error: 'bad token' });
    if (req.method === 'DELETE') deletes.push(req.headers['mcp-session-id'] as string | undefined);
    if (options.refuse?.(body)) return sendJson(res, 500, { error: 'refused' });
    const id = req.headers['mcp-session-id'];
    const existing = typeof id === 'string' ? sessions.get(id) : undefined;
    if (existing) return existing.handleRequest(req, res, body);
    if ((body as { method?: string } | undefined)?.method !== 'initialize')
      return sendJson(res, 404, { error: 'unknown session' });
    const server = build();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => void sessions.set(sid, transport),
      onsessionclosed: (sid) => {
        closed.push(sid);
        sessions.delete(sid);
      },
    });
    await server.connect(transport);
    return transport.handleRequest(req, res, body);
  });
  cleanups.push(() => running.close());
  return { ...running, closed, deletes, sessions };
}

const target = (url: string) => ({
  endpoint: `${url}/mcp`,
  credentials: { authorization: TOKEN },
  timeoutMs: 3_000,
  serviceName: SERVICE,
});

describe('closing upstream sessions', () => {
  it('ends the session the server opened when the handshake fails after it (the initialized notification refused)', async () => {
    const sim = await sdkServer(() => new McpServer({ name: 'half-open', version: '1.0.0' }), {
      refuse: (body) => (body as { method?: string } | undefined)?.method === 'notifications/initialized',
    });
    await expect(connectUpstream(target(sim.url))).rejects.toThrow();
    expect(sim.deletes).toHaveLength(1);
    expect(sim.deletes[0]).toBeDefined();
    expect(sim.closed).toEqual(sim.deletes);
  });

  it('session.close() sends DELETE with the session id, which the SDK server sees as the end of the session', async () => {
    const sim = await sdkServer(() => {
      const server = new McpServer({ name: 'closing', version: '1.0.0' });
      server.registerTool('echo', { description: 'Echoes.', inputSchema: { text: z.string() } }, async ({ text }) => ({
        content: [{ type: 'text', text }],
      }));
      return server;
    });
    const session = await connectUpstream(target(sim.url));
    const sessionId = session.transport.sessionId;
    expect(sessionId).toBeDefined();
    expect((await session.client.callTool({ name: 'echo', arguments: { text: 'hi' } })).content).toEqual([
      { type: 'text', text: 'hi' },
    ]);
    await session.close();
    expect(sim.deletes).toEqual([sessionId]);
    expect(sim.closed).toEqual([sessionId]);
    expect(sim.sessions.size).toBe(0);
    await session.close(); // once is enough
    expect(sim.deletes).toHaveLength(1);
  });

  it('UpstreamPool.drop and closeAll end the sessions with DELETE', async () => {
    const sim = await startGenericMcpSimulator({ host: 'mcp.closing.example', stateful: true });
    cleanups.push(() => sim.close());
    const previous = process.env.BRIDGEKEEPER_HOST_OVERRIDES;
    process.env.BRIDGEKEEPER_HOST_OVERRIDES = JSON.stringify(sim.hostOverrides);
    cleanups.push(() =>
      previous === undefined
        ? delete process.env.BRIDGEKEEPER_HOST_OVERRIDES
        : (process.env.BRIDGEKEEPER_HOST_OVERRIDES = previous),
    );
    const store = new ConnectionStore({ home: fs.mkdtempSync(path.join(os.tmpdir(), 'bk-upstream-close-')) });
    const secrets = new MemorySecretStore();
    const provider = getProvider('remote-mcp');
    const connections = await Promise.all(
      ['One', 'Two', 'Three'].map((label) =>
        store.add({ label, provider: 'remote-mcp', authKind: 'token', metadata: { url: sim.endpoint } }),
      ),
    );
    for (const c of connections) await secrets.set(secretAccount(c.id), sim.tokens.full);
    const pool = new UpstreamPool(secrets, 5_000);
    await Promise.all(connections.map((c) => pool.tools(c, provider)));
    const deletes = () => sim.requests.filter((r) => r.method === 'DELETE');
    expect(deletes()).toEqual([]);
    await pool.drop(connections[0]!.id);
    expect(deletes()).toHaveLength(1);
    expect(deletes()[0]!.credential).toBe(sim.tokens.full);
    await pool.closeAll();
    expect(deletes()).toHaveLength(3);
  });

  it('closes quietly when the server no longer knows the session or never gave one', async () => {
    const sim = await sdkServer(() => new McpServer({ name: 'forgetful', version: '1.0.0' }));
    const session = await connectUpstream(target(sim.url));
    sim.sessions.clear(); // restarted: the DELETE gets 404
    await expect(session.close()).resolves.toBeUndefined();
    expect(sim.deletes).toHaveLength(1);
  });
});

describe('JSON-RPC errors from the upstream', () => {
  function erroringServer(): Server {
    const server = new Server({ name: 'erroring', version: '1.0.0' }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, () => ({
      tools: [
        { name: 'quota', inputSchema: { type: 'object' } },
        { name: 'bad_args', inputSchema: { type: 'object' } },
        { name: 'ok', inputSchema: { type: 'object' } },
      ],
    }));
    server.setRequestHandler(CallToolRequestSchema, (request) => {
      if (request.params.name === 'quota') throw new McpError(-32000, 'Daily quota exceeded for this workspace');
      if (request.params.name === 'bad_args') throw new McpError(ErrorCode.InvalidParams, 'limit must be at most 100');
      return { content: [{ type: 'text', text: 'fine' }] };
    });
    return server;
  }

  it('keeps the code and message of an upstream -32000 (not "connection closed") and the session goes on', async () => {
    const sim = await sdkServer(erroringServer);
    const session = await connectUpstream(target(sim.url));
    cleanups.push(() => session.close());
    const error = await session.client.callTool({ name: 'quota', arguments: {} }).then(
      () => undefined,
      (e: unknown) => toUpstreamError(e, SERVICE, 3_000),
    );
    expect(error?.kind).toBe('server_error');
    expect(error?.message).toContain('-32000');
    expect(error?.message).toContain('Daily quota exceeded for this workspace');
    expect(error?.message).not.toMatch(/closed/);
    expect((error?.cause as McpError).code).toBe(-32000);
    const invalid = await session.client.callTool({ name: 'bad_args', arguments: {} }).then(
      () => undefined,
      (e: unknown) => toUpstreamError(e, SERVICE, 3_000),
    );
    expect(invalid?.kind).toBe('bad_request');
    expect(invalid?.message).toBe(`${SERVICE} rejected the request (-32602): limit must be at most 100`);
    expect((await session.client.callTool({ name: 'ok', arguments: {} })).content).toEqual([
      { type: 'text', text: 'fine' },
    ]);
  });

  it('still reports a connection the SDK closed under a pending call as closed', async () => {
    let reachedServer: () => void = () => undefined;
    const hanging = new Promise<void>((resolve) => (reachedServer = resolve));
    const sim = await sdkServer(() => {
      const server = new McpServer({ name: 'hanging', version: '1.0.0' });
      server.registerTool('hang', { description: 'Never answers.', inputSchema: {} }, () => {
        reachedServer();
        return new Promise(() => undefined);
      });
      return server;
    });
    const session = await connectUpstream(target(sim.url));
    const pending = session.client.callTool({ name: 'hang', arguments: {} }).then(
      () => undefined,
      (e: unknown) => toUpstreamError(e, SERVICE, 3_000),
    );
    await hanging; // the call is pending at the server: close under it
    await session.client.close();
    const error = await pending;
    expect(error).toMatchObject({ kind: 'network', message: expect.stringContaining('was closed') });
  });
});
