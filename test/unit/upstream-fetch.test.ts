import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../shared/errors.js';
import { createUpstreamFetch } from '../../shared/upstream-mcp/upstream-fetch.js';
import { type RunningServer, sendJson, startServer } from '../simulators/sim-server.js';

// The fetch the gateway hands to the SDK's StreamableHTTPClientTransport (every upstream MCP session), against a real
// local HTTP server.
describe('upstream MCP fetch', () => {
  let server: RunningServer;
  let other: RunningServer;
  const seen: Array<{ path: string; auth: string | undefined }> = [];
  let pending429 = 0;

  beforeAll(async () => {
    const handler: http.RequestListener = (req, res) => {
      seen.push({ path: req.url ?? '', auth: req.headers.authorization });
      if (req.url === '/redirect') return sendJson(res, 307, {}, { location: `${other.url}/mcp` });
      if (req.url === '/unauthorized') return sendJson(res, 401, { error: 'invalid token' });
      if (req.url === '/token') return sendJson(res, 400, { error: 'invalid_grant' });
      if (req.url === '/scope')
        return sendJson(
          res,
          403,
          {},
          { 'www-authenticate': 'Bearer error="insufficient_scope", scope="items:write admin"' },
        );
      if (req.url === '/slow-limit') return sendJson(res, 429, {}, { 'retry-after': '3' });
      if (req.url === '/limited' && pending429 > 0) {
        pending429--;
        return sendJson(res, 429, {}, { 'retry-after': '0' });
      }
      return sendJson(res, 200, { ok: true });
    };
    server = await startServer(handler);
    other = await startServer(handler);
  });
  afterAll(async () => {
    await server?.close();
    await other?.close();
  });

  const safe = (endpoint: string) =>
    createUpstreamFetch({
      endpoint,
      credentials: { authorization: 'Bearer sekret-token' },
      timeoutMs: 5_000,
      serviceName: 'Test server',
    });

  it('maps failures of the MCP endpoint only, leaving other paths on its origin (the OAuth token endpoint) to the SDK', async () => {
    const fetchFor = createUpstreamFetch({
      endpoint: `${server.url}/unauthorized`,
      credentials: {},
      timeoutMs: 5_000,
      serviceName: 'Test server',
    });
    await expect(fetchFor(`${server.url}/unauthorized`, { method: 'POST', body: '{}' })).rejects.toBeInstanceOf(
      UpstreamError,
    );
    const token = await fetchFor(`${server.url}/token`, { method: 'POST', body: 'grant_type=refresh_token' });
    expect(token.status).toBe(400);
    expect(await token.json()).toEqual({ error: 'invalid_grant' });
  });

  it('refuses plain HTTP to anything but this computer', () => {
    expect(() => safe('http://mcp.example.com/mcp')).toThrow(UpstreamError);
  });

  it("sends the credential to the endpoint's own origin only", async () => {
    const f = safe(`${server.url}/mcp`);
    await f(`${server.url}/mcp`, { method: 'POST', body: '{}' });
    await f(`${other.url}/elsewhere`, { method: 'GET', headers: { authorization: 'Bearer injected-by-caller' } });
    expect(seen.find((s) => s.path === '/mcp')!.auth).toBe('Bearer sekret-token');
    expect(seen.find((s) => s.path === '/elsewhere')!.auth).toBeUndefined();
  });

  it('never follows a redirect with the credential', async () => {
    const before = seen.length;
    await expect(
      safe(`${server.url}/mcp`)(`${server.url}/redirect`, { method: 'POST', body: '{}' }),
    ).rejects.toMatchObject({ kind: 'bad_response' });
    expect(seen.slice(before).map((s) => s.path)).toEqual(['/redirect']);
  });

  it('retries 429 and maps 401 / scope-shaped 403 to typed errors', async () => {
    pending429 = 2;
    const ok = await safe(`${server.url}/limited`)(`${server.url}/limited`, { method: 'POST', body: '{}' });
    expect(ok.status).toBe(200);
    await expect(
      safe(`${server.url}/unauthorized`)(`${server.url}/unauthorized`, { method: 'POST', body: '{}' }),
    ).rejects.toMatchObject({ kind: 'invalid_token', status: 401 });
    await expect(
      safe(`${server.url}/scope`)(`${server.url}/scope`, { method: 'POST', body: '{}' }),
    ).rejects.toMatchObject({ kind: 'missing_scope', missingScopes: ['items:write', 'admin'] });
  });

  it('turns a refused connection into a network error that says what to check', async () => {
    const closed = await startServer((_req, res) => res.end());
    const url = `${closed.url}/mcp`;
    await closed.close();
    await expect(safe(url)(url, { method: 'POST', body: '{}' })).rejects.toMatchObject({
      kind: 'network',
      message: expect.stringContaining('connection was refused'),
    });
  });

  it('stops waiting out a Retry-After as soon as the caller cancels the call', async () => {
    const url = `${server.url}/slow-limit`;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    await expect(safe(url)(url, { method: 'POST', body: '{}', signal: controller.signal })).rejects.toMatchObject({
      kind: 'timeout',
      message: expect.stringContaining('was cancelled'),
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
