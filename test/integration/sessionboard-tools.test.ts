import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/connections/model.js';
import { rejectionOf } from '../helpers/rejection.js';
import { tokenConnection } from '../helpers/token-connection.js';
import type { UpstreamError } from '../../shared/errors.js';
import { InputError } from '../../shared/errors.js';
import { UpstreamHttpClient } from '../../shared/net/http-client.js';
import { provider } from '../../shared/providers/sessionboard/index.js';
import {
  type SessionboardSimulator,
  type SessionboardTokenName,
  startSessionboardSimulator,
} from '../simulators/sessionboard.js';

let sim: SessionboardSimulator;
const http = new UpstreamHttpClient({ timeoutMs: 10_000 });

function connection(overrides: Partial<Connection> = {}): Connection {
  return tokenConnection({ id: 'c_sbtool0001', label: 'Acme', provider: 'sessionboard', ...overrides });
}

function call(
  token: SessionboardTokenName,
  tool: string,
  args: Record<string, unknown> = {},
  overrides: Partial<Connection> = {},
) {
  return provider.callTool(
    { connection: connection({ baseUrl: sim.url, ...overrides }), secret: sim.tokens[token], http },
    tool,
    args,
  );
}

const failure = (promise: Promise<unknown>) => rejectionOf(promise, Error);

type Rows = { data: Array<Record<string, unknown>> };

beforeAll(async () => {
  sim = await startSessionboardSimulator();
});
afterAll(async () => {
  await sim.close();
});

describe('Sessionboard tools over HTTP', () => {
  it('lists events and accepted sessions', async () => {
    const events = (await call('full', 'list_events')).data as Rows;
    expect(events.data.map((e) => e.id)).toEqual(['evt_summit26', 'evt_devday26']);
    const sessions = (await call('full', 'list_sessions', { eventId: 'evt_summit26', status: 'accepted' }))
      .data as Rows;
    expect(sessions.data.map((s) => s.id)).toEqual(['ses_1001', 'ses_1002']);
  });

  it('returns full contact details without Hide PII and masked ones with it', async () => {
    const clear = (await call('full', 'list_contacts', { eventId: 'evt_summit26' })).data as Rows;
    expect(clear.data[0]).toMatchObject({ email: 'jane.okafor@acme-events.com', phone: '+1 312-555-4567' });
    const masked = (await call('hidePii', 'list_contacts', { eventId: 'evt_summit26' })).data as Rows;
    expect(masked.data[0]).toMatchObject({ email: 'j***@a***.com', phone: '***-***-4567' });
  });

  it('runs SbQL with read:insights and is refused naming the scope without it', async () => {
    const result = (await call('full', 'run_sbql', { query: "count sessions where status = 'accepted'" })).data as {
      data: { count: number };
    };
    expect(result.data.count).toBe(3); // ses_1001, ses_1002 (Summit) and ses_2001 (DevDay)
    const error = (await failure(call('readOnly', 'run_sbql', { query: 'count sessions' }))) as UpstreamError;
    expect(error).toMatchObject({ kind: 'missing_scope', missingScopes: ['read:insights'] });
  });

  it('keeps an event-restricted token inside its event', async () => {
    const events = (await call('eventRestricted', 'list_events')).data as Rows;
    expect(events.data.map((e) => e.id)).toEqual(['evt_devday26']);
    const error = (await failure(
      call('eventRestricted', 'list_sessions', { eventId: 'evt_summit26' }),
    )) as UpstreamError;
    expect(error.kind).toBe('forbidden');
    expect(error.message).toContain('restricted to other events');
  });

  // Seed 000: session retrieval and search are cached for 3 minutes, so each step is checked in the write's own
  // result and in the simulator's data, never by reading the session back through get_session / list_sessions.
  it('creates, updates, deletes and restores a session with write:sessions, telling the assistant about the 3-minute cache', async () => {
    type Written = { data: Record<string, unknown>; note?: string };
    const stored = (id: string) => sim.world.records.get('sessions')!.find((r) => r.id === id)!;
    const created = (
      await call('full', 'manage_sessions', {
        action: 'create',
        eventId: 'evt_summit26',
        data: { title: 'Closing Panel', status: 'submitted' },
      })
    ).data as Written;
    const id = created.data.id as string;
    expect(created.note).toMatch(/up to 3 minutes/);
    const updated = (await call('full', 'manage_sessions', { action: 'update', id, data: { status: 'accepted' } }))
      .data as Written;
    expect(updated.data).toMatchObject({ title: 'Closing Panel', status: 'accepted' });
    await call('full', 'manage_sessions', { action: 'delete', id });
    expect(stored(id).deletedAt).toBeTruthy();
    await call('full', 'manage_sessions', { action: 'restore', id });
    expect(stored(id).deletedAt).toBeNull();
  });

  it('creates a track with write:metadata and is refused a custom field without write:fields', async () => {
    const track = (
      await call(
        'eu',
        'manage_metadata',
        { action: 'create', kind: 'tracks', eventId: 'evt_oslo26', data: { name: 'AI & Machine Learning' } },
        { baseUrl: sim.euUrl, region: 'eu' },
      )
    ).data as { data: Record<string, unknown> };
    expect(track.data).toMatchObject({ name: 'AI & Machine Learning', eventId: 'evt_oslo26' });
    const error = (await failure(
      call(
        'eu',
        'manage_metadata',
        { action: 'create', kind: 'custom_fields', eventId: 'evt_oslo26', data: { name: 'Dietary needs' } },
        { baseUrl: sim.euUrl },
      ),
    )) as UpstreamError;
    expect(error).toMatchObject({ kind: 'missing_scope', missingScopes: ['write:fields'] });
  });

  it('refuses a legacy token every write', async () => {
    const error = (await failure(
      call('legacy', 'manage_contacts', { action: 'create', eventId: 'evt_summit26', data: { firstName: 'New' } }),
    )) as UpstreamError;
    expect(error).toMatchObject({ kind: 'missing_scope', missingScopes: ['write:contacts'] });
  });

  it('rejects bad arguments before calling Sessionboard', async () => {
    const before = sim.requests.length;
    const error = await failure(call('full', 'manage_sessions', { action: 'update' }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain("'id'");
    expect(sim.requests.length).toBe(before);
    expect(await failure(call('full', 'no_such_tool'))).toBeInstanceOf(InputError);
  });

  it('waits out a short 429 (Retry-After) and then succeeds', async () => {
    sim.rateLimit(1, 1);
    const result = await call('full', 'list_events');
    expect((result.data as Rows).data.length).toBe(2);
  });

  it('gives up on a long Retry-After with a rate_limited error saying when to retry', async () => {
    sim.rateLimit(5, 120);
    const error = (await failure(call('full', 'list_events'))) as UpstreamError;
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 120_000 });
    expect(error.hint).toContain('120 s');
    sim.rateLimit(0, 1);
  });

  it('tells a tool call on the wrong region which region the token belongs to', async () => {
    process.env.BRIDGEKEEPER_HOST_OVERRIDES = JSON.stringify(sim.hostOverrides);
    try {
      const error = (await failure(
        call('eu', 'list_events', {}, { baseUrl: undefined, region: 'us' }),
      )) as UpstreamError;
      expect(error.kind).toBe('wrong_region');
      expect(error.hint).toContain('--region eu');
    } finally {
      delete process.env.BRIDGEKEEPER_HOST_OVERRIDES;
    }
  });

  it('says a token revoked mid-use is revoked', async () => {
    await call('noInsights', 'list_events');
    sim.revoke('noInsights');
    expect(((await failure(call('noInsights', 'list_events'))) as UpstreamError).kind).toBe('revoked');
  });
});

