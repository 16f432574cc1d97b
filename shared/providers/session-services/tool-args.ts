import { z } from 'zod';
import { InputError } from '../../errors.js';
import { sharedInputSchema } from '../tool-input-schema.js';
import type { JsonSchemaObject } from '../types.js';
import type { SessionServicesOperationName } from './api-surface.js';

/*
 * Argument constraints are Bridgekeeper's (ASSUMED: the seed documents no request fields): ids are non-empty strings,
 * times ISO 8601, list limits 1–200, quantities 1–50. A value the service would accept outside them is refused here
 * with a message naming the argument.
 */
const id = (what: string) => z.string().trim().min(1, `${what} must not be empty`).max(200).describe(what);
const iso = (what: string) =>
  z.iso
    .datetime({ offset: true, message: `${what} must be an ISO date-time such as 2027-03-01T19:00:00Z` })
    .describe(what);
const isoDate = (what: string) =>
  z
    .union([z.iso.date(), z.iso.datetime({ offset: true })], {
      message: `${what} must be an ISO date such as 2027-03-01`,
    })
    .describe(what);
const text = (what: string, max = 200) => z.string().trim().min(1, `${what} must not be empty`).max(max).describe(what);
const limit = (what: string) => z.int().min(1).max(200).describe(what);
const eventId = id('Event id, e.g. evt_01…');
const lines = z
  .array(z.strictObject({ admissionId: id('Admission id'), quantity: z.int().min(1).max(50).describe('How many') }))
  .min(1, 'lines needs at least one admission')
  .describe('Admissions and quantities');
const EVENT_STATUS = z.enum(['draft', 'published', 'cancelled']);

/** Arguments of each Session Services tool (paths, query and body alike). */
const SHAPES: Record<SessionServicesOperationName, z.ZodRawShape> = {
  list_events: {
    status: EVENT_STATUS.optional(),
    from: isoDate('ISO date, events starting on/after').optional(),
    to: isoDate('ISO date, events starting before').optional(),
    limit: limit('Maximum events (default 50)').optional(),
  },
  get_event: { eventId },
  list_admissions: { eventId },
  list_sections: { eventId },
  list_venues: {},
  get_tenant_config: {},
  quote_order: { eventId, lines },
  create_checkout_order: {
    eventId,
    lines,
    buyerEmail: z.email('buyerEmail must be an email address').describe('Buyer email (receives the tickets)'),
    buyerName: text('Buyer name').optional(),
  },
  create_event: {
    name: text('Event name'),
    startsAt: iso('ISO start time'),
    endsAt: iso('ISO end time').optional(),
    venueId: id('Venue id (optional)').optional(),
  },
  update_event: {
    eventId,
    name: text('New name').optional(),
    startsAt: iso('ISO start').optional(),
    endsAt: iso('ISO end').optional(),
    venueId: id('Venue id').optional(),
    status: EVENT_STATUS.optional(),
  },
  list_event_tickets: { eventId, limit: limit('Maximum tickets').optional() },
  list_orders: {
    eventId: id('Only orders for this event').optional(),
    status: z.enum(['paid', 'refunded', 'partially_refunded']).optional(),
    limit: limit('Maximum orders').optional(),
  },
  get_order: { orderId: id('Order id, e.g. ord_1001') },
  refund_order: {
    orderId: id('Order id'),
    amountCents: z.int().min(1).describe('Partial refund in cents; omit for a full refund').optional(),
    reason: text('Why (kept on the order)', 500).optional(),
  },
  scan_ticket: { eventId, ticketCode: id('Code printed on the ticket / QR') },
  list_team_members: {},
  list_payouts: {
    status: z.enum(['pending', 'paid', 'failed']).optional(),
    limit: limit('Maximum payouts').optional(),
  },
};

/** The zod validator of a tool's arguments. */
export function sessionServicesArgsSchema(tool: SessionServicesOperationName) {
  return z.strictObject(SHAPES[tool]);
}

/** The MCP input schema, generated from the validator so the two cannot disagree. */
export function sessionServicesInputSchema(tool: SessionServicesOperationName): JsonSchemaObject {
  return sharedInputSchema(`session-services:${tool}`, () => sessionServicesArgsSchema(tool));
}

/** Validates a tool's arguments before any request; the error names every bad argument. Returns the parsed arguments. */
export function validateSessionServicesArgs(
  tool: SessionServicesOperationName,
  args: Record<string, unknown>,
): Record<string, unknown> {
  const parsed = sessionServicesArgsSchema(tool).safeParse(args);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const problems = parsed.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys')
      return `unknown argument${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    const name = issue.path.join('.') || 'arguments';
    const missing =
      issue.code === 'invalid_type' && issue.path.length === 1 && args[String(issue.path[0])] === undefined;
    return missing ? `'${name}' is required` : `'${name}': ${issue.message}`;
  });
  throw new InputError(
    `Invalid arguments for Session Services ${tool}: ${problems.join('; ')}.`,
    `Fix ${problems.length > 1 ? 'these arguments' : 'this argument'} and call ${tool} again (nothing was sent to Session Services).`,
  );
}
