import type { Connection } from '../../connections/model.js';
import type { JsonSchemaObject, ToolDefinition } from '../types.js';
import { ROUTES, type ImboardToolName } from './api-surface.js';

const str = (description: string) => ({ type: 'string', description });
const obj = (properties: Record<string, unknown>, required: string[] = []): JsonSchemaObject => ({ type: 'object', properties, required, additionalProperties: false });

interface Entry {
  name: ImboardToolName;
  title: string;
  description: string;
  /** Properties besides boardId. */
  properties: Record<string, unknown>;
  required?: string[];
}

const ENTRIES: Entry[] = [
  { name: 'list_boards', title: 'List boards', description: 'Every board you can access (personal tokens only).', properties: {} },
  { name: 'get_board', title: 'Get a board', description: 'One board with its members and settings.', properties: {} },
  { name: 'list_meetings', title: 'List meetings', description: 'Meetings of a board, upcoming first.', properties: {} },
  { name: 'get_meeting', title: 'Get a meeting', description: 'One meeting with agenda and minutes.', properties: { meetingId: str('Meeting id') }, required: ['meetingId'] },
  { name: 'list_documents', title: 'List documents', description: 'Documents filed on a board.', properties: {} },
  { name: 'list_reports', title: 'List reports', description: 'Reports prepared for a board.', properties: {} },
  { name: 'list_notifications', title: 'List notifications', description: 'Recent notifications on a board.', properties: {} },
  { name: 'list_audit_events', title: 'Audit trail', description: 'Who changed what on a board, newest first.', properties: {} },
  { name: 'get_portfolio', title: 'Portfolio overview', description: 'Cross-board portfolio summary (personal tokens with portfolio:read).', properties: {} },
  { name: 'create_meeting', title: 'Create a meeting', description: 'Schedule a meeting on a board.', properties: { title: str('Meeting title'), startsAt: str('ISO start time'), location: str('Room or video link') }, required: ['title', 'startsAt'] },
  { name: 'update_meeting', title: 'Update a meeting', description: 'Change a meeting\'s title, time, location or status.', properties: { meetingId: str('Meeting id'), title: str('New title'), startsAt: str('ISO start'), location: str('Location'), status: { type: 'string', enum: ['scheduled', 'cancelled', 'completed'] } }, required: ['meetingId'] },
  { name: 'create_document', title: 'Create a document', description: 'File a new text document on a board.', properties: { title: str('Document title'), content: str('Document text (Markdown)'), folder: str('Folder name (optional)') }, required: ['title', 'content'] },
];

/** True when the connection's token is a board access token (pinned to one board). */
export function isBoardTokenConnection(connection: Connection): boolean {
  return connection.metadata.tokenKind === 'board_token' || String(connection.metadata.maskedToken ?? '').startsWith('imb_bat_');
}

/**
 * The tools a connection offers. Personal tokens and JWTs pass `boardId`; a board token is pinned to its board, so
 * `boardId` is optional (defaults to that board) and account-level tools (list_boards, get_portfolio) are left out.
 */
export function imboardToolsFor(connection: Connection): ToolDefinition[] {
  const pinned = isBoardTokenConnection(connection);
  return ENTRIES.filter((e) => !pinned || ROUTES[e.name].board).map((entry) => {
    const route = ROUTES[entry.name];
    const boardId = str(pinned ? "Board id; leave out to use the token's own board" : 'Board id (list_boards shows them)');
    const properties = route.board ? { boardId, ...entry.properties } : entry.properties;
    const required = [...(route.board && !pinned ? ['boardId'] : []), ...(entry.required ?? [])];
    const scope: string = route.scope;
    return {
      name: entry.name,
      title: entry.title,
      description: `${entry.description} Needs ${scope}.`,
      inputSchema: obj(properties, required),
      access: route.method === 'GET' ? 'read' : 'write',
      requiredScopes: () => [scope],
    } satisfies ToolDefinition;
  });
}