// The read tools rest on assumed paths: on the documented profile they run with `assumedDataPaths` (the strict
// profile answers them 404, see sessionboard-documented.test.ts).
describe.each(['rich', 'documented'] as const)('Sessionboard read tools on the %s simulator profile', (profile) => {
  let s: SessionboardSimulator;
  type Listed = { data: Array<Record<string, unknown>>; count: number; more: boolean | 'unknown'; note?: string };
  const run = (tool: string, args: Record<string, unknown> = {}, token: SessionboardTokenName = 'full') =>
    provider.callTool({ connection: connection({ baseUrl: s.url }), secret: s.tokens[token], http }, tool, args);

  beforeAll(async () => {
    s = await startSessionboardSimulator({ profile, assumedDataPaths: true });
  });
  afterAll(async () => {
    await s.close();
  });

  it("gets one event, and lists speakers, a speaker's sessions and session metadata with ids", async () => {
    expect(
      ((await run('get_event', { eventId: 'evt_summit26' })).data as { data: Record<string, unknown> }).data,
    ).toMatchObject({ id: 'evt_summit26', name: 'Acme Summit 2026' });
    const speakers = (await run('list_speakers', { eventId: 'evt_summit26' })).data as Listed;
    expect(speakers.data.map((r) => r.id).sort()).toEqual(['con_201', 'con_202', 'con_203']);
    const sessions = (await run('list_speaker_sessions', { speakerId: 'con_203' })).data as Listed;
    expect(sessions.data.map((r) => r.id).sort()).toEqual(['ses_1002', 'ses_1003']);
    const formats = (await run('list_session_metadata', { eventId: 'evt_summit26', kind: 'formats' })).data as Listed;
    expect(formats.data.map((r) => r.name)).toEqual(['Keynote', 'Talk', 'Panel']);
    expect(formats.more).toBe(false);
  });

  it('pages: says when more results exist, or that it cannot tell when the service ignores the page size', async () => {
    const first = (await run('list_sessions', { eventId: 'evt_summit26', limit: 2 })).data as Listed;
    expect(first.note).toContain('up to 3 minutes');
    if (profile === 'rich') {
      expect(first).toMatchObject({ count: 2, more: true });
      expect(first.note).toContain('call again with page 2 (4 in total)');
      const last = (await run('list_sessions', { eventId: 'evt_summit26', limit: 2, page: 2 })).data as Listed;
      expect(last).toMatchObject({ count: 2, more: false });
    } else {
      expect(first).toMatchObject({ count: 4, more: 'unknown' });
      expect(first.note).toContain('did not say whether more exist');
    }
  });

  it('reports saved reports as refused for a token without read:reports (not in the default read access)', async () => {
    const error = (await failure(run('list_reports', { eventId: 'evt_summit26' }, 'sessionWriter'))) as UpstreamError;
    expect(error).toMatchObject({ kind: 'missing_scope', missingScopes: ['read:reports'] });
    expect(((await run('list_reports', { eventId: 'evt_summit26' }, 'legacy')).data as Listed).count).toBe(1);
  });

  it('does not learn a scope from a plain 403 on a default read (event restrictions)', async () => {
    const error = (await failure(
      run('list_sessions', { eventId: 'evt_summit26' }, 'eventRestricted'),
    )) as UpstreamError;
    expect(error.kind).toBe('forbidden');
    expect(error.missingScopes).toBeUndefined();
  });
});
