import { afterEach, describe, expect, it } from 'vitest';
import { discoverServer } from '../../shared/auth/oauth/discover-server.js';
import { readJsonBody, sendJson, startServer } from '../simulators/sim-server.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

// Discovery starts with an unauthenticated initialize to get the server's challenge. A server that lets it through
// opens a session for it: that session is ended (DELETE), as any MCP client ends one.
describe('OAuth discovery probe', () => {
  it('ends the session a server opened for the unauthenticated initialize, then says the server needs no sign-in', async () => {
    const deletes: Array<string | undefined> = [];
    const server = await startServer(async (req, res) => {
      if (req.method === 'DELETE') {
        deletes.push(req.headers['mcp-session-id'] as string | undefined);
        return sendJson(res, 200, {});
      }
      if (req.method === 'POST') {
        const body = (await readJsonBody(req)) as { id?: number; method?: string };
        if (body.method === 'initialize') {
          res.setHeader('mcp-session-id', 'probe-session-1');
          return sendJson(res, 200, {
            jsonrpc: '2.0',
            id: body.id,
            result: { protocolVersion: '2025-06-18', capabilities: {}, serverInfo: { name: 'open', version: '1' } },
          });
        }
      }
      return sendJson(res, 404, { error: 'not found' });
    });
    cleanups.push(() => server.close());
    await expect(discoverServer(`${server.url}/mcp`)).rejects.toThrow(/answered without asking for a sign-in/);
    expect(deletes).toEqual(['probe-session-1']);
  });
});
