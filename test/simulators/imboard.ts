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
 *
 * Profiles: `full` (default) also serves Bridgekeeper's guesses: the MCP endpoint, account routes `/boards` and
 * `/portfolio`, `{ data }` envelopes and FORBIDDEN messages that name the missing scope. `documented` serves only what
 * seed 004 documents: `GET /api/v1/whoami` and `GET /api/v1/me`, as bare JSON; every other path answers 404; errors
 * are `{ code, message }` with the seed's own wording for each code, so a FORBIDDEN never says whether a role or a
 * scope was missing. With `assumedDataPaths: true` it also serves the board-scoped routes Bridgekeeper assumed under
 * `/api/v1/boards/:boardId/...` (the seed names the pattern, not the routes) in the same style: for tests of those tools.
 */
import crypto from 'node:crypto';
import type http from 'node:http';
import { authenticate, jwtCodec, operate, whoami, type OperationName, type SimResult } from './imboard-api.js';
import { seedImboard } from './imboard-data.js';
import { handleImboardMcp } from './imboard-mcp.js';
import { readJsonBody, sendJson, startServer } from './sim-server.js';

/** `full`: our guesses too (default); `documented`: only what seed 004 documents. */
export type ImboardProfile = 'full' | 'documented';

/** The seed's own words for each error code (the documented profile's messages). */
const DOCUMENTED_MESSAGES: Record<string, string> = {
  UNAUTHENTICATED: 'No token provided or header format is invalid',
  INVALID_API_TOKEN: 'Token is expired, revoked, or not found',
  ACCOUNT_SUSPENDED: 'User account is suspended — contact support',
  ACCOUNT_INACTIVE: 'User account is inactive — reactivate in settings',
  FORBIDDEN:
    'User role lacks permission for the action, the token is missing the required scope, or a board token was used on a non-board route or a write route',
  RESOURCE_NOT_FOUND: 'Resource not found',
  BILLING_RESTRICTED: 'Board billing state blocks this operation',
  RATE_LIMITED: 'Too many requests',
};

export interface ImboardRequestLog {
  method: string;
  path: string;
  status: number;
  tokenKind: 'pat' | 'bat' | 'jwt' | 'none' | 'other';
}

export interface ImboardSimulator {
  url: string;
  /** `app.imboard.ai` → the simulator origin (REST under /api/v1, MCP at /api/mcp). */
  hostOverrides: Record<string, string>;
  /** REST base to use as a connection's baseUrl: `<url>/api/v1`. */
  apiBaseUrl: string;
  mcpUrl: string;
  tokens: Record<
    | 'patRead'
    | 'patFull'
    | 'patMeetingsWriteOnly'
    | 'batRead'
    | 'batWrite'
    | 'batBillingRestricted'
    | 'expired'
    | 'revoked'
    | 'suspended'
    | 'inactive'
    | 'jwt'
    | 'expiredJwt',
    string
  >;
  boards: { acme: string; northwind: string; globex: string };
  /** Revokes a token (PAT or board token): it fails with 401 INVALID_API_TOKEN from now on. */
  revoke(token: string): void;
  /** The next `count` requests answer 429 RATE_LIMITED with `Retry-After: retryAfterSeconds`. */
  rateLimitNext(count: number, retryAfterSeconds?: number): void;
  latencyMs: number;
  profile: ImboardProfile;
  /** Whether the assumed board routes are served (always on `full`; opt-in on `documented`). */
  assumedDataPaths: boolean;
  /** Make whoami refuse a board token on a billing-restricted board (403), as a service might despite the seed. */
  whoamiRefusesRestrictedBoards: boolean;
  requests: ImboardRequestLog[];
  close(): Promise<void>;
}

const REST: Array<[string, RegExp, OperationName]> = [
  ['GET', /^\/me$/, 'get_me'],
  ['GET', /^\/boards$/, 'list_boards'],
  ['GET', /^\/boards\/([^/]+)$/, 'get_board'],
  ['GET', /^\/boards\/([^/]+)\/meetings$/, 'list_meetings'],
  ['POST', /^\/boards\/([^/]+)\/meetings$/, 'create_meeting'],
  ['GET', /^\/boards\/([^/]+)\/meetings\/([^/]+)$/, 'get_meeting'],
  ['PATCH', /^\/boards\/([^/]+)\/meetings\/([^/]+)$/, 'update_meeting'],
  ['GET', /^\/boards\/([^/]+)\/documents$/, 'list_documents'],
  ['POST', /^\/boards\/([^/]+)\/documents$/, 'create_document'],
  ['GET', /^\/boards\/([^/]+)\/documents\/([^/]+)$/, 'get_document'],
  ['GET', /^\/boards\/([^/]+)\/functions$/, 'list_functions'],
  ['GET', /^\/boards\/([^/]+)\/reports$/, 'list_reports'],
  ['GET', /^\/boards\/([^/]+)\/notifications$/, 'list_notifications'],
  ['GET', /^\/boards\/([^/]+)\/audit$/, 'list_audit_events'],
  ['GET', /^\/portfolio$/, 'get_portfolio'],
];

