/**
 * I'mBoard simulator (seed 004): REST under `/api/v1` (whoami + board routes) and an MCP endpoint at `/api/mcp`.
 * Errors use the documented codes in `{ error: { code, message } }`.
 *
 * Tokens (`handle.tokens`, values random per start):
 * - `patRead`      imb_pat_ Dana Whitfield, Read only preset (+portfolio:read), no expiry
 * - `patFull`      imb_pat_ Dana, Full access, expires in 90 days
 * - `patMeetingsWriteOnly` imb_pat_ with meetings:write only (proves write does not imply read)
 * - `batRead`      imb_bat_ pinned to "Acme Inc." (665f0acme001), read-only preset
 * - `batWrite`     imb_bat_ pinned to Acme, Read & write preset
 * - `batBillingRestricted` imb_bat_ pinned to "Globex Holdings" whose billing is restricted
 * - `jwt`          browser session JWT for Dana (expires in 1 h); `expiredJwt` an expired one
 * - `expired`, `revoked` PATs (401 INVALID_API_TOKEN); `suspended`, `inactive` PATs of such users (403)
 * Dana is admin on Acme, viewer on Northwind (writes → 403 FORBIDDEN by role), member on Globex (billing-restricted).
 */
import crypto from 'node:crypto';
import type http from 'node:http';
import { authenticate, jwtCodec, operate, whoami, type OperationName, type SimResult } from './imboard-api.js';
import { seedImboard } from './imboard-data.js';
import { handleImboardMcp } from './imboard-mcp.js';
import { readJsonBody, sendJson, startServer } from './sim-server.js';

export interface ImboardRequestLog { method: string; path: string; status: number; tokenKind: 'pat' | 'bat' | 'jwt' | 'none' | 'other' }

export interface ImboardSimulator {
  url: string;
  /** `app.imboard.ai` → the simulator origin (REST under /api/v1, MCP at /api/mcp). */
  hostOverrides: Record<string, string>;
  /** REST base to use as a connection's baseUrl: `<url>/api/v1`. */
  apiBaseUrl: string;
  mcpUrl: string;
  tokens: Record<'patRead' | 'patFull' | 'patMeetingsWriteOnly' | 'batRead' | 'batWrite' | 'batBillingRestricted' | 'expired' | 'revoked' | 'suspended' | 'inactive' | 'jwt' | 'expiredJwt', string>;
  boards: { acme: string; northwind: string; globex: string };
  /** Revokes a token (PAT or board token): it fails with 401 INVALID_API_TOKEN from now on. */
  revoke(token: string): void;
  /** The next `count` requests answer 429 RATE_LIMITED with `Retry-After: retryAfterSeconds`. */
  rateLimitNext(count: number, retryAfterSeconds?: number): void;
  latencyMs: number;
  requests: ImboardRequestLog[];
  close(): Promise<void>;
}

const REST: Array<[string, RegExp, OperationName]> = [
  ['GET', /^\/boards$/, 'list_boards'],
  ['GET', /^\/boards\/([^/]+)$/, 'get_board'],
  ['GET', /^\/boards\/([^/]+)\/meetings$/, 'list_meetings'],
  ['POST', /^\/boards\/([^/]+)\/meetings$/, 'create_meeting'],
  ['GET', /^\/boards\/([^/]+)\/meetings\/([^/]+)$/, 'get_meeting'],
  ['PATCH', /^\/boards\/([^/]+)\/meetings\/([^/]+)$/, 'update_meeting'],
  ['GET', /^\/boards\/([^/]+)\/documents$/, 'list_documents'],
  ['POST', /^\/boards\/([^/]+)\/documents$/, 'create_document'],
  ['GET', /^\/boards\/([^/]+)\/reports$/, 'list_reports'],
  ['GET', /^\/boards\/([^/]+)\/notifications$/, 'list_notifications'],
  ['GET', /^\/boards\/([^/]+)\/audit$/, 'list_audit_events'],
  ['GET', /^\/portfolio$/, 'get_portfolio'],
];

