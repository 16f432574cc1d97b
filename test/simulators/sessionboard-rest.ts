import { randomUUID } from 'node:crypto';
import { eventAccess, requireScope, sbError, type SimCaller, type SimReply } from './sessionboard-auth.js';
import type { SessionboardWorld, SimRecord } from './sessionboard-data.js';
import { maskPii } from './sessionboard-pii.js';

const READ_COLLECTIONS: Record<string, string> = {
  sessions: 'read:sessions',
  contacts: 'read:contacts',
  exhibitors: 'read:events',
  sponsors: 'read:events',
  reports: 'read:reports',
  dashboards: 'read:dashboards',
};
const WRITE_COLLECTIONS: Record<string, string> = {
  sessions: 'write:sessions',
  contacts: 'write:contacts',
  exhibitors: 'write:exhibitors',
  sponsors: 'write:sponsors',
};
const METADATA_KINDS = ['rooms', 'tracks', 'tags', 'formats', 'levels', 'languages', 'statuses', 'custom_fields'];

/** Write scope for a managed collection ('sessions', 'metadata/rooms' …), or undefined when unknown. */
function writeScope(collection: string): string | undefined {
  if (collection.startsWith('metadata/')) {
    const kind = collection.slice('metadata/'.length);
    if (!METADATA_KINDS.includes(kind)) return undefined;
    return kind === 'custom_fields' ? 'write:fields' : 'write:metadata';
  }
  return WRITE_COLLECTIONS[collection];
}

/** Answers one authenticated REST request of the simulated Sessionboard Public API. */
export function routeRest(
  world: SessionboardWorld,
  caller: SimCaller,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
): SimReply {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'v1') return sbError(404, 'not_found', `No route ${method} ${path}.`);
  const [, a, b, c, d] = parts;
  if (method === 'GET' && a === 'token' && !b) return tokenInfo(caller);
  if (method === 'GET' && a === 'events' && !b) {
    return requireScope(caller, 'read:events') ?? page(visibleEvents(world, caller), query);
  }
  if (method === 'GET' && a === 'events' && b && !c) {
    return (
      requireScope(caller, 'read:events') ??
      eventAccess(world, caller, b) ?? { status: 200, body: { data: world.events.find((e) => e.id === b) } }
    );
  }
  if (method === 'GET' && a === 'events' && b && c && READ_COLLECTIONS[c] && !d)
    return listCollection(world, caller, b, c, query);
  if (method === 'GET' && a === 'events' && b && c === 'speakers' && !d) return listSpeakers(world, caller, b, query);
  if (
    method === 'GET' &&
    a === 'events' &&
    b &&
    c === 'metadata' &&
    d &&
    METADATA_KINDS.includes(d) &&
    parts.length === 5
  ) {
    return (
      requireScope(caller, 'read:sessions') ??
      eventAccess(world, caller, b) ??
      page(
        (world.records.get(`metadata/${d}`) ?? []).filter((r) => r.eventId === b && !r.deletedAt),
        query,
      )
    );
  }
  if (method === 'GET' && a === 'speakers' && b && c === 'sessions' && !d)
    return speakerSessions(world, caller, b, query);
  if (method === 'GET' && a === 'sessions' && b && !c) {
    const denied = requireScope(caller, 'read:sessions');
    if (denied) return denied;
    const record = findRecord(world, 'sessions', b);
    if (!record) return sbError(404, 'not_found', `Session ${b} not found.`);
    return eventAccess(world, caller, record.eventId) ?? { status: 200, body: { data: record } };
  }
  if (method === 'POST' && a === 'insights' && b === 'sbql') return runSbql(world, caller, body);
  if (method === 'POST' && a === 'events' && b && c) return createRecord(world, caller, b, d ? `${c}/${d}` : c, body);
  if (a && b) return mutateRecord(world, caller, method, parts.slice(1), body);
  return sbError(404, 'not_found', `No route ${method} ${path}.`);
}

function tokenInfo({ token, org }: SimCaller): SimReply {
  const restrictions =
    token.eventRestrictions?.map((id) => ({ id, name: id === 'evt_devday26' ? 'Acme DevDay 2026' : id })) ?? null;
  return {
    status: 200,
    body: {
      token: {
        id: token.id,
        name: token.name,
        scopes: token.scopes,
        mcpAccess: token.mcpAccess,
        hidePii: token.hidePii,
        eventRestrictions: restrictions,
        createdAt: '2026-01-15T09:00:00.000Z',
        expiresAt: token.expiresAt,
      },
      organization: {
        id: org.id,
        name: org.name,
        region: org.region,
        aiFeatures: org.aiFeatures,
        mcpAccess: org.mcpAccess,
      },
    },
  };
}

function visibleEvents(world: SessionboardWorld, caller: SimCaller) {
  return world.events.filter(
    (e) =>
      e.orgId === caller.org.id && (!caller.token.eventRestrictions || caller.token.eventRestrictions.includes(e.id)),
  );
}

function findRecord(world: SessionboardWorld, collection: string, id: string): SimRecord | undefined {
  return world.records.get(collection)?.find((r) => r.id === id && !r.deletedAt);
}

function listCollection(
  world: SessionboardWorld,
  caller: SimCaller,
  eventId: string,
  collection: string,
  query: URLSearchParams,
): SimReply {
  const denied = requireScope(caller, READ_COLLECTIONS[collection]!) ?? eventAccess(world, caller, eventId);
  if (denied) return denied;
  const status = query.get('status');
  const search = query.get('search')?.toLowerCase();
  let rows = (world.records.get(collection) ?? []).filter((r) => r.eventId === eventId && !r.deletedAt);
  if (status) rows = rows.filter((r) => r.status === status);
  if (search) rows = rows.filter((r) => JSON.stringify(r).toLowerCase().includes(search));
  if (caller.token.hidePii) rows = rows.map(maskPii);
  return page(rows, query);
}

