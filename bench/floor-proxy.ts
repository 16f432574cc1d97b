import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, type CallToolResult, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

/**
 * The floor for the gateway's call overhead and memory: the least any stdio ↔ Streamable-HTTP MCP proxy built on the
 * SDK does. An SDK `Server` over stdio whose handlers forward tools/list and tools/call to SDK `Client`s over
 * Streamable HTTP, with no checks, no shaping, no audit, no keychain. argv: `<mcp url> <token> [<mcp url> <token> …]`;
 * every upstream is connected and listed at startup (live sessions, as in the gateway), calls go to the first.
 * The gateway's own work is what it costs above this.
 */
const pairs = process.argv.slice(2);
if (pairs.length < 2 || pairs.length % 2 !== 0)
  throw new Error('usage: floor-proxy <mcp url> <token> [<mcp url> <token> …]');
const upstreams = await Promise.all(
  Array.from({ length: pairs.length / 2 }, async (_, i) => {
    const client = new Client({ name: 'floor-proxy', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(pairs[2 * i]!), {
        requestInit: { headers: { authorization: `Bearer ${pairs[2 * i + 1]!}` } },
      }),
    );
    await client.listTools();
    return client;
  }),
);
const first = upstreams[0]!;
const server = new Server({ name: 'floor-proxy', version: '1.0.0' }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, () => first.listTools());
server.setRequestHandler(
  CallToolRequestSchema,
  async (request) => (await first.callTool(request.params)) as CallToolResult,
);
await server.connect(new StdioServerTransport());
