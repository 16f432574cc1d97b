import type http from 'node:http';
import { authenticate, mcpRefusal, type SimReply } from './sessionboard-auth.js';
import { seedSessionboardWorld, type SessionboardWorld, simTokenValue } from './sessionboard-data.js';
import { serveMcp } from './sessionboard-mcp.js';
import { routeRest } from './sessionboard-rest.js';
import { readJsonBody, sendJson, startServer, type RunningServer } from './sim-server.js';

/** Names of the simulator's tokens (values in `handle.tokens`). */
export type SessionboardTokenName =
  | 'full' | 'readOnly' | 'legacy' | 'mcpDisabled' | 'noInsights' | 'hidePii' | 'eventRestricted' | 'revoked' | 'orgAiDisabled' | 'orgMcpDisabled' | 'eu';

/** One request the simulator received (header names lower-case; the token value is kept so tests can assert on it). */
export interface SessionboardRequestLog {
  region: 'us' | 'eu';
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}

/** A running Sessionboard simulator (US + EU regions, REST + MCP on each). */
export interface SessionboardSimulator {
  /** US origin (REST at /v1, MCP at /mcp). */
  url: string;
  /** EU origin. */
  euUrl: string;
  urls: { us: string; eu: string };
  /** Real hostnames → simulator origins, for `BRIDGEKEEPER_HOST_OVERRIDES`. */
  hostOverrides: Record<string, string>;
  tokens: Record<SessionboardTokenName, string>;
  /** The mutable data (orgs, tokens, events, records) for tests that need to look or poke. */
  world: SessionboardWorld;
  requests: SessionboardRequestLog[];
  /** Revoke a token now (it then answers 401 token_revoked). */
  revoke(name: SessionboardTokenName): void;
  /** The next `count` requests (any region) answer 429 with `Retry-After: retryAfterSeconds`. */
  rateLimit(count: number, retryAfterSeconds: number): void;
  /** Adds latency to every response. */
  setLatency(ms: number): void;
  close(): Promise<void>;
}

/**
 * Starts the Sessionboard simulator: two servers (US and EU) with the Public API (`/v1/...`, `x-access-token`) and
 * the MCP endpoint (`/mcp`, SDK server, stateless) that enforces the seed's MCP prerequisites (org AI features, org
 * MCP access, token MCP toggle, read:insights → 403 otherwise).
 *
 * Tokens (`handle.tokens.<name>`; org Acme Events / US unless noted):
 * - `full` every scope incl. read:insights and all writes, MCP on, Hide PII off
 * - `readOnly` default reads only, MCP off, Hide PII on
 * - `legacy` empty scopes array (reads everything, writes nothing)
 * - `mcpDisabled` reads + read:insights, MCP Access toggle off
 * - `noInsights` default reads, MCP on, no read:insights
 * - `hidePii` reads + read:insights, MCP on, Hide PII on
 * - `eventRestricted` reads + read:insights + write:sessions, restricted to evt_devday26
 * - `revoked` revoked
 * - `orgAiDisabled` org Beta Conferences (AI features off); `orgMcpDisabled` org Gamma Expo (MCP flag off)
 * - `eu` org Nordic Summits / EU: reads + read:insights + write:sessions + write:metadata
 */
export async function startSessionboardSimulator(options: { latencyMs?: number } = {}): Promise<SessionboardSimulator> {
  const world = seedSessionboardWorld();
  const requests: SessionboardRequestLog[] = [];
  const knobs = { latencyMs: options.latencyMs ?? 0, limited: 0, retryAfter: 1 };
  const handler = (region: 'us' | 'eu'): http.RequestListener => (req, res) => {
    void handle(region, req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: String(error) } });
    });
  };
  const handle = async (region: 'us' | 'eu', req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    requests.push({ region, method: req.method ?? 'GET', path: url.pathname, headers: { ...req.headers } });
    if (knobs.latencyMs > 0) await new Promise((r) => setTimeout(r, knobs.latencyMs));
    if (knobs.limited > 0) {
      knobs.limited--;
      return sendJson(res, 429, { error: { code: 'rate_limited', message: 'Too many requests.' } }, { 'retry-after': String(knobs.retryAfter) });
    }
    const body = await readJsonBody(req);
    const header = req.headers['x-access-token'];
    const caller = authenticate(world, region, Array.isArray(header) ? header[0] : header);
    if ('status' in caller) return reply(res, caller);
    if (url.pathname === '/mcp') {
      const refused = mcpRefusal(caller);
      if (refused) return reply(res, refused);
      return serveMcp(world, caller, req, res, body);
    }
    return reply(res, routeRest(world, caller, req.method ?? 'GET', url.pathname, url.searchParams, body));
  };
  const servers: RunningServer[] = [await startServer(handler('us')), await startServer(handler('eu'))];
  const [us, eu] = servers as [RunningServer, RunningServer];
  const tokens = Object.fromEntries(world.tokens.map((t) => [t.key, simTokenValue(t.key)])) as Record<SessionboardTokenName, string>;
  return {
    url: us.url,
    euUrl: eu.url,
    urls: { us: us.url, eu: eu.url },
    hostOverrides: {
      'public-api.sessionboard.com': us.url,
      'mcp.sessionboard.com': us.url,
      'public-api-eu.sessionboard.com': eu.url,
      'mcp-eu.sessionboard.com': eu.url,
    },
    tokens,
    world,
    requests,
    revoke: (name) => {
      const token = world.tokens.find((t) => t.key === name);
      if (token) token.revoked = true;
    },
    rateLimit: (count, retryAfterSeconds) => {
      knobs.limited = count;
      knobs.retryAfter = retryAfterSeconds;
    },
    setLatency: (ms) => {
      knobs.latencyMs = ms;
    },
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}

function reply(res: http.ServerResponse, r: SimReply): void {
  sendJson(res, r.status, r.body, r.headers);
}
