import crypto from 'node:crypto';
import type http from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { createWakeups } from '../helpers/wakeups.js';
import { createAuthorizationServer, type OAuthKnobs } from './oauth-server.js';
import { readJsonBody, sendJson, startServer } from './sim-server.js';
import { serveStatelessMcp } from './stateless-mcp-endpoint.js';

/** Knobs of the sessions.website MCP simulator: the authorization server's, plus resource-server ones. */
export interface SessionsWebsiteKnobs extends OAuthKnobs {
  /** Server-side revocation: every access token seen so far is answered 401 `invalid_token` from now on. */
  rejectSeenAccessTokens(): void;
  /** MCP requests served (any status). */
  mcpRequests: number;
  /** `tools/call` POSTs that reached the MCP endpoint (accepted or refused), whatever else the client sends. */
  toolCallRequests: number;
  /** GETs of the MCP endpoint (an SDK client's background SSE stream) answered so far (status sent), whatever the answer. */
  mcpGetsAnswered: number;
  /** Resolves once `mcpGetsAnswered` reaches `count` (woken by each answer; rejects after `timeoutMs`). */
  untilMcpGetsAnswered(count: number, timeoutMs?: number): Promise<void>;
  /** A broken resource server: every access token is answered 401, even fresh ones. */
  rejectAllTokens: boolean;
  /** Hide `registration_endpoint` (a server without Dynamic Client Registration). */
  dcrDisabled: boolean;
  /**
   * With `stepUpScope` (`listScope`): `create_session` (`tools/list`) is refused 403 `insufficient_scope` for it even
   * when the token carries it (a server whose step-up never succeeds), so a client must stop after one sign-in.
   */
  keepRefusingStepUpScope: boolean;
  /** Make the protected-resource metadata name this authorization server instead (e.g. a plain-HTTP one). */
  authorizationServerOverride?: string;
}

/** A running sessions.website simulator: business MCP endpoints behind a real OAuth authorization server. */
export interface SessionsWebsiteMcpSimulator {
  /** The origin, e.g. http://127.0.0.1:41234 (stands for https://business.sessions.website). */
  url: string;
  /** `<origin>/@<handle>/api/mcp`. */
  mcpUrl(handle: string): string;
  issuer: string;
  knobs: SessionsWebsiteKnobs;
  close(): Promise<void>;
}

/** Shapes of the simulator beyond the sessions.website default. */
export interface SessionsWebsiteMcpOptions {
  /** The authorization server on its own origin (as for many remote MCP servers). */
  separateAuthorizationServer?: boolean;
  /**
   * A server of the 2025-03-26 MCP spec without any metadata: no protected-resource or authorization server
   * metadata, its 401 names no `resource_metadata`, and the authorization server answers at `/authorize`, `/token`
   * and `/register` on the server's own origin.
   */
  legacyEndpoints?: boolean;
  /**
   * Step-up: `create_session` also needs this scope (the authorization server offers it, the protected-resource
   * metadata advertises only `mcp:business`); without it the call is refused 403 `insufficient_scope` naming both.
   */
  stepUpScope?: string;
  /**
   * `tools/list` also needs this scope (offered by the authorization server, not advertised in the protected-resource
   * metadata): without it the list is refused 403 `insufficient_scope` naming both.
   */
  listScope?: string;
  /**
   * Client ID Metadata Documents: the authorization server metadata advertises `client_id_metadata_document_supported`
   * and accepts this URL as a client id (as if it had fetched the document), alongside Dynamic Client Registration.
   */
  clientIdMetadataDocument?: string;
}

type Caller = { subject: string; business: string };
type Session = { id: string; title: string; startsAt: string; status: 'scheduled' | 'cancelled' };

function buildServer(caller: Caller, sessions: Session[]): McpServer {
  const server = new McpServer({ name: 'sessions-website-business-mcp-simulator', version: '1.0.0' });
  const text = (data: unknown) => ({ content: [{ type: 'text' as const, text: JSON.stringify(data) }] });
  const read = { readOnlyHint: true, destructiveHint: false } as const;
  server.registerTool(
    'upcoming_sessions',
    { description: 'Upcoming sessions of the business.', annotations: read },
    async () =>
      text({
        business: caller.business,
        actingAs: caller.subject,
        sessions: sessions.filter((s) => s.status === 'scheduled'),
      }),
  );
  server.registerTool(
    'list_activities',
    { description: 'Activities the business runs.', annotations: read },
    async () =>
      text({
        business: caller.business,
        activities: [
          { id: 'act_yoga', name: 'Morning yoga' },
          { id: 'act_pottery', name: 'Pottery' },
        ],
      }),
  );
  server.registerTool(
    'create_session',
    {
      description: 'Schedule a session.',
      inputSchema: { title: z.string(), startsAt: z.string() },
      annotations: { readOnlyHint: false, destructiveHint: false },
    },
    async ({ title, startsAt }) => {
      const session: Session = {
        id: `ses_${crypto.randomBytes(4).toString('hex')}`,
        title,
        startsAt,
        status: 'scheduled',
      };
      sessions.push(session);
      return text(session);
    },
  );
  server.registerTool(
    'cancel_session',
    {
      description: 'Cancel a session.',
      inputSchema: { id: z.string() },
      annotations: { readOnlyHint: false, destructiveHint: true },
    },
    async ({ id }) => {
      const session = sessions.find((s) => s.id === id);
      if (!session) return { ...text({ error: `No session ${id}.` }), isError: true };
      session.status = 'cancelled';
      return text(session);
    },
  );
  return server;
}

