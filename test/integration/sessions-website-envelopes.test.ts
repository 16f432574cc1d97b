/**
 * The list envelopes of sessions.website's partner API are not documented. Against documented-profile simulators
 * serving the assumed data fields (`assumedDataPaths`) that shape lists as Relay `edges` or as plain lists (strict
 * validation: the Relay `nodes` document is refused with HTTP 400), every list tool still answers, normalised, and
 * says whether more results exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamHttpClient } from '../../shared/net/http-client.js';
import { provider } from '../../shared/providers/sessions-website/index.js';
import { tokenConnection } from '../helpers/token-connection.js';
import { startSessionsWebsiteSimulator, type SessionsWebsiteSimulator } from '../simulators/sessions-website.js';

const http = new UpstreamHttpClient({ timeoutMs: 10_000 });
type Listed = {
  nodes: Array<Record<string, unknown>>;
  pageInfo: { hasNextPage: boolean | null; endCursor: string | null };
  paging: string;
};

describe.each(['edges', 'plain'] as const)('sessions.website lists served as %s', (envelope) => {
  let sim: SessionsWebsiteSimulator;
  beforeAll(async () => {
    sim = await startSessionsWebsiteSimulator({
      profile: 'documented',
      assumedDataPaths: true,
      listEnvelope: envelope,
    });
  });
  afterAll(async () => {
    await sim.close();
  });
  const ctx = () => ({
    connection: tokenConnection({
      id: 'c_envelope01',
      label: 'env',
      provider: 'sessions-website',
      baseUrl: sim.url,
      metadata: { handle: 'acme-yoga' },
    }),
    secret: sim.tokens.acmeFull,
    http,
  });
  const call = async (tool: string, args: Record<string, unknown> = {}) =>
    (await provider.callTool(ctx(), tool, args)).data as Listed;

  it('normalises participants into nodes with paging words, and remembers the accepted shape', async () => {
    const before = sim.requests.length;
    const first = await call('list_participants', { first: 2 });
    // nodes (refused) → edges, or nodes → edges (both refused) → plain list.
    expect(sim.requests.length - before).toBe(envelope === 'edges' ? 2 : 3);
    if (envelope === 'edges') {
      expect(first.nodes.map((n) => n.name)).toEqual(['Maya Lindqvist', 'Oskar Brandt']);
      expect(first.pageInfo.hasNextPage).toBe(true);
      expect(first.paging).toMatch(/^More results exist: call list_participants again with after: "/);
      const next = await call('list_participants', { first: 10, after: first.pageInfo.endCursor });
      expect(next.nodes.map((n) => n.name)).toEqual(['Priya Raman', 'Tomás Ferreira', 'Hana Sato']);
      expect(next.paging).toBe('These are all the results.');
    } else {
      expect(first.nodes).toHaveLength(5);
      expect(first.pageInfo).toEqual({ hasNextPage: null, endCursor: null });
      expect(first.paging).toMatch(
        /plain list without paging information: these 5 results may not be all of them\. This list takes no first\/after: they were not sent\./,
      );
    }
    const sent = sim.requests.length;
    await call('list_participants', { search: 'maya' });
    expect(sim.requests.length - sent).toBe(1);
  });

  it('serves every other list tool and the delivery history in the same envelope', async () => {
    expect((await call('list_registrations', { status: 'WAITLISTED' })).nodes).toEqual([
      expect.objectContaining({ status: 'WAITLISTED', participant: { id: 'par_003', name: 'Priya Raman' } }),
    ]);
    expect((await call('list_products')).nodes).toHaveLength(4);
    expect((await call('list_purchases', { kind: 'MEMBERSHIP' })).nodes).toHaveLength(1);
    expect((await call('list_webhook_endpoints')).nodes.map((n) => n.id)).toEqual(['whe_001']);
    const endpoint = (await provider.callTool(ctx(), 'list_webhook_deliveries', { endpointId: 'whe_001' })).data as {
      deliveries: Listed;
    };
    expect(endpoint.deliveries.nodes.map((d) => d.responseStatus)).toEqual([200, 502]);
    expect(endpoint.deliveries.paging).toEqual(
      envelope === 'edges' ? 'These are all the results.' : expect.stringContaining('plain list'),
    );
  });
});