/** Starts the I'mBoard simulator on 127.0.0.1 (random port unless `port`). */
export async function startImboardSimulator(
  options: {
    port?: number;
    tls?: boolean;
    profile?: ImboardProfile;
    /** Documented profile only: also serve the assumed board routes `/api/v1/boards/:boardId/...`. */
    assumedDataPaths?: boolean;
  } = {},
): Promise<ImboardSimulator> {
  const profile = options.profile ?? 'full';
  const documented = profile === 'documented';
  const served = options.assumedDataPaths
    ? /^\/api\/v1\/(whoami|me|boards\/[^/]+(\/.*)?)$/
    : /^\/api\/v1\/(whoami|me)$/;
  const state = seedImboard();
  const jwt = jwtCodec(crypto.randomBytes(32));
  let rateLimited = 0;
  let retryAfter = 1;
  const handle = {} as ImboardSimulator;
  const kindOf = (auth: string | undefined): ImboardRequestLog['tokenKind'] =>
    !auth
      ? 'none'
      : auth.includes('imb_pat_')
        ? 'pat'
        : auth.includes('imb_bat_')
          ? 'bat'
          : auth.split('.').length === 3
            ? 'jwt'
            : 'other';

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    const auth = req.headers.authorization;
    const log = (status: number) =>
      handle.requests.push({ method: req.method ?? 'GET', path: url.pathname, status, tokenKind: kindOf(auth) });
    const send = (result: SimResult, headers: Record<string, string> = {}) => {
      log(result.status);
      setTimeout(
        () => sendJson(res, result.status, documented ? documentedBody(result) : result.body, headers),
        handle.latencyMs,
      );
    };
    if (rateLimited > 0) {
      rateLimited--;
      return send(
        { status: 429, body: { error: { code: 'RATE_LIMITED', message: 'Too many requests' } } },
        { 'retry-after': String(retryAfter) },
      );
    }
    const principal = authenticate(state, jwt.verify, auth);
    if ('status' in principal)
      return send(principal, principal.status === 401 ? { 'www-authenticate': 'Bearer realm="imboard"' } : {});
    if (documented && !served.test(url.pathname))
      return send({ status: 404, body: { error: { code: 'RESOURCE_NOT_FOUND', message: 'Resource not found' } } });
    if (url.pathname === '/api/mcp') {
      log(200);
      return handleImboardMcp(state, principal, req, res, await readJsonBody(req));
    }
    if (!url.pathname.startsWith('/api/v1/'))
      return send({ status: 404, body: { error: { code: 'RESOURCE_NOT_FOUND', message: 'Resource not found' } } });
    const path = url.pathname.slice('/api/v1'.length);
    if (req.method === 'GET' && path === '/whoami')
      return send(whoami(state, principal, handle.whoamiRefusesRestrictedBoards));
    for (const [method, re, op] of REST) {
      const match = re.exec(path);
      if (!match || method !== req.method) continue;
      const body = method === 'GET' ? {} : (((await readJsonBody(req)) as Record<string, unknown> | null) ?? {});
      const second = match[2] ? decodeURIComponent(match[2]) : undefined;
      const params = {
        ...(match[1] ? { boardId: decodeURIComponent(match[1]) } : {}),
        ...(second ? (op === 'get_document' ? { documentId: second } : { meetingId: second }) : {}),
      };
      return send(operate(state, principal, op, params, body));
    }
    return send({ status: 404, body: { error: { code: 'RESOURCE_NOT_FOUND', message: 'Resource not found' } } });
  };

  const server = await startServer(
    (req, res) =>
      void handler(req, res).catch(() => {
        if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL', message: 'simulator error' } });
      }),
    options.port,
    { tls: options.tls ?? false },
  );
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
      expiredJwt: jwt.sign({
        sub: dana.id,
        email: dana.email,
        iss: 'https://app.imboard.ai',
        iat: now - 7200,
        exp: now - 60,
      }),
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
    profile,
    assumedDataPaths: !documented || options.assumedDataPaths === true,
    whoamiRefusesRestrictedBoards: false,
    requests: [],
    close: () => server.close(),
  });
  return handle;
}

/** The documented profile's body: bare resources (no `data` envelope), errors as `{ code, message }` in the seed's words. */
function documentedBody(result: SimResult): unknown {
  const body = result.body as { data?: unknown; error?: { code: string } } | null;
  if (result.status >= 400 && body?.error)
    return { code: body.error.code, message: DOCUMENTED_MESSAGES[body.error.code] ?? 'Error' };
  return body && typeof body === 'object' && 'data' in body ? body.data : body;
}
