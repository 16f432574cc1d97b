import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** test/fixtures/tls, found from this file whether it runs as source (test/simulators) or built (dist/test/simulators). */
const tlsDir = ((): string => {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'test', 'fixtures', 'tls');
    if (fs.existsSync(path.join(candidate, 'ca.pem')) || path.dirname(dir) === dir) return candidate;
  }
})();
/** The test CA (trust it with `NODE_EXTRA_CA_CERTS`) behind simulators started with `tls: true`. */
export const TEST_CA_PATH = path.join(tlsDir, 'ca.pem');

/** A running simulator: its origin, and how to stop it. */
export interface RunningServer {
  /** e.g. http://127.0.0.1:41234 (https:// with `tls`) */
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 with a random free port (or `port`); with `tls`, HTTPS with the test certificate
 * (see test/fixtures/tls). Test infrastructure only.
 */
export async function startServer(
  handler: http.RequestListener,
  port = 0,
  options: { tls?: boolean } = {},
): Promise<RunningServer> {
  const server = options.tls
    ? https.createServer(
        {
          key: fs.readFileSync(path.join(tlsDir, 'localhost-key.pem')),
          cert: fs.readFileSync(path.join(tlsDir, 'localhost.pem')),
        },
        handler,
      )
    : http.createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${actual}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Reads and JSON-parses a request body (null when empty or not JSON). */
export async function readJsonBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Sends a JSON response. */
export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
