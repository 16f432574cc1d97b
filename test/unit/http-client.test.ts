import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpstreamError } from '../../shared/errors.js';
import { UpstreamHttpClient } from '../../shared/net/http-client.js';
import { type RunningServer, sendJson, startServer } from '../simulators/sim-server.js';

// UpstreamHttpClient against real local HTTP servers: the upstream hygiene every API provider relies on.
describe('UpstreamHttpClient', () => {
  let a: RunningServer;
  let b: RunningServer;
  const seen: Array<{ server: string; path: string; token: string | undefined; method: string }> = [];
  let limited = 0;
  let slowThenHang = 0;

  beforeAll(async () => {
    const make =
      (name: string): http.RequestListener =>
      (req, res) => {
        seen.push({
          server: name,
          path: req.url ?? '',
          token: req.headers['x-access-token'] as string | undefined,
          method: req.method ?? '',
        });
        if (req.url === '/create-then-see-other') return sendJson(res, 303, {}, { location: '/created/7' });
        if (req.url === '/bad-location') return sendJson(res, 302, {}, { location: 'http://[not a host' });
        if (req.url === '/drop-write') return void setTimeout(() => req.socket.destroy(), 30);
        if (req.url === '/cross') return sendJson(res, 302, {}, { location: `${b.url}/landing` });
        if (req.url === '/same') return sendJson(res, 302, {}, { location: '/landing' });
        if (req.url === '/slow') return void setTimeout(() => sendJson(res, 200, {}), 2_000);
        // A slow 429 first (after 300 ms), then a hanging answer.
        if (req.url === '/slow-limit-then-hang') {
          slowThenHang++;
          return slowThenHang === 1
            ? void setTimeout(() => sendJson(res, 429, {}, { 'retry-after': '0' }), 300)
            : void setTimeout(() => sendJson(res, 200, {}), 3_000);
        }
        if (req.url === '/limited' && limited > 0) {
          limited--;
          return sendJson(res, 429, {}, { 'retry-after': '1' });
        }
        return sendJson(res, 200, { ok: name });
      };
    a = await startServer(make('a'));
    b = await startServer(make('b'));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('follows a same-origin redirect with credentials but refuses a cross-origin one', async () => {
    const http = new UpstreamHttpClient();
    const same = await http.request({ url: `${a.url}/same`, credentials: { 'x-access-token': 'tok-123456' } });
    expect(same.body).toEqual({ ok: 'a' });
    await expect(
      http.request({ url: `${a.url}/cross`, credentials: { 'x-access-token': 'tok-123456' } }),
    ).rejects.toMatchObject({ kind: 'bad_response' });
    expect(seen.filter((s) => s.server === 'b')).toEqual([]);
  });

  it('refuses to send credentials to an origin other than the trusted one', async () => {
    const http = new UpstreamHttpClient();
    await expect(
      http.request({ url: `${b.url}/x`, credentials: { 'x-access-token': 'tok-123456' }, trustedOrigin: a.url }),
    ).rejects.toMatchObject({ kind: 'insecure_url' });
  });

  it('waits Retry-After on 429 and retries a bounded number of times', async () => {
    const waits: number[] = [];
    const http = new UpstreamHttpClient({ sleep: async (ms) => void waits.push(ms) });
    limited = 2;
    const ok = await http.request({ url: `${a.url}/limited` });
    expect(ok).toMatchObject({ status: 200, retries: 2 });
    expect(waits).toEqual([1_000, 1_000]);
    limited = 10;
    const gaveUp = await http.request({ url: `${a.url}/limited` });
    expect(gaveUp.status).toBe(429);
    expect(gaveUp.retries).toBe(3);
  });

  it('does not wait out a Retry-After that would end past the call timeout: the 429 goes back at once', async () => {
    const waits: number[] = [];
    const http = new UpstreamHttpClient({ timeoutMs: 800, sleep: async (ms) => void waits.push(ms) });
    limited = 10;
    const response = await http.request({ url: `${a.url}/limited` });
    expect(response).toMatchObject({ status: 429, retries: 0 });
    expect(waits).toEqual([]);
    limited = 0;
  });

  it('times out per call with an error that says what to do', async () => {
    const http = new UpstreamHttpClient({ timeoutMs: 300 });
    await expect(http.request({ url: `${a.url}/slow` })).rejects.toMatchObject({
      kind: 'timeout',
      hint: expect.stringContaining('try again'),
    });
  });

  it('bounds the whole call, retries included, by one timeout: a slow 429 then a hanging retry ends at the timeout', async () => {
    const http = new UpstreamHttpClient({ timeoutMs: 700 });
    const started = Date.now();
    await expect(http.request({ url: `${a.url}/slow-limit-then-hang` })).rejects.toMatchObject({ kind: 'timeout' });
    expect(slowThenHang).toBe(2);
    // Before: the retry got a full timeout of its own (300 ms + 700 ms).
    expect(Date.now() - started).toBeLessThan(950);
  });

  it('continues a 303 after a POST as a GET without the body, as browsers do', async () => {
    const response = await new UpstreamHttpClient().request({
      method: 'POST',
      url: `${a.url}/create-then-see-other`,
      json: { title: 'x' },
      credentials: { 'x-access-token': 'tok-303' },
    });
    expect(response).toMatchObject({ status: 200, url: `${a.url}/created/7` });
    expect(seen.filter((s) => s.path === '/created/7')).toEqual([
      { server: 'a', path: '/created/7', token: 'tok-303', method: 'GET' },
    ]);
  });

  it('refuses a redirect to an address that does not parse, as a bad answer rather than a crash', async () => {
    await expect(new UpstreamHttpClient().request({ url: `${a.url}/bad-location` })).rejects.toMatchObject({
      kind: 'bad_response',
      message: expect.stringContaining('an invalid address'),
    });
  });

  it('says a write may have been carried out when the connection drops before the answer, and never sends it twice', async () => {
    const http = new UpstreamHttpClient();
    await http.request({ url: `${a.url}/warm-up` }); // the write then goes out on a reused keep-alive socket
    const error = await http.request({ method: 'POST', url: `${a.url}/drop-write`, json: {} }).then(
      () => undefined,
      (e: unknown) => e as UpstreamError,
    );
    expect(error).toMatchObject({
      kind: 'network',
      message: expect.stringMatching(/^No answer from/),
      hint: expect.stringContaining('carried out'),
    });
    expect(seen.filter((s) => s.path === '/drop-write')).toHaveLength(1);
  });

  it('explains a credential that cannot be sent in a header instead of blaming the network', async () => {
    const error = await new UpstreamHttpClient()
      .request({ url: `${a.url}/x`, credentials: { 'x-access-token': 'tok\nwith-newline' } })
      .then(
        () => undefined,
        (e: unknown) => e as UpstreamError,
      );
    expect(error).toMatchObject({
      kind: 'network',
      message: expect.stringContaining('characters that cannot be sent'),
      hint: expect.stringContaining('Copy the token again'),
    });
  });

  it('refuses plain HTTP to a non-loopback host', async () => {
    await expect(
      new UpstreamHttpClient().request({ url: 'http://public-api.sessionboard.com/v1/events' }),
    ).rejects.toMatchObject({ kind: 'insecure_url' });
  });
});
