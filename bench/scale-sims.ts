import readline from 'node:readline';
import { startGenericMcpSimulator } from '../test/simulators/generic-mcp-server.js';
import { startAllSimulators } from '../test/simulators/start-all.js';

/**
 * The scale bench's upstreams, in their own process (they never share an event loop with a measured client):
 * one generic Streamable-HTTP MCP simulator per remote-MCP connection, each with its own latency (or down: every
 * request answered 503), plus every API simulator (Sessionboard US+EU with its MCP server, sessions.website, Session
 * Services, I'mBoard). argv[2] = JSON `ScaleSimSpec`. Prints one JSON line (`ScaleSimsInfo`), then answers stdin
 * lines: `counts` prints one JSON line of `McpRequestCounts` per generic simulator (since start). Exits when stdin ends.
 */
export interface ScaleSimSpec {
  /** One entry per generic MCP simulator. */
  mcp: Array<{ latencyMs: number; down?: boolean }>;
  /** Added latency of the API simulators that support it (Sessionboard, sessions.website). */
  apiLatencyMs: number;
}

/** What the simulator process prints on start. */
export interface ScaleSimsInfo {
  mcp: Array<{ url: string; endpoint: string; token: string }>;
  hostOverrides: Record<string, string>;
  tokens: {
    sessionboard: string;
    sessionboardEu: string;
    sessionsWebsiteRead: string;
    sessionServices: string;
    sessionServicesTenant: string;
    imboard: string;
  };
}

/** Requests one generic simulator has seen, by kind. */
export interface McpRequestCounts {
  total: number;
  initialize: number;
  toolsList: number;
  toolsCall: number;
  deletes: number;
}

const spec = JSON.parse(process.argv[2] ?? '{"mcp":[],"apiLatencyMs":0}') as ScaleSimSpec;
const sims = await Promise.all(
  spec.mcp.map((_, i) => startGenericMcpSimulator({ host: `mcp.scale-${i}.example`, name: `Scale ${i}` })),
);
sims.forEach((sim, i) => {
  sim.setLatency(spec.mcp[i]!.latencyMs);
  if (spec.mcp[i]!.down) sim.setDown(true);
});
const all = await startAllSimulators();
all.sessionboard.setLatency(spec.apiLatencyMs);
all.sessionsWebsite.setLatency(spec.apiLatencyMs);
const info: ScaleSimsInfo = {
  mcp: sims.map((s) => ({ url: s.url, endpoint: s.endpoint, token: s.tokens.full })),
  hostOverrides: { ...all.hostOverrides, ...Object.assign({}, ...sims.map((s) => s.hostOverrides)) },
  tokens: {
    sessionboard: all.sessionboard.tokens.full,
    sessionboardEu: all.sessionboard.tokens.eu,
    sessionsWebsiteRead: all.sessionsWebsite.tokens.acmeReadOnly,
    sessionServices: all.sessionServices.tokens.eventManager,
    sessionServicesTenant: all.sessionServices.tokens.tenantId,
    imboard: all.imboard.tokens.patFull,
  },
};
process.stdout.write(`${JSON.stringify(info)}\n`);

const counts = (): McpRequestCounts[] =>
  sims.map((s) => ({
    total: s.requests.length,
    initialize: s.requests.filter((r) => r.rpc === 'initialize').length,
    toolsList: s.requests.filter((r) => r.rpc === 'tools/list').length,
    toolsCall: s.requests.filter((r) => r.rpc === 'tools/call').length,
    deletes: s.requests.filter((r) => r.method === 'DELETE').length,
  }));
const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === 'counts') process.stdout.write(`${JSON.stringify(counts())}\n`);
});
lines.on('close', () => {
  void Promise.allSettled([...sims.map((s) => s.close()), all.close()]).finally(() => process.exit(0));
});