/** Starts the I'mBoard simulator on 127.0.0.1 (random port unless `port`). */
export async function startImboardSimulator(options: { port?: number; tls?: boolean } = {}): Promise<ImboardSimulator> {
  const state = seedImboard();
  const jwt = jwtCodec(crypto.randomBytes(32));
  let rateLimited = 0;
  let retryAfter = 1;
  const handle = {} as ImboardSimulator;
  const kindOf = (auth: string | undefined): ImboardRequestLog['tokenKind'] => (!auth ? 'none' : auth.includes('imb_pat_') ? 'pat' : auth.includes('imb_bat_') ? 'bat' : auth.split('.').length === 3 ? 'jwt' : 'other');

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    const auth = req.headers.authorization;
    const log = (status: number) => handle.requests.push({ method: req.method ?? 'GET', path: url.pathname, status, tokenKind: kindOf(auth) });
    const send = (result: SimResult, headers: Record<string, string> = {}) => {
      log(result.status);
      setTimeout(() => sendJson(res, result.status, result.body, headers), handle.latencyMs);
    };
    if (rateLimited > 0) {
      rateLimited--;
      return send({ status: 429, body: { error: { code: 'RATE_LIMITED', message: 'Too many requests' } } }, { 'retry-after': String(retryAfter) });
    }
    const principal = authenticate(state, jwt.verify, auth);
    if ('status' in principal) return send(principal, principal.status === 401 ? { 'www-authenticate': 'Bearer realm="imboard"' } : {});
    if (url.pathname === '/api/mcp') {
      log(200);
      return handleImboardMcp(state, principal, req, res, await readJsonBody(req));
    }
    if (!url.pathname.startsWith('/api/v1/')) return send({ status: 404, body: { error: { code: 'RESOURCE_NOT_FOUND', message: 'Resource not found' } } });
    const path = url.pathname.slice('/api/v1'.length);
    if (req.method === 'GET' && path === '/whoami') return send(whoami(state, principal));
    for (const [method, re, op] of REST) {
      const match = re.exec(path);
      if (!match || method !== req.method) continue;
      const body = method === 'GET' ? {} : (((await readJsonBody(req)) as Record<string, unknown> | null) ?? {});
      const params = { ...(match[1] ? { boardId: decodeURIComponent(match[1]) } : {}), ...(match[2] ? { meetingId: decodeURIComponent(match[2]) } : {}) };
      return send(operate(state, principal, op, params, body));
    }
    return send({ status: 404, body: { error: { code: 'RESOURCE_NOT_FOUND', message: 'Resource not found' } } });
  };

  const server = await startServer((req, res) => void handler(req, res).catch(() => { if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL', message: 'simulator error' } }); }), options.port, { tls: options.tls ?? false });
  const now = Math.floor(Date.now() / 1000);
  const dana = state.users[0]!;
  Object.assign(handle, {
    url: server.url,
    hostOverrides: { 'app.imboard.ai': server.url },
    apiBaseUrl: `${server.url}/api/v1`,
    mcpUrl: `${server.url}/api/mcp`,
    tokens: {
      ...state.names,
      jwt: jwt.sign({ sub: dana.id, email: dana.email, iss: 'https://app.imboard.ai', iat: now, exp: now + 3600 }),
      expiredJwt: jwt.sign({ sub: dana.id, email: dana.email, iss: 'https://app.imboard.ai', iat: now - 7200, exp: now - 60 }),
    },
    boards: { acme: '665f0acme001', northwind: '665f0north002', globex: '665f0globx003' },
    revoke: (token: string) => {
      const record = state.tokens.get(token);
      if (record) record.revoked = true;
    },
    rateLimitNext: (count: number, seconds = 1) => {
      rateLimited = count;
      retryAfter = seconds;
    },
    latencyMs: 0,
    requests: [],
    close: () => server.close(),
  });
  return handle;
}
