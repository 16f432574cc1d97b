import { z } from 'zod';
import { METADATA_KINDS, READ_PATHS, TOOL_SCOPE_BASIS } from './api-surface.js';
import { sessionboardRequest } from './request.js';
import {
  Id,
  listOutput,
  pageQuery,
  PagingArgs,
  recordOutput,
  SESSION_CACHE_NOTE,
  type SessionboardTool,
  sessionboardTool,
} from './tool-spec.js';

const EventId = Id.describe('Event id, from list_events');
const EventArgs = PagingArgs.extend({ eventId: EventId });
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
  return sessionboardTool({
    name,
    title,
    description: `List the ${what} of a Sessionboard event. ${PAGED}`,
    args: EventArgs,
    access: 'read',
    requiredScopes: () => [scope],
    scopeBasis: basis(name),
    run: async (ctx, a) => {
      const page = pageQuery(a);
      return listOutput(await sessionboardRequest(ctx, { path: path(a.eventId), query: page }), page);
    },
  });
}

/** Sessionboard read tools (REST). Only `list_events` uses a documented path; see api-surface.ts. */
export const READ_TOOLS: SessionboardTool[] = [
  sessionboardTool({
    name: 'list_events',
    title: 'List events',
    description: `List the events of the Sessionboard organization this token can reach. ${PAGED}`,
    args: PagingArgs,
    access: 'read',
    requiredScopes: () => ['read:events'],
    scopeBasis: basis('list_events'),
    run: async (ctx, a) => {
      const page = pageQuery(a);
      return listOutput(await sessionboardRequest(ctx, { path: READ_PATHS.events(), query: page }), page);
    },
  }),
  sessionboardTool({
    name: 'get_event',
    title: 'Get an event',
    description: 'Get one Sessionboard event by id (dates, timezone, status).',
    args: z.strictObject({ eventId: EventId }),
    access: 'read',
    requiredScopes: () => ['read:events'],
    scopeBasis: basis('get_event'),
    run: async (ctx, { eventId }) => recordOutput(await sessionboardRequest(ctx, { path: READ_PATHS.event(eventId) })),
  }),
  sessionboardTool({
    name: 'list_sessions',
    title: 'List sessions',
    description: `List the sessions of an event, optionally filtered by status (e.g. accepted) or a search text. ${PAGED} ${SESSION_CACHE_NOTE}`,
    args: EventArgs.extend({
      status: z.string().optional().describe('e.g. accepted, submitted, rejected'),
      search: z.string().optional(),
    }),
    access: 'read',
    requiredScopes: () => ['read:sessions'],
    scopeBasis: basis('list_sessions'),
    run: async (ctx, a) => {
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
  }),
  sessionboardTool({
    name: 'get_session',
    title: 'Get a session',
    description: `Get one session by id, with its speakers, room and track. ${SESSION_CACHE_NOTE}`,
    args: z.strictObject({ sessionId: Id }),
    access: 'read',
    requiredScopes: () => ['read:sessions'],
    scopeBasis: basis('get_session'),
    run: async (ctx, { sessionId }) =>
      recordOutput(await sessionboardRequest(ctx, { path: READ_PATHS.session(sessionId) }), SESSION_CACHE_NOTE),
  }),
  sessionboardTool({
    name: 'list_contacts',
    title: 'List contacts',
    description: `List the speakers and contacts of an event. With Hide PII on, emails and phones come back masked. ${PAGED}`,
    args: EventArgs.extend({ search: z.string().optional() }),
    access: 'read',
    requiredScopes: () => ['read:contacts'],
    scopeBasis: basis('list_contacts'),
    run: async (ctx, a) => {
      const page = pageQuery(a);
      return listOutput(
        await sessionboardRequest(ctx, { path: READ_PATHS.contacts(a.eventId), query: { search: a.search, ...page } }),
        page,
      );
    },
  }),
  eventList(
    'list_speakers',
    'List speakers',
    'speakers (with Hide PII on, their emails and phones come back masked)',
    'read:contacts',
    READ_PATHS.speakers,
  ),
  sessionboardTool({
    name: 'list_speaker_sessions',
    title: "List a speaker's sessions",
    description: `List the sessions one speaker is on (speakerId from list_speakers or list_contacts). ${PAGED}`,
    args: PagingArgs.extend({ speakerId: Id }),
    access: 'read',
    requiredScopes: () => ['read:sessions'],
    scopeBasis: basis('list_speaker_sessions'),
    run: async (ctx, a) => {
      const page = pageQuery(a);
      return listOutput(
        await sessionboardRequest(ctx, { path: READ_PATHS.speakerSessions(a.speakerId), query: page }),
        page,
      );
    },
  }),
  sessionboardTool({
    name: 'list_session_metadata',
    title: 'List session metadata',
    description: `List an event's rooms, tracks, tags, formats, levels, languages, statuses or custom fields (kind argument): the ids manage_metadata and session writes need. ${PAGED}`,
    args: EventArgs.extend({ kind: z.enum(METADATA_KINDS) }),
    access: 'read',
    requiredScopes: () => ['read:sessions'],
    scopeBasis: basis('list_session_metadata'),
    run: async (ctx, a) => {
      const page = pageQuery(a);
      return listOutput(
        await sessionboardRequest(ctx, { path: READ_PATHS.metadata(a.eventId, a.kind), query: page }),
        page,
      );
    },
  }),
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
  sessionboardTool({
    name: 'run_sbql',
    title: 'Run an SbQL query',
    description:
      'Run a Sessionboard Query Language (SbQL) query, e.g. "count sessions where status = \'accepted\'". Needs read:insights. Not paged: narrow the query to get less.',
    args: z.strictObject({ query: z.string().min(1).max(5000), eventId: Id.optional() }),
    access: 'read',
    requiredScopes: () => ['read:insights'],
    scopeBasis: basis('run_sbql'),
    run: async (ctx, a) => {
      const response = await sessionboardRequest(ctx, { method: 'POST', path: READ_PATHS.sbql(), json: a });
      return { data: response.body, status: response.status };
    },
  }),
];
