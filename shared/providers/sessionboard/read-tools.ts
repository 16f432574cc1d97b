import { z } from 'zod';
import { ListSchema, READ_PATHS, RecordSchema } from './api-surface.js';
import { sessionboardRequest } from './request.js';
import { Id, output, parseArgs, type SessionboardTool } from './tool-spec.js';

const eventIdProp = { eventId: { type: 'string', description: 'Event id, from list_events' } };
const EventArgs = z.object({ eventId: Id });

/** A read tool that lists one collection of an event. */
function eventList(name: string, title: string, what: string, scope: string, path: (eventId: string) => string): SessionboardTool {
  return {
    name,
    title,
    description: `List the ${what} of a Sessionboard event.`,
    inputSchema: { type: 'object', properties: eventIdProp, required: ['eventId'], additionalProperties: false },
    access: 'read',
    requiredScopes: () => [scope],
    run: async (ctx, args) => {
      const { eventId } = parseArgs(name, EventArgs, args);
      return output(await sessionboardRequest(ctx, { path: path(eventId) }), ListSchema);
    },
  };
}

/** Sessionboard read tools (REST). */
export const READ_TOOLS: SessionboardTool[] = [
  {
    name: 'list_events',
    title: 'List events',
    description: 'List the events of the Sessionboard organization this token can reach.',
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
    access: 'read',
    requiredScopes: () => ['read:events'],
    run: async (ctx) => output(await sessionboardRequest(ctx, { path: READ_PATHS.events() }), ListSchema),
  },
  {
    name: 'list_sessions',
    title: 'List sessions',
    description: 'List the sessions of an event, optionally filtered by status (e.g. accepted) or a search text. Results may be up to 3 minutes old (Sessionboard cache).',
    inputSchema: {
      type: 'object',
      properties: { ...eventIdProp, status: { type: 'string', description: 'e.g. accepted, submitted, rejected' }, search: { type: 'string' } },
      required: ['eventId'],
      additionalProperties: false,
    },
    access: 'read',
    requiredScopes: () => ['read:sessions'],
    run: async (ctx, args) => {
      const a = parseArgs('list_sessions', EventArgs.extend({ status: z.string().optional(), search: z.string().optional() }), args);
      return output(await sessionboardRequest(ctx, { path: READ_PATHS.sessions(a.eventId), query: { status: a.status, search: a.search } }), ListSchema);
    },
  },
  {
    name: 'get_session',
    title: 'Get a session',
    description: 'Get one session by id, with its speakers, room and track.',
    inputSchema: { type: 'object', properties: { sessionId: { type: 'string' } }, required: ['sessionId'], additionalProperties: false },
    access: 'read',
    requiredScopes: () => ['read:sessions'],
    run: async (ctx, args) => {
      const { sessionId } = parseArgs('get_session', z.object({ sessionId: Id }), args);
      return output(await sessionboardRequest(ctx, { path: READ_PATHS.session(sessionId) }), RecordSchema);
    },
  },
  {
    name: 'list_contacts',
    title: 'List contacts',
    description: 'List the speakers and contacts of an event. With Hide PII on, emails and phones come back masked.',
    inputSchema: { type: 'object', properties: { ...eventIdProp, search: { type: 'string' } }, required: ['eventId'], additionalProperties: false },
    access: 'read',
    requiredScopes: () => ['read:contacts'],
    run: async (ctx, args) => {
      const a = parseArgs('list_contacts', EventArgs.extend({ search: z.string().optional() }), args);
      return output(await sessionboardRequest(ctx, { path: READ_PATHS.contacts(a.eventId), query: { search: a.search } }), ListSchema);
    },
  },
  eventList('list_exhibitors', 'List exhibitors', 'exhibitors', 'read:events', READ_PATHS.exhibitors),
  eventList('list_sponsors', 'List sponsors', 'sponsors', 'read:events', READ_PATHS.sponsors),
  eventList('list_reports', 'List saved reports', 'saved reports', 'read:reports', READ_PATHS.reports),
  eventList('list_dashboards', 'List dashboards', 'dashboards', 'read:dashboards', READ_PATHS.dashboards),
  {
    name: 'run_sbql',
    title: 'Run an SbQL query',
    description: "Run a Sessionboard Query Language (SbQL) query, e.g. \"count sessions where status = 'accepted'\". Needs read:insights.",
    inputSchema: { type: 'object', properties: { query: { type: 'string' }, eventId: { type: 'string' } }, required: ['query'], additionalProperties: false },
    access: 'read',
    requiredScopes: () => ['read:insights'],
    run: async (ctx, args) => {
      const a = parseArgs('run_sbql', z.object({ query: z.string().min(1).max(5000), eventId: Id.optional() }), args);
      return output(await sessionboardRequest(ctx, { method: 'POST', path: READ_PATHS.sbql(), json: a }), z.object({ data: z.unknown() }).passthrough());
    },
  },
];
