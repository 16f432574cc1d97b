import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImboardSimulator } from '../simulators/imboard.js';
import type { SessionServicesSimulator } from '../simulators/session-services.js';
import type { SessionboardSimulator } from '../simulators/sessionboard.js';
import type { SessionsWebsiteSimulator } from '../simulators/sessions-website.js';
import { type AllSimulators, startAllSimulators } from '../simulators/start-all.js';
import { addConnection, cli, connectGateway, type GatewayClient, gatewayEnv, text } from './gateway-harness.js';

// All four services behind one gateway: the built CLI over stdio, the real keychain, the service simulators over HTTP.
describe("gateway across Sessionboard, sessions.website, Session Services and I'mBoard", () => {
  let all: AllSimulators;
  let sb: SessionboardSimulator;
  let sw: SessionsWebsiteSimulator;
  let ss: SessionServicesSimulator;
  let im: ImboardSimulator;
  let env: Record<string, string>;
  let gw: GatewayClient;

  beforeAll(async () => {
    all = await startAllSimulators();
    ({ sessionboard: sb, sessionsWebsite: sw, sessionServices: ss, imboard: im } = all);
    env = gatewayEnv(all.hostOverrides, { BRIDGEKEEPER_CALL_TIMEOUT_MS: '2500' });
    await addConnection(env, 'sessionboard', 'Acme', sb.tokens.full);
    // Added offline: nobody asked Sessionboard which scopes this token has, so writes are "unknown" until a 403 teaches us.
    await addConnection(env, 'sessionboard', 'Acme Unchecked', sb.tokens.readOnly, ['--offline']);
    await addConnection(env, 'sessions-website', 'Acme Yoga', sw.tokens.acmeReadOnly, ['--handle', 'acme-yoga']);
    await addConnection(env, 'session-services', 'Harbourlight', ss.tokens.eventManager, [
      '--tenant',
      ss.tokens.tenantId,
    ]);
    await addConnection(env, 'imboard', 'Board', im.tokens.patFull);
    gw = await connectGateway(env);
  });
  afterAll(async () => {
    await gw?.close();
    await all?.close();
  });

  it('lists the tools of every service, namespaced per account, with read/write annotations', async () => {
    const { tools } = await gw.client.listTools();
    const names = tools.map((t) => t.name);
    for (const prefix of [
      'sessionboard_acme__',
      'sessionboard_acme-unchecked__',
      'sessionsweb_acme-yoga__',
      'sessionsvc_harbourlight__',
      'imboard_board__',
    ]) {
      expect(names.filter((n) => n.startsWith(prefix)).length, prefix).toBeGreaterThan(2);
    }
    expect(new Set(names).size).toBe(names.length);
    const create = tools.find((t) => t.name === 'imboard_board__create_meeting')!;
    expect(create.annotations).toMatchObject({ readOnlyHint: false });
    expect(create.description).toContain("I'mBoard account 'Board'");
    expect(tools.find((t) => t.name === 'sessionsvc_harbourlight__list_events')!.annotations).toMatchObject({
      readOnlyHint: true,
      destructiveHint: false,
    });
  });

  it('answers read calls on each service', async () => {
    const calls: Array<[string, Record<string, unknown>, string]> = [
      ['sessionboard_acme__list_sessions', { eventId: 'evt_summit26' }, 'Keynote'],
      ['sessionsweb_acme-yoga__list_products', {}, '"'],
      ['sessionsvc_harbourlight__list_events', {}, 'Harbour Jazz Nights'],
      ['imboard_board__list_boards', {}, im.boards.acme],
    ];
    for (const [name, args, expected] of calls) {
      const result = await gw.call(name, args);
      expect(result.isError, `${name}: ${text(result)}`).toBeFalsy();
      expect(text(result)).toContain(expected);
    }
  });

  it('makes a write call the token is allowed to make', async () => {
    const result = await gw.call('imboard_board__create_meeting', {
      boardId: im.boards.acme,
      title: 'Q4 review',
      startsAt: '2026-12-01T10:00:00Z',
    });
    expect(result.isError, text(result)).toBeFalsy();
    expect(text(result)).toContain('Q4 review');
  });

  it('refuses a write the token lacks the scope for, naming the scope and where to grant it, without calling the service', async () => {
    const before = sw.requests.length;
    const result = await gw.call('sessionsweb_acme-yoga__create_webhook_endpoint', {
      url: 'https://hooks.example.com/x',
      events: ['participant.created'],
    });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('webhooks:write');
    expect(text(result)).toMatch(/Settings → API keys/);
    expect(sw.requests.length).toBe(before);
  });

  it('forwards a call whose scopes are unknown, learns the 403, and refuses the next one up front', async () => {
    const first = await gw.call('sessionboard_acme-unchecked__manage_sessions', {
      action: 'create',
      eventId: 'evt_summit26',
      data: { title: 'Learned' },
    });
    expect(first.isError).toBe(true);
    expect(text(first)).toContain('write:sessions');
    const store = JSON.parse(fs.readFileSync(path.join(env.BRIDGEKEEPER_HOME!, 'connections.json'), 'utf8')) as {
      connections: Array<{ label: string; learnedGaps: Array<{ scope: string }> }>;
    };
    expect(store.connections.find((c) => c.label === 'Acme Unchecked')!.learnedGaps.map((g) => g.scope)).toContain(
      'write:sessions',
    );
    const before = sb.requests.length;
    const second = await gw.call('sessionboard_acme-unchecked__manage_sessions', {
      action: 'create',
      eventId: 'evt_summit26',
      data: { title: 'Learned' },
    });
    expect(second.isError).toBe(true);
    expect(text(second)).toMatch(/refused it before/);
    expect(sb.requests.length).toBe(before);
    const matrix = JSON.parse((await cli(['tools', 'Acme Unchecked', '--json'], env)).stdout) as {
      rows: Array<{ tool: string; scope: { status: string; learned: boolean } }>;
    };
    expect(matrix.rows.find((r) => r.tool === 'manage_sessions')!.scope).toMatchObject({
      status: 'missing',
      learned: true,
    });
  });

  it('waits out a 429 with Retry-After and then answers', async () => {
    sb.rateLimit(1, 1);
    const result = await gw.call('sessionboard_acme__list_events');
    expect(result.isError, text(result)).toBeFalsy();
  });

  it('turns a call slower than the per-call timeout into an error that says what to try', async () => {
    ss.latencyMs = 6_000;
    const result = await gw.call('sessionsvc_harbourlight__list_venues');
    ss.latencyMs = 0;
    expect(result.isError).toBe(true);
    // The per-call timeout (2500 ms) in one rounding, whichever upstream path timed out.
    expect(text(result)).toMatch(/did not answer within 2\.5 s\./);
    expect(text(result)).toMatch(/try again/i);
  });

  it('reports a service that is down without affecting the others', async () => {
    await im.close();
    const down = await gw.call('imboard_board__list_boards');
    expect(down.isError).toBe(true);
    expect(text(down)).toMatch(/Could not reach .*connection was refused.*try again/is);
    const other = await gw.call('sessionsvc_harbourlight__list_events');
    expect(other.isError, text(other)).toBeFalsy();
  });

  it('records every call in the audit log with the assistant name, never arguments or tokens', async () => {
    const records = (await cli(['activity', '--json', '--limit', '100'], env)).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.length).toBeGreaterThanOrEqual(10);
    expect(records.every((r) => r.client === 'gateway-test-client')).toBe(true);
    expect(records.some((r) => r.outcome === 'refused' && r.reason === 'missing_scope')).toBe(true);
    const raw = fs.readFileSync(path.join(env.BRIDGEKEEPER_HOME!, 'audit', 'activity.jsonl'), 'utf8');
    for (const secret of [
      sb.tokens.full,
      sw.tokens.acmeReadOnly,
      ss.tokens.eventManager,
      im.tokens.patFull,
      'Q4 review',
      'hooks.example.com',
    ])
      expect(raw).not.toContain(secret);
    const table = await cli(['activity', '--connection', 'Board'], env);
    expect(table.stdout).toContain('create_meeting');
    expect(table.stdout).not.toContain('list_venues');
  });
});
