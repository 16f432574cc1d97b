import type { Connection } from '../../connections/model.js';
import type { ToolDefinition } from '../types.js';
import { ROUTES, type ImboardToolName } from './api-surface.js';
import { imboardEffectiveScopes } from './scopes-granted.js';
import { NO_PAGING_NOTE } from '../undocumented-paging.js';
import { imboardInputSchema } from './tool-args.js';
import { IMBOARD_BAT_PREFIX } from './token-facts.js';

interface Entry {
  name: ImboardToolName;
  title: string;
  description: string;
}

const ENTRIES: Entry[] = [
  {
    name: 'get_me',
    title: 'My profile',
    description:
      "Your own I'mBoard profile (GET /api/v1/me; personal tokens and browser sessions only: a board token has no user).",
  },
  { name: 'list_boards', title: 'List boards', description: 'Every board you can access (personal tokens only).' },
  { name: 'get_board', title: 'Get a board', description: 'One board with its members and settings.' },
  { name: 'list_meetings', title: 'List meetings', description: 'Meetings of a board, upcoming first.' },
  { name: 'get_meeting', title: 'Get a meeting', description: 'One meeting with agenda and minutes.' },
  { name: 'list_documents', title: 'List documents', description: 'Documents filed on a board.' },
  { name: 'get_document', title: 'Read a document', description: 'One document of a board, with its content.' },
  { name: 'list_reports', title: 'List reports', description: 'Reports prepared for a board.' },
  { name: 'list_notifications', title: 'List notifications', description: 'Recent notifications on a board.' },
  { name: 'list_audit_events', title: 'Audit trail', description: 'Who changed what on a board, newest first.' },
  {
    name: 'list_functions',
    title: 'List functions',
    description: 'Board functions (committees and roles) and who holds them.',
  },
  {
    name: 'get_portfolio',
    title: 'Portfolio overview',
    description: 'Cross-board portfolio summary (personal tokens with portfolio:read).',
  },
  { name: 'create_meeting', title: 'Create a meeting', description: 'Schedule a meeting on a board.' },
  {
    name: 'update_meeting',
    title: 'Update a meeting',
    description: "Change a meeting's title, time, location or status.",
  },
  { name: 'create_document', title: 'Create a document', description: 'File a new text document on a board.' },
];

/** True when the connection's token is a board access token (pinned to one board). */
export function isBoardTokenConnection(connection: Connection): boolean {
  return (
    connection.metadata.tokenKind === 'board_token' ||
    String(connection.metadata.maskedToken ?? '').startsWith(IMBOARD_BAT_PREFIX)
  );
}

/**
 * The tools a connection offers. Personal tokens and JWTs pass `boardId`; a board token is pinned to its board, so
 * `boardId` is optional (defaults to that board) and account-level tools (get_me, list_boards, get_portfolio) are left
 * out. Input schemas are generated from the zod validators that check every call (see tool-args.ts).
 */
export function imboardToolsFor(connection: Connection): ToolDefinition[] {
  const pinned = isBoardTokenConnection(connection);
  const readOnly = isKnownReadOnly(connection);
  return ENTRIES.filter((e) => !pinned || ROUTES[e.name].board).map((entry) => {
    const route = ROUTES[entry.name];
    const scope: string | null = route.scope;
    const write = route.method !== 'GET';
    return {
      name: entry.name,
      title: entry.title,
      description: `${entry.description}${route.returns === 'list' ? ` ${NO_PAGING_NOTE}` : ''}${scope ? ` Needs ${scope}.` : ''}`,
      inputSchema: imboardInputSchema(entry.name, pinned),
      access: write ? 'write' : 'read',
      requiredScopes: () => (scope ? [scope] : []),
      // The route → scope mapping is assumed (the seed points to a tool reference it does not include), so it never
      // refuses on its own; a write by a token known to be read-only is refused on the documented rule instead.
      ...(scope ? { scopeBasis: write && readOnly ? ('documented' as const) : ('assumed' as const) } : {}),
    } satisfies ToolDefinition;
  });
}

/**
 * True when the scopes reported by whoami (never merely declared) hold no `:write` scope at all: a read-only token, which the
 * seed says cannot make changes ("A read-only BAT calling a write route fails with 403 FORBIDDEN").
 */
function isKnownReadOnly(connection: Connection): boolean {
  const granted = imboardEffectiveScopes(connection);
  return granted !== undefined && ![...granted].some((s) => s.endsWith(':write'));
}
