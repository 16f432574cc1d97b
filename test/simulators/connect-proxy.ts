import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** A running CONNECT proxy: its URL, the tunnels it opened (target `host:port` and the request's headers). */
export interface ConnectProxy {
  url: string;
  tunnels: Array<{ target: string; headers: http.IncomingHttpHeaders }>;
  close(): Promise<void>;
}

/** A minimal CONNECT proxy on 127.0.0.1 (what HTTPS_PROXY points at on company networks): records each tunnel's target and headers, then pipes bytes both ways. */
export async function startConnectProxy(): Promise<ConnectProxy> {
  const tunnels: Array<{ target: string; headers: http.IncomingHttpHeaders }> = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push({ target: req.url ?? '', headers: req.headers });
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
