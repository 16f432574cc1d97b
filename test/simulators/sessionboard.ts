import type http from 'node:http';
import { authenticate, mcpRefusal, type SimReply } from './sessionboard-auth.js';
import { seedSessionboardWorld, type SessionboardWorld, simTokenValue } from './sessionboard-data.js';
import { serveMcp, SessionboardMcpSessions } from './sessionboard-mcp.js';
import {
  documentedShape,
  plainError,
  SessionReadCache,
  isCachedSessionRead,
  type SessionboardProfile,
} from './sessionboard-profile.js';
import { routeRest } from './sessionboard-rest.js';
import { readJsonBody, sendJson, startServer, type RunningServer } from './sim-server.js';

/** The one REST path seeds 000/001 show (`curl -X GET …/v1/events`). */
const EVENTS_PATH = '/v1/events';

/** Names of the simulator's tokens (values in `handle.tokens`). */
export type SessionboardTokenName =
  | 'full'
  | 'readOnly'
  | 'legacy'
  | 'mcpDisabled'
  | 'noInsights'
  | 'hidePii'
  | 'eventRestricted'
  | 'revoked'
  | 'orgAiDisabled'
  | 'orgMcpDisabled'
  | 'sessionWriter'
  | 'eu';

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
  /** Which surface this simulator serves (see `SessionboardProfile`). */
  profile: SessionboardProfile;
  /** Documented profile: whether the assumed REST data paths are served too (false: only `GET /v1/events`). */
  assumedDataPaths: boolean;
  requests: SessionboardRequestLog[];
  /** With `mcpSessions: true`: the MCP sessions opened and those a client ended with `DELETE`; otherwise undefined. */
  mcpSessions: { opened: readonly string[]; deleted: readonly string[] } | undefined;
  /** Revoke a token now (it then answers 401 token_revoked). */
  revoke(name: SessionboardTokenName): void;
  /** The next `count` requests (any region) answer 429 with `Retry-After: retryAfterSeconds`. */
  rateLimit(count: number, retryAfterSeconds: number): void;
  /** Adds latency to every response. */
  setLatency(ms: number): void;
  /** Makes `GET /v1/token` answer this instead (e.g. 405, 501, an unknown body); `undefined` restores the profile's answer. */
  setTokenEndpoint(reply: { status: number; body: unknown } | undefined): void;
  close(): Promise<void>;
}

/**
 * Starts the Sessionboard simulator: two servers (US and EU) with the Public API (`/v1/...`, `x-access-token`) and
 * the MCP endpoint (`/mcp`, SDK server, stateless unless `mcpSessions`) that enforces the seed's MCP prerequisites
 * (org AI features, org MCP access, token MCP toggle, read:insights → 403 otherwise).
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
 * - `sessionWriter` only write:sessions listed (so the default reads, but no reports, dashboards or insights), MCP off
 * - `eu` org Nordic Summits / EU: reads + read:insights + write:sessions + write:metadata
 *
 * `profile: 'documented'` serves only the documented surface: `GET /v1/events` and the MCP endpoint; every other REST
 * path answers a plain 404 (no `/v1/token`, plain error bodies, bare arrays, paging ignored). With
 * `assumedDataPaths: true` it also serves the data paths Bridgekeeper assumed (every REST read and write but
 * `/v1/token`), shaped as a plausible real service might (bare arrays and `_id` on some lists, session get/search
 * cached for 3 minutes): for tests of the assumed tools. The default `'rich'` serves every guess Bridgekeeper makes
 * too. `sessionCacheMs` overrides the cache time (documented profile only).
 */
export async function startSessionboardSimulator(
  options: {
    latencyMs?: number;
    profile?: SessionboardProfile;
    /** Documented profile only: also serve the REST data paths Bridgekeeper assumed (never `/v1/token`). */
    assumedDataPaths?: boolean;
    sessionCacheMs?: number;
    /** Serve MCP with sessions (an `mcp-session-id` per `initialize`, ended by `DELETE`) instead of statelessly. */
    mcpSessions?: boolean;
  } = {},
): Promise<SessionboardSimulator> {
  const world = seedSessionboardWorld();
  const profile = options.profile ?? 'rich';
  const documented = profile === 'documented';
  const strict = documented && !options.assumedDataPaths;
  const cache = new SessionReadCache(options.sessionCacheMs);
  const mcpSessions = options.mcpSessions ? new SessionboardMcpSessions() : undefined;
  const requests: SessionboardRequestLog[] = [];
  const knobs: { latencyMs: number; limited: number; retryAfter: number; tokenEndpoint?: SimReply } = {
    latencyMs: options.latencyMs ?? 0,
    limited: 0,
    retryAfter: 1,
  };
  const handler =
    (region: 'us' | 'eu'): http.RequestListener =>
    (req, res) => {
      void handle(region, req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: String(error) } });
      });
    };
  const handle = async (region: 'us' | 'eu', req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    requests.push({ region, method: req.method ?? 'GET', path: url.pathname, headers: { ...req.headers } });
    if (knobs.latencyMs > 0) await new Promise((r) => setTimeout(r, knobs.latencyMs));
    const plain = (r: SimReply) => (documented ? plainError(r) : r);
    if (knobs.limited > 0) {
      knobs.limited--;
      return reply(
        res,
        plain({
          status: 429,
          body: { error: { code: 'rate_limited', message: 'Too many requests.' } },
          headers: { 'retry-after': String(knobs.retryAfter) },
        }),
      );
    }
    const body = await readJsonBody(req);
    const header = req.headers['x-access-token'];
    const value = Array.isArray(header) ? header[0] : header;
    const caller = authenticate(world, region, value);
    if ('status' in caller) return reply(res, plain(caller));
    if (url.pathname === '/mcp') {
      const refused = mcpRefusal(caller);
      if (refused) return reply(res, plain(refused));
      if (mcpSessions) return mcpSessions.serve(world, caller, req, res, body);
      return serveMcp(world, caller, req, res, body);
    }
    const method = req.method ?? 'GET';
    if (knobs.tokenEndpoint && url.pathname === '/v1/token') return reply(res, knobs.tokenEndpoint);
    if (!documented) return reply(res, routeRest(world, caller, method, url.pathname, url.searchParams, body));
    if (url.pathname === '/v1/token') return reply(res, plain({ status: 404, body: null }));
    if (strict && !(method === 'GET' && url.pathname === EVENTS_PATH))
      return reply(res, plain({ status: 404, body: null }));
    const cached = isCachedSessionRead(method, url.pathname) ? cache.get(value!, req.url ?? '') : undefined;
    if (cached) return reply(res, cached);
    const query = new URLSearchParams(url.searchParams);
    query.delete('page');
    query.delete('limit');
    const shaped = documentedShape(url.pathname, routeRest(world, caller, method, url.pathname, query, body));
    if (isCachedSessionRead(method, url.pathname)) cache.set(value!, req.url ?? '', shaped);
    return reply(res, shaped);
  };
  const servers: RunningServer[] = [await startServer(handler('us')), await startServer(handler('eu'))];
  const [us, eu] = servers as [RunningServer, RunningServer];
  const tokens = Object.fromEntries(world.tokens.map((t) => [t.key, simTokenValue(t.key)])) as Record<
    SessionboardTokenName,
    string
  >;
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
    profile,
    assumedDataPaths: !strict,
    requests,
    mcpSessions,
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
    setTokenEndpoint: (r) => {
      knobs.tokenEndpoint = r;
    },
    close: async () => {
      await mcpSessions?.closeAll();
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}

function reply(res: http.ServerResponse, r: SimReply): void {
  sendJson(res, r.status, r.body, r.headers);
}
