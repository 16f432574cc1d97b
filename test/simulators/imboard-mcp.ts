/**
 * The I'mBoard simulator's MCP endpoint (`POST /api/mcp`, Streamable HTTP, stateless: a fresh SDK server and
 * transport per request). Authentication happens before MCP (401/403 JSON like REST); each tool applies the same
 * scope, board-pinning, billing and role rules as REST and reports refusals as `isError` results.
 */
import type http from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { operate, type OperationName, type SimPrincipal, type SimResult } from './imboard-api.js';
import type { ImboardState } from './imboard-data.js';
import { sendJson } from './sim-server.js';
import { serveStatelessMcp } from './stateless-mcp-endpoint.js';

const boardId = z.string().optional().describe('Board id (board tokens default to their own board)');
const TOOLS: Array<{ name: OperationName; description: string; shape: z.ZodRawShape; readOnly: boolean }> = [
  { name: 'list_boards', description: 'List boards you can access', shape: {}, readOnly: true },
  { name: 'get_board', description: 'Get one board', shape: { boardId }, readOnly: true },
  { name: 'list_meetings', description: 'List meetings of a board', shape: { boardId }, readOnly: true },
  { name: 'get_meeting', description: 'Get one meeting', shape: { boardId, meetingId: z.string() }, readOnly: true },
  { name: 'list_documents', description: 'List documents of a board', shape: { boardId }, readOnly: true },
  { name: 'list_reports', description: 'List reports of a board', shape: { boardId }, readOnly: true },
  { name: 'list_notifications', description: 'List notifications of a board', shape: { boardId }, readOnly: true },
  { name: 'list_audit_events', description: 'Audit trail of a board', shape: { boardId }, readOnly: true },
  {
    name: 'create_meeting',
    description: 'Schedule a meeting',
    shape: { boardId, title: z.string(), startsAt: z.string(), location: z.string().optional() },
    readOnly: false,
  },
  {
    name: 'update_meeting',
    description: 'Update a meeting',
    shape: {
      boardId,
      meetingId: z.string(),
      title: z.string().optional(),
      startsAt: z.string().optional(),
      location: z.string().optional(),
      status: z.enum(['scheduled', 'cancelled', 'completed']).optional(),
    },
    readOnly: false,
  },
  {
    name: 'create_document',
    description: 'File a document',
    shape: { boardId, title: z.string(), content: z.string(), folder: z.string().optional() },
    readOnly: false,
  },
];

function asToolResult(result: SimResult) {
  if (result.status >= 400) {
    const e = (result.body as { error: { code: string; message: string } }).error;
    return { isError: true, content: [{ type: 'text' as const, text: `${result.status} ${e.code}: ${e.message}` }] };
  }
  return { content: [{ type: 'text' as const, text: JSON.stringify((result.body as { data: unknown }).data) }] };
}

function buildServer(state: ImboardState, principal: SimPrincipal): McpServer {
  const server = new McpServer({ name: 'imboard-simulator', version: '1.0.0' });
  for (const tool of TOOLS) {
    server.registerTool(
      tool.name,
      { description: tool.description, inputSchema: tool.shape, annotations: { readOnlyHint: tool.readOnly } },
      (args: Record<string, unknown>) => {
        const {
          boardId: given,
          meetingId,
          ...body
        } = args as { boardId?: string; meetingId?: string } & Record<string, unknown>;
        const board = given ?? principal.boardId;
        return asToolResult(
          operate(
            state,
            principal,
            tool.name,
            { ...(board ? { boardId: board } : {}), ...(meetingId ? { meetingId } : {}) },
            body,
          ),
        );
      },
    );
  }
  return server;
}

/** Handles one request to `/api/mcp` for an already-authenticated principal. */
export async function handleImboardMcp(
  state: ImboardState,
  principal: SimPrincipal,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: unknown,
): Promise<void> {
  if (req.method !== 'POST')
    return sendJson(res, 405, {
      jsonrpc: '2.0',
      error: { code: -32000, message: 'Method not allowed: this MCP server is stateless.' },
      id: null,
    });
  await serveStatelessMcp(buildServer(state, principal), req, res, body);
}
