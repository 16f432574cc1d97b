import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { invokeOperation } from '../../shared/app/handlers.js';
import { testAppHandlers } from '../helpers/app-handlers.js';
import { toErrorPayload } from '../../shared/app/error-payload.js';
import { MAX_ERROR_TEXT } from '../../shared/app/renderer-urls.js';
import { UpstreamError } from '../../shared/errors.js';
import { type RunningServer, startServer } from '../simulators/sim-server.js';

/**
 * Issue 17: a compromised renderer must not turn the main process into a proxy. Live checks reach only the known
 * services' hosts and the remote MCP address the person typed (https, or http to this computer), and what the
 * renderer learns from a failing check against such an address is the outcome, never the server's words.
 */

const MARKER = 'INTERNAL-BODY-MARKER-7f3a';
const TOKEN = 'rmt_tok_abcdefghijklmnop1234';
const homes: string[] = [];
let server: RunningServer;
let hits: Array<{ url: string; method: string }> = [];
/** Every path answers with a status from the path and a body that quotes the marker (what a curious renderer wants). */
const handler: http.RequestListener = (req, res) => {
  hits.push({ url: req.url ?? '', method: req.method ?? '' });
  const status = Number(/\/status\/(\d{3})/.exec(req.url ?? '')?.[1] ?? 500);
  res.writeHead(status, {
    'content-type': req.url?.includes('json') ? 'application/json' : 'text/html',
    'x-internal': MARKER,
  });
  res.end(
    req.url?.includes('json')
      ? JSON.stringify({ error: { message: `${MARKER} ${'x'.repeat(3000)}` }, jsonrpc: '2.0', id: 1 })
      : `<html>${MARKER} admin console ${'y'.repeat(3000)}</html>`,
  );
};

beforeAll(async () => {
  server = await startServer(handler);
});
afterAll(async () => {
  await server.close();
});

function setup() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-app-urls-'));
  homes.push(home);
  const { core, handlers } = testAppHandlers(home);
  return { core, handlers };
}
afterEach(() => {
  hits = [];
  for (const home of homes.splice(0)) fs.rmSync(home, { recursive: true, force: true });
});

describe('addresses the renderer supplies (issue 17)', () => {
  it('refuses an address for a known service before anything is sent (they are reached only at their own hosts)', async () => {
    const { handlers } = setup();
    for (const service of ['sessionboard', 'sessions-website', 'session-services', 'imboard'] as const) {
      const whoami = await invokeOperation(handlers, 'whoamiForToken', {
        service,
        token: TOKEN,
        handle: 'acme',
        tenantId: 'tnt_01jqpj2t2kfvmstt6f6tzkbaf2',
        url: `${server.url}/status/500`,
      });
      expect(whoami).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      const add = await invokeOperation(handlers, 'addConnection', {
        service,
        label: `x-${service}`,
        authKind: 'token',
        token: TOKEN,
        force: true,
        handle: 'acme',
        tenantId: 'tnt_01jqpj2t2kfvmstt6f6tzkbaf2',
        url: `${server.url}/status/500`,
      });
      expect(add).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(hits).toEqual([]);
  });

  it('accepts no baseUrl field from the renderer at all', async () => {
    const { handlers } = setup();
    const result = await invokeOperation(handlers, 'whoamiForToken', {
      service: 'imboard',
      token: TOKEN,
      baseUrl: server.url,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(hits).toEqual([]);
  });

  it('refuses a remote MCP address that is not https (or http to this computer), or carries credentials or a fragment', async () => {
    const { handlers } = setup();
    const port = new URL(server.url).port;
    for (const url of [
      'http://example.com/mcp',
      'http://10.0.0.1/mcp',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'ftp://127.0.0.1/mcp',
      `http://user:pw@127.0.0.1:${port}/mcp`,
      `http://127.0.0.1:${port}/mcp#frag`,
      'not a url',
    ]) {
      const result = await invokeOperation(handlers, 'whoamiForToken', { service: 'remote-mcp', token: TOKEN, url });
      expect(result, url).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      const add = await invokeOperation(handlers, 'addConnection', {
        service: 'remote-mcp',
        label: 'r',
        authKind: 'none',
        url,
      });
      expect(add, url).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(hits).toEqual([]);
  });

  it('shows only the outcome of a failing check against a typed address: status and a fixed text, never the body or headers', async () => {
    const { handlers, core } = setup();
    for (const status of [400, 401, 403, 404, 429, 500, 502]) {
      for (const kind of ['html', 'json']) {
        const url = `${server.url}/status/${status}/${kind}`;
        const whoami = await invokeOperation(handlers, 'whoamiForToken', { service: 'remote-mcp', token: TOKEN, url });
        expect(whoami.ok, url).toBe(false);
        expect(JSON.stringify(whoami), url).not.toContain(MARKER);
        expect(JSON.stringify(whoami), url).not.toContain('admin console');
        expect(JSON.stringify(whoami), url).not.toContain(TOKEN);
        const add = await invokeOperation(handlers, 'addConnection', {
          service: 'remote-mcp',
          label: `r-${status}-${kind}`,
          authKind: 'token',
          token: TOKEN,
          force: true,
          url,
        });
        expect(add.ok, url).toBe(false);
        expect(JSON.stringify(add), url).not.toContain(MARKER);
        if (!add.ok) expect(add.error.code, url).toMatch(/^upstream_/);
      }
    }
    // The server was reached (the person's address is allowed), and nothing was saved for a failed check.
    expect(hits.length).toBeGreaterThan(0);
    expect(core.store.list()).toHaveLength(0);
  });

  it('keeps the HTTP status in the scrubbed message so the person still knows what happened', async () => {
    const { handlers } = setup();
    const result = await invokeOperation(handlers, 'whoamiForToken', {
      service: 'remote-mcp',
      token: TOKEN,
      url: `${server.url}/status/503/html`,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('503');
  });

  it('replaces a stored reason of a remote MCP connection (which may quote the server) with a fixed text, and bounds every other', async () => {
    const { handlers, core } = setup();
    const remote = await core.store.add({
      label: 'Remote',
      provider: 'remote-mcp',
      authKind: 'none',
      metadata: { url: `${server.url}/mcp` },
    });
    await core.store.update(remote.id, () => ({ status: { state: 'error', reason: `The server said: ${MARKER}` } }));
    const board = await core.store.add({ label: 'Board', provider: 'imboard', authKind: 'token' });
    await core.store.update(board.id, () => ({
      status: { state: 'error', reason: `I'mBoard said: ${'z'.repeat(5000)}` },
    }));
    const list = await invokeOperation(handlers, 'listConnections', {});
    expect(list.ok).toBe(true);
    if (!list.ok) return;
    expect(JSON.stringify(list)).not.toContain(MARKER);
    const reasons = list.value.connections.map((c) => c.status.reason ?? '');
    expect(reasons.every((r) => r.length > 0 && r.length <= MAX_ERROR_TEXT)).toBe(true);
  });

  it('bounds every error text the renderer is shown', () => {
    const payload = toErrorPayload(
      new UpstreamError('server_error', `I'mBoard said: ${'z'.repeat(5000)}`, `Try ${'again '.repeat(500)}`),
    );
    expect(payload.message.length).toBeLessThanOrEqual(MAX_ERROR_TEXT);
    expect(payload.hint.length).toBeLessThanOrEqual(MAX_ERROR_TEXT);
    expect(toErrorPayload(new Error('q'.repeat(5000))).message.length).toBeLessThanOrEqual(MAX_ERROR_TEXT);
  });
});
