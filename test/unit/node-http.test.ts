import type http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BodyTooLargeError, discard, readText, ResponseHeaders, sendRequest } from '../../shared/net/node-http.js';
import { readJsonBody, type RunningServer, sendJson, startServer } from '../simulators/sim-server.js';

// sendRequest / readText / ResponseHeaders (the gateway's upstream HTTP on node:http) against real local servers.

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch(() => undefined);
});

/** An HTTP server that counts the connections it accepts. */
async function countingServer(handler: http.RequestListener): Promise<RunningServer & { connections: () => number }> {
  const running = await startServer(handler);
  cleanups.push(() => running.close());
  let connections = 0;
  running.server.on('connection', () => void connections++);
  return { ...running, connections: () => connections };
}

/**
 * A raw TCP "HTTP server": `onRequest(socket, n)` is called for the n-th request (0-based) on each connection, with
 * only the request head parsed (the requests sent here have no body or a small one sent with the head).
 */
async function rawServer(
  onRequest: (socket: net.Socket, index: number) => void,
): Promise<{ url: string; connections: () => number; requests: () => number }> {
  let connections = 0;
  let requests = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = '';
    let index = 0;
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\r\n\r\n')) !== -1) {
        buffered = buffered.slice(end + 4);
        requests++;
        onRequest(socket, index++);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}`, connections: () => connections, requests: () => requests };
}

const OK =
  'HTTP/1.1 200 OK\r\nconnection: keep-alive\r\nkeep-alive: timeout=30\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\nok';

describe('sendRequest', () => {
  it('sends method, headers and body, and resolves at the response headers', async () => {
    const seen: Array<{ method?: string; token?: string; length?: string; body: unknown }> = [];
    const server = await countingServer(async (req, res) => {
      seen.push({
        method: req.method,
        token: req.headers['x-token'] as string,
        length: req.headers['content-length'],
        body: await readJsonBody(req),
      });
      sendJson(res, 201, { created: true }, { 'x-request-id': 'r-1' });
    });
    const body = JSON.stringify({ name: 'ünïcode' });
    const response = await sendRequest({
      method: 'POST',
      url: new URL(`${server.url}/items`),
      headers: { 'x-token': 'tok-1', 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('X-Request-Id')).toBe('r-1');
    expect(JSON.parse(await readText(response.body))).toEqual({ created: true });
    expect(seen).toEqual([
      { method: 'POST', token: 'tok-1', length: String(Buffer.byteLength(body)), body: { name: 'ünïcode' } },
    ]);
  });

  it('reuses one keep-alive socket for sequential requests', async () => {
    const server = await countingServer((_req, res) => sendJson(res, 200, { ok: true }));
    for (let i = 0; i < 3; i++) {
      const response = await sendRequest({ method: 'GET', url: new URL(`${server.url}/n${i}`), headers: {} });
      expect(await readText(response.body)).toBe('{"ok":true}');
    }
    const drained = await sendRequest({ method: 'GET', url: new URL(`${server.url}/drained`), headers: {} });
    discard(drained.body);
    await new Promise((r) => drained.body.once('end', r));
    const last = await sendRequest({ method: 'GET', url: new URL(`${server.url}/last`), headers: {} });
    await readText(last.body);
    expect(server.connections()).toBe(1);
  });

  it('sends a read again on a fresh socket when a reused keep-alive socket is reset before answering', async () => {
    // First request on a connection: answered with keep-alive. Second on the same connection: the server drops it unanswered.
    const server = await rawServer((socket, index) => (index === 0 ? socket.write(OK) : socket.destroy()));
    const first = await sendRequest({ method: 'GET', url: new URL(`${server.url}/a`), headers: {} });
    expect(await readText(first.body)).toBe('ok');
    const second = await sendRequest({ method: 'GET', url: new URL(`${server.url}/b`), headers: {}, idempotent: true });
    expect(second.status).toBe(200);
    expect(await readText(second.body)).toBe('ok');
    expect(server.connections()).toBe(2);
    expect(server.requests()).toBe(3); // a, b on the stale socket, b again on a new one
  });

  it('never sends a write twice: a reset on a reused socket may come after the server carried it out', async () => {
    const server = await rawServer((socket, index) => (index === 0 ? socket.write(OK) : socket.destroy()));
    await readText((await sendRequest({ method: 'GET', url: new URL(`${server.url}/a`), headers: {} })).body);
    const error = await sendRequest({
      method: 'POST',
      url: new URL(`${server.url}/send-email`),
      headers: {},
      body: '{}',
    }).then(
      () => undefined,
      (e: unknown) => e as NodeJS.ErrnoException,
    );
    expect(error?.code).toBe('ECONNRESET');
    expect(server.requests()).toBe(2);
  });

  it('does not retry a failure on a fresh (not reused) socket', async () => {
    const server = await rawServer((socket) => socket.destroy());
    const error = await sendRequest({ method: 'POST', url: new URL(`${server.url}/x`), headers: {}, body: '{}' }).then(
      () => undefined,
      (e: unknown) => e as NodeJS.ErrnoException,
    );
    expect(error?.code).toBe('ECONNRESET');
    expect(server.connections()).toBe(1);
    expect(server.requests()).toBe(1);
  });

  it('rejects with an AbortError when the signal fires before the response', async () => {
    const held: http.ServerResponse[] = [];
    const server = await countingServer((_req, res) => void held.push(res));
    cleanups.push(() => held.forEach((res) => res.destroy()));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await sendRequest({
      method: 'GET',
      url: new URL(`${server.url}/never`),
      headers: {},
      signal: controller.signal,
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('aborts a body being read when the signal fires after the headers', async () => {
    const server = await countingServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
    });
    const controller = new AbortController();
    const response = await sendRequest({
      method: 'GET',
      url: new URL(`${server.url}/stream`),
      headers: {},
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await readText(response.body).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error); // Node's 'aborted' error on the response
    expect(response.body.destroyed).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('rejects with the connection error when nothing listens', async () => {
    const server = await countingServer((_req, res) => res.end());
    const url = new URL(`${server.url}/x`);
    await server.close();
    await expect(sendRequest({ method: 'GET', url, headers: {} })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('readText', () => {
  it('reads a whole body as UTF-8 up to the limit, and refuses one past it with BodyTooLargeError', async () => {
    const text = 'é'.repeat(2_000); // 4,000 bytes
    const server = await countingServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(text);
    });
    const fits = await sendRequest({ method: 'GET', url: new URL(`${server.url}/fits`), headers: {} });
    expect(await readText(fits.body, 4_000)).toBe(text);
    const big = await sendRequest({ method: 'GET', url: new URL(`${server.url}/big`), headers: {} });
    const error = await readText(big.body, 1_024).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect((error as BodyTooLargeError).limitBytes).toBe(1_024);
    expect(big.body.destroyed).toBe(true);
  });
});

describe('ResponseHeaders', () => {
  it('looks names up case-insensitively, joins repeated headers with ", " and says null when absent', async () => {
    const server = await countingServer((_req, res) => {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.setHeader('x-multi', ['one', 'two']);
      res.setHeader('x-single', 'solo');
      res.end();
    });
    const response = await sendRequest({ method: 'GET', url: new URL(`${server.url}/h`), headers: {} });
    discard(response.body);
    expect(response.headers.get('Set-Cookie')).toBe('a=1, b=2');
    expect(response.headers.get('x-multi')).toBe('one, two');
    expect(response.headers.get('X-SINGLE')).toBe('solo');
    expect(response.headers.get('x-missing')).toBeNull();
  });

  it('joins array values it is given directly', () => {
    const headers = new ResponseHeaders({ 'x-challenge': ['Bearer realm="a"', 'Basic'], 'content-type': 'text/plain' });
    expect(headers.get('X-Challenge')).toBe('Bearer realm="a", Basic');
    expect(headers.get('content-type')).toBe('text/plain');
    expect(headers.get('retry-after')).toBeNull();
  });
});
