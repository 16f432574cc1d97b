import type { Connection } from '../../connections/model.js';
import type { JsonSchemaObject, ToolDefinition } from '../types.js';
import { OPERATIONS, type SessionServicesOperationName } from './api-surface.js';

const str = (description: string) => ({ type: 'string', description });
const int = (description: string) => ({ type: 'integer', minimum: 1, maximum: 200, description });
const obj = (properties: Record<string, unknown>, required: string[] = []): JsonSchemaObject => ({ type: 'object', properties, required, additionalProperties: false });
const eventId = str('Event id, e.g. evt_01…');

interface Entry {
  name: SessionServicesOperationName;
  title: string;
  description: string;
  inputSchema: JsonSchemaObject;
  destructive?: boolean;
  /** Overrides the method-derived access (a quote is a POST that changes nothing). */
  access?: 'read' | 'write';
}

const ENTRIES: Entry[] = [
  { name: 'list_events', title: 'List events', description: 'List the tenant\'s events (public). Filter by status or date range.', inputSchema: obj({ status: { type: 'string', enum: ['draft', 'published', 'cancelled'] }, from: str('ISO date, events starting on/after'), to: str('ISO date, events starting before'), limit: int('Maximum events (default 50)') }) },
  { name: 'get_event', title: 'Get an event', description: 'Fetch one event by id (public).', inputSchema: obj({ eventId }, ['eventId']) },
  { name: 'list_admissions', title: 'List admissions', description: 'Ticket types (admissions) of an event with price and remaining count (public).', inputSchema: obj({ eventId }, ['eventId']) },
  { name: 'list_sections', title: 'List sections', description: 'Seating sections of an event with capacity (public).', inputSchema: obj({ eventId }, ['eventId']) },
  { name: 'list_venues', title: 'List venues', description: 'Venues of the tenant (public).', inputSchema: obj({}) },
  { name: 'get_tenant_config', title: 'Tenant config', description: 'Public tenant configuration: name, currency, timezone, storefront.', inputSchema: obj({}) },
  { name: 'quote_order', access: 'read', title: 'Quote an order', description: 'Price a basket of admissions for an event, with fees, without buying (public).', inputSchema: obj({ eventId, lines: { type: 'array', minItems: 1, items: obj({ admissionId: str('Admission id'), quantity: { type: 'integer', minimum: 1, maximum: 50 } }, ['admissionId', 'quantity']) } }, ['eventId', 'lines']) },
  { name: 'create_checkout_order', title: 'Create a checkout order', description: 'Start a checkout order for admissions of an event, as a public storefront does (public: no token needed). The buyer completes payment from the returned order; nothing is charged by this call.', inputSchema: obj({ eventId, lines: { type: 'array', minItems: 1, items: obj({ admissionId: str('Admission id'), quantity: { type: 'integer', minimum: 1, maximum: 50 } }, ['admissionId', 'quantity']) }, buyerEmail: str('Buyer email (receives the tickets)'), buyerName: str('Buyer name') }, ['eventId', 'lines', 'buyerEmail']) },
  { name: 'create_event', title: 'Create an event', description: 'Create a draft event.', inputSchema: obj({ name: str('Event name'), startsAt: str('ISO start time'), endsAt: str('ISO end time'), venueId: str('Venue id (optional)') }, ['name', 'startsAt']) },
  { name: 'update_event', title: 'Update an event', description: 'Change an event\'s name, times, venue or status.', inputSchema: obj({ eventId, name: str('New name'), startsAt: str('ISO start'), endsAt: str('ISO end'), venueId: str('Venue id'), status: { type: 'string', enum: ['draft', 'published', 'cancelled'] } }, ['eventId']) },
  { name: 'list_event_tickets', title: 'List tickets and attendees', description: 'Tickets issued for an event with attendee name, admission and scan status.', inputSchema: obj({ eventId, limit: int('Maximum tickets') }, ['eventId']) },
  { name: 'list_orders', title: 'List orders', description: 'Orders with buyer, total and status.', inputSchema: obj({ eventId: str('Only orders for this event'), status: { type: 'string', enum: ['paid', 'refunded', 'partially_refunded'] }, limit: int('Maximum orders') }) },
  { name: 'get_order', title: 'Get an order', description: 'One order with buyer, lines, total, refunds and status.', inputSchema: obj({ orderId: str('Order id, e.g. ord_1001') }, ['orderId']) },
  { name: 'refund_order', title: 'Refund an order', description: 'Refund an order in full or in part (money goes back to the buyer).', inputSchema: obj({ orderId: str('Order id'), amountCents: { type: 'integer', minimum: 1, description: 'Partial refund in cents; omit for a full refund' }, reason: str('Why (kept on the order)') }, ['orderId']), destructive: true },
  { name: 'scan_ticket', title: 'Scan a ticket', description: 'Admit a ticket at the door by its code.', inputSchema: obj({ eventId, ticketCode: str('Code printed on the ticket / QR') }, ['eventId', 'ticketCode']) },
  { name: 'list_team_members', title: 'List team members', description: 'Team members and their permissions.', inputSchema: obj({}) },
  { name: 'list_payouts', title: 'List payouts', description: 'Payouts to the organiser\'s bank account.', inputSchema: obj({ status: { type: 'string', enum: ['pending', 'paid', 'failed'] }, limit: int('Maximum payouts') }) },
];

/**
 * Every Session Services tool with its access and required scope (from the API surface). The seed maps no endpoint
 * to a scope, so every scoped tool is `scopeBasis: 'assumed'`: shown as "scope needed: EVENT (assumed)", never
 * refused locally on that guess; the call is forwarded and a 403 teaches the gateway.
 */
export const SESSION_SERVICES_TOOLS: ToolDefinition[] = ENTRIES.map((entry) => {
  const op = OPERATIONS[entry.name];
  const scope: string | null = op.scope;
  return {
    ...entry,
    description: scope ? `${entry.description} Probably needs the ${scope} permission (assumed: Session Services does not document which scope each endpoint needs).` : entry.description,
    access: entry.access ?? (op.method === 'GET' ? 'read' : 'write'),
    requiredScopes: () => (scope ? [scope] : []),
    ...(scope ? { scopeBasis: 'assumed' as const } : {}),
  } satisfies ToolDefinition;
});

/** True when the tool works with a tenant id alone. */
export function isPublicTool(name: string): boolean {
  return (OPERATIONS as Record<string, { scope: string | null }>)[name]?.scope === null;
}

/** The tools a connection offers: tenant-only connections get only the public tools (reads, quotes, storefront checkout). */
export function sessionServicesToolsFor(connection: Connection): ToolDefinition[] {
  if (connection.authKind === 'tenant' || connection.authKind === 'none') return SESSION_SERVICES_TOOLS.filter((t) => isPublicTool(t.name));
  return SESSION_SERVICES_TOOLS;
}
