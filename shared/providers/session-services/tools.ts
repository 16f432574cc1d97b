import type { Connection } from '../../connections/model.js';
import type { ToolDefinition } from '../types.js';
import { OPERATIONS, type SessionServicesOperationName } from './api-surface.js';
import { NO_PAGING_NOTE } from '../undocumented-paging.js';
import { sessionServicesInputSchema } from './tool-args.js';

interface Entry {
  name: SessionServicesOperationName;
  title: string;
  description: string;
  destructive?: boolean;
  /** Overrides the method-derived access (a quote is a POST that changes nothing). */
  access?: 'read' | 'write';
}

const ENTRIES: Entry[] = [
  {
    name: 'list_events',
    title: 'List events',
    description: "List the tenant's events (public). Filter by status or date range.",
  },
  { name: 'get_event', title: 'Get an event', description: 'Fetch one event by id (public).' },
  {
    name: 'list_admissions',
    title: 'List admissions',
    description: 'Ticket types (admissions) of an event with price and remaining count (public).',
  },
  {
    name: 'list_sections',
    title: 'List sections',
    description: 'Seating sections of an event with capacity (public).',
  },
  { name: 'list_venues', title: 'List venues', description: 'Venues of the tenant (public).' },
  {
    name: 'get_tenant_config',
    title: 'Tenant config',
    description: 'Public tenant configuration: name, currency, timezone, storefront.',
  },
  {
    name: 'quote_order',
    access: 'read',
    title: 'Quote an order',
    description: 'Price a basket of admissions for an event, with fees, without buying (public).',
  },
  {
    name: 'create_checkout_order',
    title: 'Create a checkout order',
    description:
      'Start a checkout order for admissions of an event, as a public storefront does (public: no token needed). The buyer completes payment from the returned order; nothing is charged by this call.',
  },
  { name: 'create_event', title: 'Create an event', description: 'Create a draft event.' },
  { name: 'update_event', title: 'Update an event', description: "Change an event's name, times, venue or status." },
  {
    name: 'list_event_tickets',
    title: 'List tickets and attendees',
    description: 'Tickets issued for an event with attendee name, admission and scan status.',
  },
  { name: 'list_orders', title: 'List orders', description: 'Orders with buyer, total and status.' },
  { name: 'get_order', title: 'Get an order', description: 'One order with buyer, lines, total, refunds and status.' },
  {
    name: 'refund_order',
    title: 'Refund an order',
    description: 'Refund an order in full or in part (money goes back to the buyer).',
    destructive: true,
  },
  { name: 'scan_ticket', title: 'Scan a ticket', description: 'Admit a ticket at the door by its code.' },
  { name: 'list_team_members', title: 'List team members', description: 'Team members and their permissions.' },
  { name: 'list_payouts', title: 'List payouts', description: "Payouts to the organiser's bank account." },
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
    inputSchema: sessionServicesInputSchema(entry.name),
    description: `${entry.description}${op.returns === 'list' ? ` ${NO_PAGING_NOTE}` : ''}${scope ? ` Probably needs the ${scope} permission (assumed: Session Services does not document which scope each endpoint needs).` : ''}`,
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
  if (connection.authKind === 'tenant' || connection.authKind === 'none')
    return SESSION_SERVICES_TOOLS.filter((t) => isPublicTool(t.name));
  return SESSION_SERVICES_TOOLS;
}
