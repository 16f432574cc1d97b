import type http from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/**
 * Serves one MCP request statelessly over Streamable HTTP: `server` (built fresh for this request) is connected to
 * a fresh session-less transport that answers with plain JSON, and both are closed when the response closes.
 * Authentication, method checks and body parsing are the caller's. Test infrastructure only.
 */
export async function serveStatelessMcp(
  server: McpServer,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: unknown,
): Promise<void> {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}
