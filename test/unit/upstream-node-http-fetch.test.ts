import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeHttpFetch } from '../../shared/net/node-http-fetch.js';
import { type RunningServer, startServer } from '../simulators/sim-server.js';

// The node:http fetch under upstream MCP sessions and OAuth requests (no proxy), against a real local server.
describe('fetch on node:http', () => {
  let server: RunningServer;
  const seen: Array<{
    method: string;
    url: string;
    headers: Record<string, string | string[] | undefined>;
    body: unknown;
  }> = [];

  beforeAll(async () => {
    server = await startServer(async (req, res) => {
      const raw = await new Promise<string>((resolve) => {
        let text = '';
        req.on('data', (c: Buffer) => (text += c.toString('utf8')));
        req.on('end', () => resolve(text));
      });
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: raw });
      if (req.url === '/empty') return res.writeHead(204).end();
      if (req.url === '/cut') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: {"partial":');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      if (req.url === '/sized') {
        const body = JSON.stringify({ ok: true });
        return res
          .writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) })
          .end(body);
      }
      if (req.url === '/cut-sized' || req.url === '/slow-sized') {
        // A small declared length (read whole before the Response is made), then cut off or stalled.
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"partial":');
        if (req.url === '/cut-sized') setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      if (req.url === '/redirect') return res.writeHead(307, { location: '/elsewhere' }).end();
      res.writeHead(201, [
        ['content-type', 'application/json'],
        ['x-many', 'a'],
        ['x-many', 'b'],
      ]);
      res.end(JSON.stringify({ ok: true, got: raw }));
    });
  });
  afterAll(() => server?.close());

  it('sends method, headers and a string body, and reads status, repeated headers and the body', async () => {
    const response = await nodeHttpFetch(`${server.url}/json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test': '1' },
      body: '{"a":1}',
      redirect: 'manual',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-many')).toBe('a, b');
    expect(await response.json()).toEqual({ ok: true, got: '{"a":1}' });
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      url: '/json',
      headers: { 'x-test': '1', 'content-length': '7' },
    });
  });

  it('form-encodes URLSearchParams (OAuth token requests)', async () => {
    await nodeHttpFetch(`${server.url}/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'r' }),
      redirect: 'manual',
    });
    expect(seen.at(-1)!.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(seen.at(-1)!.body).toBe('grant_type=refresh_token&refresh_token=r');
  });

  it('gives 204 a null body and hands a redirect back unfollowed', async () => {
    const empty = await nodeHttpFetch(`${server.url}/empty`, { redirect: 'manual' });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    const before = seen.length;
    const redirect = await nodeHttpFetch(`${server.url}/redirect`, { redirect: 'manual' });
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get('location')).toBe('/elsewhere');
    await redirect.body?.cancel();
    expect(seen.slice(before).map((s) => s.url)).toEqual(['/redirect']);
  });

  it('errors the body stream when the connection is cut before the body ends', async () => {
    const response = await nodeHttpFetch(`${server.url}/cut`, { redirect: 'manual' });
    await expect(response.text()).rejects.toThrow();
  });

  it('a small sized body is read whole; cut off before its end, the fetch fails as a reset connection', async () => {
    const ok = await nodeHttpFetch(`${server.url}/sized`, { redirect: 'manual' });
    expect(Number(ok.headers.get('content-length'))).toBeGreaterThan(0); // the buffered path
    expect(await ok.json()).toMatchObject({ ok: true });
    await expect(nodeHttpFetch(`${server.url}/cut-sized`, { redirect: 'manual' })).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
  });

  it('aborts a small sized body still being read when its signal fires', async () => {
    const controller = new AbortController();
    const pending = nodeHttpFetch(`${server.url}/slow-sized`, { redirect: 'manual', signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('aborts a request in flight when its signal fires', async () => {
    const controller = new AbortController();
    const pending = nodeHttpFetch(`${server.url}/cut`, { redirect: 'manual', signal: controller.signal }).then((r) =>
      r.text(),
    );
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
