import { z } from 'zod';
import { InputError } from '../../errors.js';
import { sharedInputSchema } from '../tool-input-schema.js';
import type { JsonSchemaObject } from '../types.js';
import { ROUTES, type ImboardToolName } from './api-surface.js';

/*
 * Argument constraints are Bridgekeeper's (ASSUMED: the seed documents no request fields): ids are non-empty strings,
 * times ISO 8601 with an offset, titles up to 200 characters. A value the service would accept outside them is
 * refused here with a message naming the argument.
 */
const id = (what: string) => z.string().trim().min(1, `${what} must not be empty`).max(200).describe(what);
const iso = (what: string) =>
  z.iso
    .datetime({ offset: true, message: `${what} must be an ISO date-time such as 2027-01-19T15:00:00Z` })
    .describe(what);
const text = (what: string, max: number) =>
  z.string().trim().min(1, `${what} must not be empty`).max(max).describe(what);

/** Arguments of each tool besides `boardId` (added per connection: required, or optional for a pinned board token). */
const SHAPES: Record<ImboardToolName, z.ZodRawShape> = {
  get_me: {},
  list_boards: {},
  get_board: {},
  list_meetings: {},
  get_meeting: { meetingId: id('Meeting id') },
  list_documents: {},
  get_document: { documentId: id('Document id (list_documents shows them)') },
  list_reports: {},
  list_notifications: {},
  list_audit_events: {},
  list_functions: {},
  get_portfolio: {},
  create_meeting: {
    title: text('Meeting title', 200),
    startsAt: iso('ISO start time'),
    location: text('Room or video link', 500).optional(),
  },
  update_meeting: {
    meetingId: id('Meeting id'),
    title: text('New title', 200).optional(),
    startsAt: iso('ISO start').optional(),
    location: text('Location', 500).optional(),
    status: z.enum(['scheduled', 'cancelled', 'completed']).optional().describe('New status'),
  },
  create_document: {
    title: text('Document title', 200),
    content: z.string().min(1, 'content must not be empty').max(200_000).describe('Document text (Markdown)'),
    folder: text('Folder name (optional)', 200).optional(),
  },
};

/** The zod validator of a tool's arguments for a connection (`pinned`: a board token, so boardId is optional). */
export function imboardArgsSchema(tool: ImboardToolName, pinned: boolean) {
  const route = ROUTES[tool];
  const boardId = id(pinned ? "Board id; leave out to use the token's own board" : 'Board id (list_boards shows them)');
  const shape = route.board ? { boardId: pinned ? boardId.optional() : boardId, ...SHAPES[tool] } : SHAPES[tool];
  return z.strictObject(shape);
}

/** The MCP input schema, generated from the validator so the two cannot disagree. */
export function imboardInputSchema(tool: ImboardToolName, pinned: boolean): JsonSchemaObject {
  return sharedInputSchema(`imboard:${tool}:${pinned}`, () => imboardArgsSchema(tool, pinned));
}

/**
 * Validates a tool's arguments before any request; the error names every bad argument and what it should be.
 * Returns the parsed (trimmed) arguments.
 */
export function validateImboardArgs(
  tool: ImboardToolName,
  pinned: boolean,
  args: Record<string, unknown>,
): Record<string, unknown> {
  const parsed = imboardArgsSchema(tool, pinned).safeParse(args);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const problems = parsed.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys')
      return `unknown argument${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    const name = issue.path.join('.') || 'arguments';
    const missing =
      issue.code === 'invalid_type' && (args as Record<string, unknown>)[String(issue.path[0])] === undefined;
    return missing ? `'${name}' is required` : `'${name}': ${issue.message}`;
  });
  throw new InputError(
    `Invalid arguments for I'mBoard ${tool}: ${problems.join('; ')}.`,
    `Fix ${problems.length > 1 ? 'these arguments' : 'this argument'} and call ${tool} again (nothing was sent to I'mBoard).`,
  );
}
