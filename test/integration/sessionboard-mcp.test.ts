import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamHttpClient } from '../../shared/net/http-client.js';
import { mapSessionboardError, provider } from '../../shared/providers/sessionboard/index.js';
import {
  type SessionboardSimulator,
  type SessionboardTokenName,
  startSessionboardSimulator,
} from '../simulators/sessionboard.js';

let sim: SessionboardSimulator;
const http = new UpstreamHttpClient({ timeoutMs: 10_000 });

async function connect(token: SessionboardTokenName): Promise<Client> {
  const client = new Client({ name: 'sessionboard-mcp-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${sim.url}/mcp`), {
    requestInit: { headers: { 'x-access-token': sim.tokens[token] } },
  });
  await client.connect(transport);
  return client;
}

/** POSTs an MCP initialize as a plain HTTP request, so the 403 body reaches the provider's error mapper. */
async function initializeStatus(token: SessionboardTokenName) {
  return http.request({
    method: 'POST',
    url: `${sim.url}/mcp`,
    headers: { accept: 'application/json, text/event-stream' },
    credentials: { 'x-access-token': sim.tokens[token] },
    json: {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    },
    retry: false,
  });
}

beforeAll(async () => {
  sim = await startSessionboardSimulator();
});
afterAll(async () => {
  await sim.close();
});

describe("Sessionboard MCP endpoint (simulated) and the provider's reading of it", () => {
  it('lets a token with MCP Access and read:insights list and call tools', async () => {
    const client = await connect('full');
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(
        expect.arrayContaining(['search_sessions', 'run_sbql', 'manage_sessions']),
      );
      expect(tools.find((t) => t.name === 'manage_sessions')!.annotations?.destructiveHint).toBe(true);
      const result = await client.callTool({
        name: 'search_sessions',
        arguments: { eventId: 'evt_summit26', status: 'accepted' },
      });
      expect(result.isError).toBeFalsy();
      const text = (result.content as Array<{ text: string }>)[0]!.text;
      expect(JSON.parse(text).data.map((s: { id: string }) => s.id)).toEqual(['ses_1001', 'ses_1002']);
    } finally {
      await client.close();
    }
  });

  it('masks PII in MCP results for a Hide PII token and refuses its writes naming write:sessions', async () => {
    const client = await connect('hidePii');
    try {
      const speakers = await client.callTool({ name: 'list_speakers', arguments: { eventId: 'evt_summit26' } });
      expect((speakers.content as Array<{ text: string }>)[0]!.text).toContain('j***@a***.com');
      const write = await client.callTool({
        name: 'manage_sessions',
        arguments: { action: 'create', eventId: 'evt_summit26', data: { title: 'x' } },
      });
      expect(write.isError).toBe(true);
      expect((write.content as Array<{ text: string }>)[0]!.text).toContain('write:sessions');
    } finally {
      await client.close();
    }
  });

  it('answers 403 for each missing MCP prerequisite, mapped to mcp_access_disabled naming it', async () => {
    const cases: Array<[SessionboardTokenName, RegExp]> = [
      ['orgAiDisabled', /AI features are not enabled/],
      ['orgMcpDisabled', /MCP access is not enabled on your Sessionboard organization/],
      ['mcpDisabled', /MCP Access is switched off on this API token/],
      ['noInsights', /lacks the read:insights scope/],
    ];
    for (const [token, message] of cases) {
      const response = await initializeStatus(token);
      expect(response.status).toBe(403);
      const error = provider.mapMcpHttpError!(response)!;
      expect(error.kind).toBe('mcp_access_disabled');
      expect(error.message).toMatch(message);
    }
  });

  it("answers 401 for a revoked token and for another region's token", async () => {
    expect(mapSessionboardError(await initializeStatus('revoked'), 'mcp').kind).toBe('revoked');
    expect((await initializeStatus('eu')).status).toBe(401);
  });
});
