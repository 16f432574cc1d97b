import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

/** What the server's client answered to its task-augmented sampling request, and to its `tasks/get`. */
export interface TaskAugmentingServer {
  url: string;
  /** The capabilities each session's client declared at initialize. */
  clientCapabilities: unknown[];
  close(): Promise<void>;
}

/**
 * An SDK MCP server (Streamable HTTP, stateful, loopback) that asks its client for sampling augmented with a task
 * whether or not the client declared client-side tasks, the way a careless upstream might: tool `ask-model-as-task`
 * returns, as JSON text, the answer it got (a plain `CreateMessageResult` or a `CreateTaskResult`); tool
 * `poll-client-task` asks the client `tasks/get` and returns the error it got. Test infrastructure only.
 */
export async function startTaskAugmentingServer(): Promise<TaskAugmentingServer> {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const clientCapabilities: unknown[] = [];
  const build = (): McpServer => {
    const server = new McpServer({ name: 'task-asker', version: '1.0.0' });
    server.server.oninitialized = () => clientCapabilities.push(server.server.getClientCapabilities());
    server.registerTool(
      'ask-model-as-task',
      { description: 'Asks the client to sample, as a task.', inputSchema: { prompt: z.string() } },
      async ({ prompt }, extra) => {
        const answer = await extra.sendRequest(
          {
            method: 'sampling/createMessage',
            params: {
              task: { ttl: 60_000 },
              messages: [{ role: 'user', content: { type: 'text', text: prompt } }],
              systemPrompt: 'You answer briefly.',
              maxTokens: 20,
            },
          },
          z.looseObject({}),
        );
        return { content: [{ type: 'text', text: JSON.stringify(answer) }] };
      },
    );
    server.registerTool(
      'poll-client-task',
      { description: 'Asks the client about a task it never created.', inputSchema: {} },
      async (_args, extra) => {
        const error = await extra
          .sendRequest({ method: 'tasks/get', params: { taskId: 'task-1' } }, z.looseObject({}))
          .then(
            () => undefined,
            (e: { code?: number; message?: string }) => ({ code: e.code, message: e.message }),
          );
        return { content: [{ type: 'text', text: JSON.stringify(error) }] };
      },
    );
    return server;
  };
  const httpServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown) : undefined;
        const sessionId = req.headers['mcp-session-id'];
        let transport = typeof sessionId === 'string' ? transports.get(sessionId) : undefined;
        if (!transport) {
          if (typeof sessionId === 'string') {
            res.writeHead(404).end();
            return;
          }
          const created = new StreamableHTTPServerTransport({
            sessionIdGenerator: () => randomUUID(),
            onsessioninitialized: (id) => void transports.set(id, created),
          });
          created.onclose = () => created.sessionId && transports.delete(created.sessionId);
          await build().connect(created);
          transport = created;
        }
        await transport.handleRequest(req, res, body);
      })().catch(() => res.writeHead(500).end());
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    clientCapabilities,
    close: async () => {
      await Promise.all([...transports.values()].map((t) => t.close().catch(() => undefined)));
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