/** One page of rows (`page`, `limit`; default everything) with `meta: { page, limit, total, hasMore }`. */
function page(rows: unknown[], query: URLSearchParams): SimReply {
  const limit = Number(query.get('limit') ?? rows.length) || rows.length || 1;
  const current = Math.max(1, Number(query.get('page') ?? 1) || 1);
  const slice = rows.slice((current - 1) * limit, current * limit);
  return {
    status: 200,
    body: { data: slice, meta: { page: current, limit, total: rows.length, hasMore: current * limit < rows.length } },
  };
}

/** Contacts of an event that speak in one of its sessions. */
function listSpeakers(world: SessionboardWorld, caller: SimCaller, eventId: string, query: URLSearchParams): SimReply {
  const denied = requireScope(caller, 'read:contacts') ?? eventAccess(world, caller, eventId);
  if (denied) return denied;
  const speakerIds = new Set(
    (world.records.get('sessions') ?? [])
      .filter((r) => r.eventId === eventId && !r.deletedAt)
      .flatMap((r) => (Array.isArray(r.speakerIds) ? (r.speakerIds as string[]) : [])),
  );
  let rows = (world.records.get('contacts') ?? []).filter((r) => speakerIds.has(r.id) && !r.deletedAt);
  if (caller.token.hidePii) rows = rows.map(maskPii);
  return page(rows, query);
}

/** Sessions one speaker is on. */
function speakerSessions(
  world: SessionboardWorld,
  caller: SimCaller,
  speakerId: string,
  query: URLSearchParams,
): SimReply {
  const denied = requireScope(caller, 'read:sessions');
  if (denied) return denied;
  const speaker = findRecord(world, 'contacts', speakerId);
  if (!speaker) return sbError(404, 'not_found', `Speaker ${speakerId} not found.`);
  const restricted = eventAccess(world, caller, speaker.eventId);
  if (restricted) return restricted;
  return page(
    (world.records.get('sessions') ?? []).filter(
      (r) => !r.deletedAt && Array.isArray(r.speakerIds) && (r.speakerIds as string[]).includes(speakerId),
    ),
    query,
  );
}

function runSbql(world: SessionboardWorld, caller: SimCaller, body: unknown): SimReply {
  const denied = requireScope(caller, 'read:insights');
  if (denied) return denied;
  const q = typeof (body as { query?: unknown })?.query === 'string' ? (body as { query: string }).query : '';
  const m = /^\s*count\s+(sessions|contacts|exhibitors|sponsors)(?:\s+where\s+(\w+)\s*=\s*'([^']*)')?\s*$/i.exec(q);
  if (!m) return sbError(400, 'invalid_request', 'Unsupported SbQL: try "count sessions where status = \'accepted\'".');
  const events = new Set(visibleEvents(world, caller).map((e) => e.id));
  const rows = (world.records.get(m[1]!.toLowerCase()) ?? []).filter(
    (r) => events.has(r.eventId) && !r.deletedAt && (!m[2] || String(r[m[2]]) === m[3]),
  );
  return { status: 200, body: { data: { query: q, count: rows.length } } };
}

function createRecord(
  world: SessionboardWorld,
  caller: SimCaller,
  eventId: string,
  collection: string,
  body: unknown,
): SimReply {
  const scope = writeScope(collection);
  if (!scope) return sbError(404, 'not_found', `Unknown collection ${collection}.`);
  const denied = requireScope(caller, scope) ?? eventAccess(world, caller, eventId);
  if (denied) return denied;
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return sbError(422, 'invalid_request', 'The request body must be a JSON object.');
  const record: SimRecord = {
    ...(body as Record<string, unknown>),
    id: `${collection.replace('metadata/', '').slice(0, 3)}_${randomUUID().slice(0, 8)}`,
    eventId,
  };
  world.records.set(collection, [...(world.records.get(collection) ?? []), record]);
  return { status: 201, body: { data: record } };
}

function mutateRecord(
  world: SessionboardWorld,
  caller: SimCaller,
  method: string,
  rest: string[],
  body: unknown,
): SimReply {
  const restore = rest[rest.length - 1] === 'restore' && method === 'POST';
  const segs = restore ? rest.slice(0, -1) : rest;
  const id = segs[segs.length - 1]!;
  const collection = segs.slice(0, -1).join('/');
  const scope = writeScope(collection);
  if (!scope || !['PATCH', 'DELETE', 'POST'].includes(method) || (method === 'POST' && !restore))
    return sbError(404, 'not_found', `No route ${method} /v1/${rest.join('/')}.`);
  const denied = requireScope(caller, scope);
  if (denied) return denied;
  if (restore && collection.startsWith('metadata/')) return sbError(404, 'not_found', 'Metadata cannot be restored.');
  const record = world.records
    .get(collection)
    ?.find((r) => r.id === id && (restore ? Boolean(r.deletedAt) : !r.deletedAt));
  if (!record) return sbError(404, 'not_found', `${collection} ${id} not found.`);
  const restricted = eventAccess(world, caller, record.eventId);
  if (restricted) return restricted;
  if (method === 'DELETE') record.deletedAt = new Date().toISOString();
  else if (restore) record.deletedAt = null;
  else if (body && typeof body === 'object' && !Array.isArray(body))
    Object.assign(record, body, { id: record.id, eventId: record.eventId });
  else return sbError(422, 'invalid_request', 'The request body must be a JSON object.');
  return { status: 200, body: { data: record } };
}