/** Verifies an RS256 JWT access token against the authorization server's JWKS. Returns its claims or a reason. */
async function verifyJwt(
  token: string,
  jwksUrl: string,
): Promise<{ claims: Record<string, unknown> } | { reason: string }> {
  const [h, p, s] = token.split('.');
  if (!h || !p || !s) return { reason: 'not a JWT' };
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { kid?: string; alg?: string };
  if (header.alg !== 'RS256') return { reason: 'unexpected alg' };
  const jwks = (await (await fetch(jwksUrl)).json()) as { keys: Array<crypto.JsonWebKey & { kid?: string }> };
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) return { reason: 'unknown key' };
  const ok = crypto.verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    crypto.createPublicKey({ key: jwk, format: 'jwk' }),
    Buffer.from(s, 'base64url'),
  );
  if (!ok) return { reason: 'bad signature' };
  return { claims: JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown> };
}

/**
 * Starts the sessions.website business MCP simulator (seed 002): `/@<handle>/api/mcp` is an MCP SDK server over
 * Streamable HTTP; unauthenticated calls get `401` + `WWW-Authenticate: Bearer resource_metadata="<origin>/.well-known/oauth-protected-resource"`;
 * tokens must be JWTs from the simulator's oidc-provider for this resource, with scope `mcp:business` and the
 * `business` of the URL's handle. DCR is at `POST /oauth/register`.
 */
