/**
 * I'mBoard and Session Services through the real gateway (`bridgekeeper mcp` over stdio, built CLI, real keychain):
 * a pinned board token (API tools), a read-only personal token, an MCP-mode connection to I'mBoard's own MCP
 * server, and Session Services tenant-only and JWT connections. Needs `npm run build` and the test keyring.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionStore } from '../../shared/connections/store.js';
import { startImboardSimulator, type ImboardSimulator } from '../simulators/imboard.js';
import { startSessionServicesSimulator, type SessionServicesSimulator } from '../simulators/session-services.js';
import { addConnection, connectGateway, type GatewayClient, gatewayEnv, text } from './gateway-harness.js';

describe("gateway over I'mBoard and Session Services", { timeout: 90_000 }, () => {
  let imb: ImboardSimulator;
  let ss: SessionServicesSimulator;
  let env: Record<string, string>;
  let gw: GatewayClient;

  beforeAll(async () => {
    [imb, ss] = await Promise.all([startImboardSimulator(), startSessionServicesSimulator()]);
    env = gatewayEnv({ ...imb.hostOverrides, ...ss.hostOverrides });
    await addConnection(env, 'imboard', 'Acme bot', imb.tokens.batRead);
    await addConnection(env, 'imboard', 'Dana read', imb.tokens.patRead);
    const mcp = await addConnection(env, 'imboard', 'Acme MCP', imb.tokens.batWrite);
    await new ConnectionStore({ home: env.BRIDGEKEEPER_HOME! }).update(mcp, (c) => ({
      metadata: { ...c.metadata, mode: 'mcp' },
    }));
    await addConnection(env, 'session-services', 'Harbour public', null, ['--tenant', ss.tokens.tenantId]);
    await addConnection(env, 'session-services', 'Harbour door', ss.tokens.scanner, ['--tenant', ss.tokens.tenantId]);
    gw = await connectGateway(env);
  }, 120_000);
  afterAll(async () => {
    await gw?.close();
    await Promise.all([imb?.close(), ss?.close()]);
  });

  it('lists pinned board tools without account-level ones, and only public tools for a tenant-only connection', async () => {
    const names = (await gw.client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'imboard_acme-bot__list_meetings',
        'imboard_dana-read__list_boards',
        'sessionsvc_harbour-public__list_events',
        'sessionsvc_harbour-door__scan_ticket',
      ]),
    );
    expect(names).not.toContain('imboard_acme-bot__list_boards');
    expect(names).not.toContain('sessionsvc_harbour-public__list_orders');
    expect(names.some((n) => n.startsWith('imboard_acme-mcp__'))).toBe(true);
  });

  it('a board token lists meetings of its own board without a boardId', async () => {
    const result = await gw.call('imboard_acme-bot__list_meetings', {});
    expect(result.isError, text(result)).toBeFalsy();
    expect(text(result)).toContain('Q4 board review');
    expect(text(result)).not.toContain('Northwind kickoff');
  });

  it("refuses a write the read-only PAT cannot make, naming meetings:write, without calling I'mBoard", async () => {
    const writes = () => imb.requests.filter((r) => r.method !== 'GET').length;
    const before = writes();
    const result = await gw.call('imboard_dana-read__create_meeting', {
      boardId: imb.boards.acme,
      title: 'x',
      startsAt: '2027-01-01T10:00:00Z',
    });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('meetings:write');
    expect(writes()).toBe(before);
  });

  it("re-exposes I'mBoard's own MCP tools for an MCP-mode connection", async () => {
    const result = await gw.call('imboard_acme-mcp__list_documents', {});
    expect(result.isError, text(result)).toBeFalsy();
    expect(text(result)).toContain('FY27 budget');
    expect(imb.requests.some((r) => r.path === '/api/mcp' && r.tokenKind === 'bat')).toBe(true);
  });

  it('Session Services: public tools work with a tenant id; SCANNING admits a ticket; a missing scope is refused', async () => {
    const events = await gw.call('sessionsvc_harbour-public__list_events', {});
    expect(events.isError, text(events)).toBeFalsy();
    expect(text(events)).toContain('Harbour Jazz Nights');
    const scan = await gw.call('sessionsvc_harbour-door__scan_ticket', {
      eventId: 'evt_harbour_jazz',
      ticketCode: 'HJN-7Q2K-91',
    });
    expect(scan.isError, text(scan)).toBeFalsy();
    expect(text(scan)).toContain('admitted');
    const refund = await gw.call('sessionsvc_harbour-door__refund_order', { orderId: 'ord_1001' });
    expect(refund.isError).toBe(true);
    expect(text(refund)).toContain('ORDER');
  });
});
