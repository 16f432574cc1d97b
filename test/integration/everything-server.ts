import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import { createWakeups } from '../helpers/wakeups.js';

/** One JSON-RPC message the server received over POST (through the recording proxy). */
export interface SeenMessage {
  httpMethod: string;
  sessionId: string | undefined;
  message: {
    id?: string | number;
    method?: string;
    params?: Record<string, unknown>;
    result?: unknown;
    error?: unknown;
  };
}

/**
 * `@modelcontextprotocol/server-everything` (a real third-party MCP server) over Streamable HTTP on a free loopback
 * port, and in front of it a plain recording HTTP proxy, so tests can see what the server received (cancellations,
 * `_meta`, session deletes) without changing anything that passes.
 */
export interface EverythingServer {
  /** The server itself. */
  directUrl: string;
  /** The same server through the recording proxy. */
  proxiedUrl: string;
  /** Messages and requests (incl. DELETE, GET) the proxy passed on, in order. */
  seen: SeenMessage[];
  /** Resolves when a message matching `predicate` has been seen (woken by each one; fails after `timeoutMs`). */
  waitFor(predicate: (m: SeenMessage) => boolean, timeoutMs?: number): Promise<SeenMessage>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function startServer(port: number): Promise<ChildProcess> {
  const entry = path.join(repoRoot, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
  const child = spawn(process.execPath, [entry, 'streamableHttp'], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(
      () => reject(new Error(`server-everything did not start within 20 s:\n${stderr}`)),
      20_000,
    );
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes(`listening on port ${port}`)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => reject(new Error(`server-everything exited (${code}):\n${stderr}`)));
  });
}

function startProxy(targetPort: number, seen: SeenMessage[], onSeen: () => void): Promise<http.Server> {
  const proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const sessionId = typeof req.headers['mcp-session-id'] === 'string' ? req.headers['mcp-session-id'] : undefined;
      if (req.method === 'POST' && body.length > 0) {
        const parsed = JSON.parse(body.toString('utf8')) as SeenMessage['message'] | SeenMessage['message'][];
        for (const message of Array.isArray(parsed) ? parsed : [parsed])
          seen.push({ httpMethod: 'POST', sessionId, message });
        onSeen();
      } else {
        seen.push({ httpMethod: req.method ?? 'GET', sessionId, message: {} });
        onSeen();
      }
      const upstream = http.request(
        {
          host: '127.0.0.1',
          port: targetPort,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: `127.0.0.1:${targetPort}` },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      res.on('close', () => upstream.destroy());
      upstream.end(body);
    });
  });
  return new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve(proxy)));
}

/** Starts server-everything and its recording proxy. */
export async function startEverythingServer(): Promise<EverythingServer> {
  const port = await freePort();
  const child = await startServer(port);
  const seen: SeenMessage[] = [];
  const arrivals = createWakeups();
  const proxy = await startProxy(port, seen, () => arrivals.wake());
  const proxyPort = (proxy.address() as AddressInfo).port;
  return {
    directUrl: `http://127.0.0.1:${port}/mcp`,
    proxiedUrl: `http://127.0.0.1:${proxyPort}/mcp`,
    seen,
    waitFor: (predicate, timeoutMs = 10_000) =>
      arrivals.until(
        () => seen.find(predicate),
        timeoutMs,
        () => `not seen within ${timeoutMs} ms; seen: ${seen.map((m) => m.message.method ?? m.httpMethod).join(', ')}`,
      ),
    close: async () => {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
