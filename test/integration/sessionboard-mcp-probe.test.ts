/**
 * The add-time MCP check of an MCP-mode Sessionboard connection runs on the one upstream MCP client: it opens a real
 * MCP session on the simulator's MCP endpoint (stateful here, so the server hands out a session id) and ends it with
 * `DELETE`; a 403 names the missing prerequisite; anything else is "not known", asked once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/connections/model.js';
import { UpstreamHttpClient } from '../../shared/net/http-client.js';
import { provider } from '../../shared/providers/sessionboard/index.js';
import { probeMcpAccess } from '../../shared/providers/sessionboard/live-check.js';
import { tokenConnection } from '../helpers/token-connection.js';
import {
  type SessionboardSimulator,
  type SessionboardTokenName,
  startSessionboardSimulator,
} from '../simulators/sessionboard.js';
import { startServer } from '../simulators/sim-server.js';

const http = new UpstreamHttpClient({ timeoutMs: 10_000 });
let rich: SessionboardSimulator;
let documented: SessionboardSimulator;

function connection(overrides: Partial<Connection> = {}): Connection {
  return tokenConnection({
    id: 'c_sbprobe001',
    label: 'Acme',
    provider: 'sessionboard',
    metadata: { mode: 'mcp' },
    ...overrides,
  });
}

function probe(sim: SessionboardSimulator, token: SessionboardTokenName, overrides: Partial<Connection> = {}) {
  process.env.BRIDGEKEEPER_HOST_OVERRIDES = JSON.stringify(sim.hostOverrides);
  return probeMcpAccess({ connection: connection(overrides), secret: sim.tokens[token], http });
}

/** What the simulator saw on its MCP endpoint from the `from`-th request on. */
function mcpRequests(sim: SessionboardSimulator, from: number) {
  return sim.requests.slice(from).filter((r) => r.path === '/mcp');
}

beforeAll(async () => {
  [rich, documented] = await Promise.all([
    startSessionboardSimulator({ mcpSessions: true }),
    startSessionboardSimulator({ profile: 'documented', mcpSessions: true }),
  ]);
});
afterAll(async () => {
  delete process.env.BRIDGEKEEPER_HOST_OVERRIDES;
  await Promise.all([rich?.close(), documented?.close()]);
});

describe('Sessionboard MCP check at add time', () => {
  it('opens an MCP session with the token and ends the session the server opened with DELETE', async () => {
    const from = rich.requests.length;
    const opened = rich.mcpSessions!.opened.length;
    expect(await probe(rich, 'full')).toEqual({ reachable: true });
    const [session, ...more] = rich.mcpSessions!.opened.slice(opened);
    expect(session).toBeDefined();
    expect(more).toEqual([]);
    expect(rich.mcpSessions!.deleted).toContain(session);
    const seen = mcpRequests(rich, from);
    expect(seen[0]).toMatchObject({ method: 'POST', region: 'us' });
    expect(seen[0]!.headers['mcp-session-id']).toBeUndefined(); // the initialize opens the session
    const deletes = seen.filter((r) => r.method === 'DELETE');
    expect(deletes).toHaveLength(1);
    expect(deletes[0]!.headers['mcp-session-id']).toBe(session);
    expect(seen.every((r) => r.headers['x-access-token'] === rich.tokens.full)).toBe(true);
  });

  it('closes the session of the check whoami runs for an MCP-mode connection (documented surface)', async () => {
    process.env.BRIDGEKEEPER_HOST_OVERRIDES = JSON.stringify(documented.hostOverrides);
    const opened = documented.mcpSessions!.opened.length;
    const w = await provider.whoami({ connection: connection(), secret: documented.tokens.full, http });
    expect(w.flags.mcpAccess).toBe(true);
    const sessions = documented.mcpSessions!.opened.slice(opened);
    expect(sessions).toHaveLength(1);
    expect(documented.mcpSessions!.deleted).toContain(sessions[0]);
  });

  it("names the missing prerequisite from a 403 with Sessionboard's mapped text, and opens no session", async () => {
    const opened = rich.mcpSessions!.opened.length;
    expect(await probe(rich, 'orgAiDisabled')).toEqual({
      reachable: false,
      reason: 'Sessionboard refused MCP access: AI features are not enabled for your Sessionboard organization.',
    });
    expect(await probe(rich, 'mcpDisabled')).toEqual({
      reachable: false,
      reason: 'Sessionboard refused MCP access: MCP Access is switched off on this API token.',
    });
    expect(await probe(rich, 'noInsights')).toEqual({
      reachable: false,
      reason: 'Sessionboard refused MCP access: this API token lacks the read:insights scope, which MCP requires.',
    });
    const plain = await probe(documented, 'mcpDisabled');
    expect(plain.reachable).toBe(false);
    expect(plain.reachable === false && plain.reason).toMatch(/^Sessionboard refused MCP access \(403\).*MCP Access/);
    expect(rich.mcpSessions!.opened.length).toBe(opened);
  });

  it('says "not known" for a 429 without asking again', async () => {
    const from = rich.requests.length;
    rich.rateLimit(1, 0); // a retry would be allowed at once, and would succeed
    expect(await probe(rich, 'full')).toEqual({ reachable: 'unknown' });
    expect(mcpRequests(rich, from)).toHaveLength(1);
  });

  it('says "not known" for a refused token or an endpoint that does not answer, never an error', async () => {
    expect(await probe(rich, 'revoked')).toEqual({ reachable: 'unknown' });
    const gone = await startServer((_req, res) => res.end());
    await gone.close();
    expect(await probe(rich, 'full', { metadata: { mode: 'mcp', mcpUrl: `${gone.url}/mcp` } })).toEqual({
      reachable: 'unknown',
    });
  });
});
