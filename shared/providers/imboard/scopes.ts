import type { ScopeInfo } from '../types.js';

/**
 * I'mBoard scopes (`resource:action`). Read and write are independent: boards:write does NOT imply boards:read,
 * so there are no implications to expand. The board-token read-only preset is the documented seven `*:read`.
 */
export const IMBOARD_SCOPES: ScopeInfo[] = [
  { id: 'boards:read', description: 'View boards and their settings', access: 'read' },
  {
    id: 'boards:write',
    description: 'Change boards (never create or delete them with a board token)',
    access: 'write',
  },
  { id: 'meetings:read', description: 'View meetings, agendas and minutes', access: 'read' },
  { id: 'meetings:write', description: 'Schedule and update meetings', access: 'write' },
  { id: 'documents:read', description: 'View board documents', access: 'read' },
  { id: 'documents:write', description: 'Upload and edit board documents', access: 'write' },
  { id: 'reports:read', description: 'View board reports', access: 'read' },
  { id: 'reports:write', description: 'Create and edit board reports', access: 'write' },
  { id: 'notifications:read', description: 'View board notifications', access: 'read' },
  { id: 'notifications:write', description: 'Send and manage notifications', access: 'write' },
  { id: 'audit:read', description: 'View the board audit trail', access: 'read' },
  { id: 'functions:read', description: 'View board functions (committees, roles)', access: 'read' },
  { id: 'functions:write', description: 'Change board functions', access: 'write' },
  {
    id: 'portfolio:read',
    description: 'View portfolio-level, cross-board data (personal tokens only)',
    access: 'read',
  },
];

/** The documented board access token read-only preset. */
export const BOARD_TOKEN_READ_PRESET = [
  'boards:read',
  'meetings:read',
  'documents:read',
  'reports:read',
  'notifications:read',
  'audit:read',
  'functions:read',
];

/** The person-readable description of a scope, if it is one of ours. */
export function describeImboardScope(scope: string): string | undefined {
  return IMBOARD_SCOPES.find((s) => s.id === scope)?.description;
}
