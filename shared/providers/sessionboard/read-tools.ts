import { z } from 'zod';
import { METADATA_KINDS, READ_PATHS, TOOL_SCOPE_BASIS } from './api-surface.js';
import { sessionboardRequest } from './request.js';
import {
  Id,
  listOutput,
  pageQuery,
  PagingArgs,
  pagingProps,
  parseArgs,
  recordOutput,
  SESSION_CACHE_NOTE,
  type SessionboardTool,
} from './tool-spec.js';

const eventIdProp = { eventId: { type: 'string', description: 'Event id, from list_events' } };
const EventArgs = PagingArgs.extend({ eventId: Id });
const PAGED = 'Paged: pass page and limit; the result says whether more results exist.';

/** The tool's scope basis from api-surface.ts (documented unless listed there as assumed). */
function basis(name: string): 'documented' | 'assumed' {
  return TOOL_SCOPE_BASIS[name] ?? 'documented';
}

/** A paged read tool that lists one collection of an event. */
function eventList(
  name: string,
  title: string,
  what: string,
  scope: string,
  path: (eventId: string) => string,
): SessionboardTool {
  return {
    name,
    title,
    description: `List the ${what} of a Sessionboard event. ${PAGED}`,
    inputSchema: {
      type: 'object',
      properties: { ...eventIdProp, ...pagingProps },
      required: ['eventId'],
      additionalProperties: false,
    },
    access: 'read',
    requiredScopes: () => [scope],
    scopeBasis: basis(name),
    run: async (ctx, args) => {
      const a = parseArgs(name, EventArgs, args);
      const page = pageQuery(a);
      return listOutput(await sessionboardRequest(ctx, { path: path(a.eventId), query: page }), page);
    },
  };
}