export async function startSessionsWebsiteMcpSimulator(
  options: SessionsWebsiteMcpOptions = {},
): Promise<SessionsWebsiteMcpSimulator> {
  let handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> = async (_req, res) =>
    sendJson(res, 503, {});
  const running = await startServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(error) });
    });
  });
  const origin = running.url;
  const resource = `${origin}/`;
  // Optionally the authorization server lives on its own origin (as for many remote MCP servers).
  let asHandler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> = async (_req, res) =>
    sendJson(res, 503, {});
  const asServer = options.separateAuthorizationServer
    ? await startServer(
        (req, res) => void asHandler(req, res).catch(() => (res.headersSent ? undefined : sendJson(res, 500, {}))),
      )
    : undefined;
  const issuer = asServer?.url ?? origin;
  const legacy = options.legacyEndpoints === true;
  const as = createAuthorizationServer(issuer, {
    resource,
    resourceScope: [
      'mcp:business',
      ...(options.stepUpScope ? [options.stepUpScope] : []),
      ...(options.listScope ? [options.listScope] : []),
    ].join(' '),
    rootEndpoints: legacy,
    ...(options.clientIdMetadataDocument ? { clientIdMetadataDocument: options.clientIdMetadataDocument } : {}),
  });
  asHandler = async (req, res) => {
    if (!(await as.handle(req, res))) sendJson(res, 404, { error: 'not_found' });
  };
  const getsAnswered = createWakeups();
  const knobs = Object.assign(as.knobs, {
    mcpRequests: 0,
    toolCallRequests: 0,
    mcpGetsAnswered: 0,
    untilMcpGetsAnswered: (count: number, timeoutMs = 10_000) =>
      getsAnswered
        .until(
          () => (knobs.mcpGetsAnswered >= count ? true : undefined),
          timeoutMs,
          () => `only ${knobs.mcpGetsAnswered} of ${count} MCP GETs answered within ${timeoutMs} ms`,
        )
        .then(() => undefined),
    dcrDisabled: false,
    keepRefusingStepUpScope: false,
    rejectAllTokens: false,
    rejectSeenAccessTokens: () => seen.forEach((jti) => rejected.add(jti)),
  }) as SessionsWebsiteKnobs;
  const sessionsByBusiness = new Map<string, Session[]>();
  const seen = new Set<string>();
  const rejected = new Set<string>();
  const challenge = (
    res: http.ServerResponse,
    status: number,
    error?: string,
    description?: string,
    scope?: string,
  ) => {
    const fields = [
      ...(legacy ? [] : [`resource_metadata="${origin}/.well-known/oauth-protected-resource"`]),
      ...(error ? [`error="${error}"`] : []),
      ...(scope ? [`scope="${scope}"`] : []),
      ...(error && description ? [`error_description="${description}"`] : []),
    ];
    sendJson(
      res,
      status,
      { error: error ?? 'unauthorized', error_description: description ?? 'Sign in to use this MCP server.' },
      {
        'www-authenticate': `Bearer${fields.length ? ` ${fields.join(', ')}` : ''}`,
      },
    );
  };

  handler = async (req, res) => {
    const path = new URL(req.url ?? '/', origin).pathname;
    if (legacy && path.startsWith('/.well-known/')) {
      sendJson(res, 404, { error: 'not_found' });
      return;
    }
    if (path === '/.well-known/oauth-protected-resource') {
      sendJson(res, 200, {
        resource,
        authorization_servers: [knobs.authorizationServerOverride ?? issuer],
        scopes_supported: ['mcp:business'],
        bearer_methods_supported: ['header'],
        resource_name: 'sessions.website business MCP (simulator)',
      });
      return;
    }
    if (path === '/.well-known/oauth-authorization-server' && (knobs.dcrDisabled || options.clientIdMetadataDocument)) {
      const oidc = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<
        string,
        unknown
      >;
      if (knobs.dcrDisabled) delete oidc.registration_endpoint;
      if (options.clientIdMetadataDocument) oidc.client_id_metadata_document_supported = true;
      sendJson(res, 200, oidc);
      return;
    }
    const mcp = /^\/@([A-Za-z0-9_-]+)\/api\/mcp$/.exec(path);
    if (mcp) {
      knobs.mcpRequests++;
      if (req.method === 'GET') {
        // Answered = status line written (an SSE stream stays open, so 'finish' may never come).
        const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
        res.writeHead = ((...args: unknown[]) => {
          knobs.mcpGetsAnswered++;
          getsAnswered.wake();
          return writeHead(...args);
        }) as typeof res.writeHead;
      }
      const body = req.method === 'POST' ? await readJsonBody(req) : undefined;
      if ((body as { method?: unknown } | null)?.method === 'tools/call') knobs.toolCallRequests++;
      const handle = mcp[1]!;
      const auth = req.headers.authorization ?? '';
      // Without metadata to read it from, a legacy server names the scope in its challenge (RFC 6750 §3).
      if (!auth.startsWith('Bearer '))
        return legacy ? challenge(res, 401, undefined, undefined, 'mcp:business') : challenge(res, 401);
      const verified = await verifyJwt(auth.slice(7), `${issuer}/oauth/jwks`);
      if ('reason' in verified) return challenge(res, 401, 'invalid_token', verified.reason);
      const c = verified.claims;
      const aud = Array.isArray(c.aud) ? c.aud : [c.aud];
      if (c.iss !== issuer || !aud.includes(resource))
        return challenge(res, 401, 'invalid_token', 'token is for another resource');
      if (typeof c.exp !== 'number' || c.exp * 1000 <= Date.now())
        return challenge(res, 401, 'invalid_token', 'token expired');
      const jti = String(c.jti);
      if (knobs.rejectAllTokens || rejected.has(jti)) return challenge(res, 401, 'invalid_token', 'token revoked');
      seen.add(jti);
      if (
        !String(c.scope ?? '')
          .split(' ')
          .includes('mcp:business')
      )
        return challenge(res, 403, 'insufficient_scope', 'mcp:business is required');
      const scopes = String(c.scope ?? '').split(' ');
      const call = body as { method?: unknown; params?: { name?: unknown } } | null;
      if (
        options.stepUpScope &&
        call?.method === 'tools/call' &&
        call.params?.name === 'create_session' &&
        (knobs.keepRefusingStepUpScope || !scopes.includes(options.stepUpScope))
      ) {
        return challenge(
          res,
          403,
          'insufficient_scope',
          `create_session needs ${options.stepUpScope}`,
          `mcp:business ${options.stepUpScope}`,
        );
      }
      if (
        options.listScope &&
        call?.method === 'tools/list' &&
        (knobs.keepRefusingStepUpScope || !scopes.includes(options.listScope))
      ) {
        return challenge(
          res,
          403,
          'insufficient_scope',
          `tools/list needs ${options.listScope}`,
          `mcp:business ${options.listScope}`,
        );
      }
      if (c.business !== handle)
        return sendJson(res, 403, {
          error: 'forbidden',
          error_description: `This token is for the business '${String(c.business)}', not '@${handle}'.`,
        });
      const sessions = sessionsByBusiness.get(handle) ?? [
        { id: 'ses_1', title: 'Sunrise yoga', startsAt: '2026-12-01T07:00:00Z', status: 'scheduled' as const },
      ];
      sessionsByBusiness.set(handle, sessions);
      await serveStatelessMcp(buildServer({ subject: String(c.sub), business: handle }, sessions), req, res, body);
      return;
    }
    if (await as.handle(req, res)) return;
    sendJson(res, 404, { error: 'not_found' });
  };

  return {
    url: origin,
    mcpUrl: (handle) => `${origin}/@${handle}/api/mcp`,
    issuer,
    knobs,
    close: async () => {
      await running.close();
      await asServer?.close();
    },
  };
}