/** Sessionboard read tools (REST). Only `list_events` uses a documented path; see api-surface.ts. */
export const READ_TOOLS: SessionboardTool[] = [
  {
    name: 'list_events',
    title: 'List events',
    description: `List the events of the Sessionboard organization this token can reach. ${PAGED}`,
    inputSchema: { type: 'object', properties: { ...pagingProps }, additionalProperties: false },
    access: 'read',
    requiredScopes: () => ['read:events'],
    scopeBasis: basis('list_events'),
    run: async (ctx, args) => {
      const page = pageQuery(parseArgs('list_events', PagingArgs, args));
      return listOutput(await sessionboardRequest(ctx, { path: READ_PATHS.events(), query: page }), page);
    },
  },
  {
    name: 'get_event',
    title: 'Get an event',
    description: 'Get one Sessionboard event by id (dates, timezone, status).',
    inputSchema: { type: 'object', properties: eventIdProp, required: ['eventId'], additionalProperties: false },
    access: 'read',
    requiredScopes: () => ['read:events'],
    scopeBasis: basis('get_event'),
    run: async (ctx, args) => {
      const { eventId } = parseArgs('get_event', z.object({ eventId: Id }), args);
      return recordOutput(await sessionboardRequest(ctx, { path: READ_PATHS.event(eventId) }));
    },
  },
  {
    name: 'list_sessions',
    title: 'List sessions',
    description: `List the sessions of an event, optionally filtered by status (e.g. accepted) or a search text. ${PAGED} ${SESSION_CACHE_NOTE}`,
    inputSchema: {
      type: 'object',
      properties: {
        ...eventIdProp,
        status: { type: 'string', description: 'e.g. accepted, submitted, rejected' },
        search: { type: 'string' },
        ...pagingProps,
      },
      required: ['eventId'],
      additionalProperties: false,
    },
    access: 'read',
    requiredScopes: () => ['read:sessions'],
    scopeBasis: basis('list_sessions'),
    run: async (ctx, args) => {
      const a = parseArgs(
        'list_sessions',
        EventArgs.extend({ status: z.string().optional(), search: z.string().optional() }),
        args,
      );
      const page = pageQuery(a);
      return listOutput(
        await sessionboardRequest(ctx, {
          path: READ_PATHS.sessions(a.eventId),
          query: { status: a.status, search: a.search, ...page },
        }),
        page,
        SESSION_CACHE_NOTE,
      );
    },
  },
  {
    name: 'get_session',
    title: 'Get a session',
    description: `Get one session by id, with its speakers, room and track. ${SESSION_CACHE_NOTE}`,
    inputSchema: {
      type: 'object',
      properties: { sessionId: { type: 'string' } },
      required: ['sessionId'],
      additionalProperties: false,
    },
    access: 'read',
    requiredScopes: () => ['read:sessions'],
    scopeBasis: basis('get_session'),
    run: async (ctx, args) => {
      const { sessionId } = parseArgs('get_session', z.object({ sessionId: Id }), args);
      return recordOutput(await sessionboardRequest(ctx, { path: READ_PATHS.session(sessionId) }), SESSION_CACHE_NOTE);
    },
  },
  {
    name: 'list_contacts',
    title: 'List contacts',
    description: `List the speakers and contacts of an event. With Hide PII on, emails and phones come back masked. ${PAGED}`,
    inputSchema: {
      type: 'object',
      properties: { ...eventIdProp, search: { type: 'string' }, ...pagingProps },
      required: ['eventId'],
      additionalProperties: false,
    },
    access: 'read',
    requiredScopes: () => ['read:contacts'],
    scopeBasis: basis('list_contacts'),
    run: async (ctx, args) => {
      const a = parseArgs('list_contacts', EventArgs.extend({ search: z.string().optional() }), args);
      const page = pageQuery(a);
      return listOutput(
        await sessionboardRequest(ctx, { path: READ_PATHS.contacts(a.eventId), query: { search: a.search, ...page } }),
        page,
      );
    },
  },
  eventList(
    'list_speakers',
    'List speakers',
    'speakers (with Hide PII on, their emails and phones come back masked)',
    'read:contacts',
    READ_PATHS.speakers,
  ),
  {
    name: 'list_speaker_sessions',
    title: "List a speaker's sessions",
    description: `List the sessions one speaker is on (speakerId from list_speakers or list_contacts). ${PAGED}`,
    inputSchema: {
      type: 'object',
      properties: { speakerId: { type: 'string' }, ...pagingProps },
      required: ['speakerId'],
      additionalProperties: false,
    },
    access: 'read',
    requiredScopes: () => ['read:sessions'],
    scopeBasis: basis('list_speaker_sessions'),
    run: async (ctx, args) => {
      const a = parseArgs('list_speaker_sessions', PagingArgs.extend({ speakerId: Id }), args);
      const page = pageQuery(a);
      return listOutput(
        await sessionboardRequest(ctx, { path: READ_PATHS.speakerSessions(a.speakerId), query: page }),
        page,
      );
    },
  },
  {
    name: 'list_session_metadata',
    title: 'List session metadata',
    description: `List an event's rooms, tracks, tags, formats, levels, languages, statuses or custom fields (kind argument): the ids manage_metadata and session writes need. ${PAGED}`,
    inputSchema: {
      type: 'object',
      properties: { ...eventIdProp, kind: { type: 'string', enum: [...METADATA_KINDS] }, ...pagingProps },
      required: ['eventId', 'kind'],
      additionalProperties: false,
    },
    access: 'read',
    requiredScopes: () => ['read:sessions'],
    scopeBasis: basis('list_session_metadata'),
    run: async (ctx, args) => {
      const a = parseArgs('list_session_metadata', EventArgs.extend({ kind: z.enum(METADATA_KINDS) }), args);
      const page = pageQuery(a);
      return listOutput(
        await sessionboardRequest(ctx, { path: READ_PATHS.metadata(a.eventId, a.kind), query: page }),
        page,
      );
    },
  },
  eventList('list_exhibitors', 'List exhibitors', 'exhibitors', 'read:events', READ_PATHS.exhibitors),
  eventList('list_sponsors', 'List sponsors', 'sponsors', 'read:events', READ_PATHS.sponsors),
  eventList(
    'list_reports',
    'List saved reports',
    'saved reports (needs read:reports, not part of the default read access)',
    'read:reports',
    READ_PATHS.reports,
  ),
  eventList(
    'list_dashboards',
    'List dashboards',
    'dashboards (needs read:dashboards, not part of the default read access)',
    'read:dashboards',
    READ_PATHS.dashboards,
  ),
  {
    name: 'run_sbql',
    title: 'Run an SbQL query',
    description:
      'Run a Sessionboard Query Language (SbQL) query, e.g. "count sessions where status = \'accepted\'". Needs read:insights. Not paged: narrow the query to get less.',
    inputSchema: {
      type: 'object',
      properties: { query: { type: 'string' }, eventId: { type: 'string' } },
      required: ['query'],
      additionalProperties: false,
    },
    access: 'read',
    requiredScopes: () => ['read:insights'],
    scopeBasis: basis('run_sbql'),
    run: async (ctx, args) => {
      const a = parseArgs('run_sbql', z.object({ query: z.string().min(1).max(5000), eventId: Id.optional() }), args);
      const response = await sessionboardRequest(ctx, { method: 'POST', path: READ_PATHS.sbql(), json: a });
      return { data: response.body, status: response.status };
    },
  },
];
