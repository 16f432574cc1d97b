import crypto from 'node:crypto';
import type http from 'node:http';
import { enforcedScopes, type SimCaller } from './sessionboard-auth.js';
import { seedSessionboardWorld, type SessionboardWorld } from './sessionboard-data.js';
import { serveMcp } from './sessionboard-mcp.js';
import { createAuthorizationServer, type OAuthKnobs } from './oauth-server.js';
import { readJsonBody, sendJson, startServer } from './sim-server.js';

/** A running Sessionboard MCP server behind OAuth (seed 000: "OAuth (recommended for most clients)"). */
export interface SessionboardOAuthSimulator {
  /** The origin (stands for https://mcp.sessionboard.com). */
  url: string;
  /** `<origin>/mcp`. */
  mcpUrl: string;
  /** The scope the authorization server grants (a name Bridgekeeper does not know, unless told otherwise). */
  grantScope: string;
  world: SessionboardWorld;
  knobs: OAuthKnobs;
  /** `tools/call` requests that reached the MCP endpoint with a valid token. */
  toolCalls: string[];
  close(): Promise<void>;
}

/** Verifies an RS256 JWT access token against the authorization server's JWKS; returns its claims or undefined. */
async function verifyJwt(token: string, jwksUrl: string): Promise<Record<string, unknown> | undefined> {
  const [h, p, s] = token.split('.');
  if (!h || !p || !s) return undefined;
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { kid?: string; alg?: string };
  if (header.alg !== 'RS256') return undefined;
  const jwks = (await (await fetch(jwksUrl)).json()) as { keys: Array<crypto.JsonWebKey & { kid?: string }> };
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) return undefined;
  const ok = crypto.verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    crypto.createPublicKey({ key: jwk, format: 'jwk' }),
    Buffer.from(s, 'base64url'),
  );
  return ok ? (JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>) : undefined;
}

/**
 * Starts a Sessionboard MCP endpoint that accepts OAuth access tokens (JWTs from a real oidc-provider, DCR + PKCE)
 * instead of `x-access-token`. The seeds name no OAuth scopes, so the grant carries `grantScope` (default
 * `sessionboard:mcp`, a name Bridgekeeper does not know); the signed-in person acts for Acme Events with full
 * access, and the tools are the same as the token-based MCP simulator's.
 */
export async function startSessionboardOAuthSimulator(
  options: { grantScope?: string } = {},
): Promise<SessionboardOAuthSimulator> {
  const world = seedSessionboardWorld();
  const grantScope = options.grantScope ?? 'sessionboard:mcp';
  const toolCalls: string[] = [];
  let handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> = async (_req, res) =>
    sendJson(res, 503, {});
  const running = await startServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(error) });
    });
  });
  const origin = running.url;
  const resource = `${origin}/`;
  const as = createAuthorizationServer(origin, { resource, resourceScope: grantScope });
  const full = world.tokens.find((t) => t.key === 'full')!;
  const org = world.orgs.find((o) => o.id === full.orgId)!;
  const challenge = (res: http.ServerResponse) =>
    sendJson(
      res,
      401,
      { error: 'unauthorized' },
      { 'www-authenticate': `Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource"` },
    );

  handler = async (req, res) => {
    const path = new URL(req.url ?? '/', origin).pathname;
    if (path === '/.well-known/oauth-protected-resource') {
      sendJson(res, 200, {
        resource,
        authorization_servers: [origin],
        scopes_supported: [grantScope],
        bearer_methods_supported: ['header'],
        resource_name: 'Sessionboard MCP (simulator)',
      });
      return;
    }
    if (path === '/mcp') {
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith('Bearer ')) return challenge(res);
      const claims = await verifyJwt(auth.slice(7), `${origin}/oauth/jwks`);
      const aud = claims ? (Array.isArray(claims.aud) ? claims.aud : [claims.aud]) : [];
      if (
        !claims ||
        claims.iss !== origin ||
        !aud.includes(resource) ||
        typeof claims.exp !== 'number' ||
        claims.exp * 1000 <= Date.now()
      )
        return challenge(res);
      const body = req.method === 'POST' ? await readJsonBody(req) : undefined;
      const call = body as { method?: unknown; params?: { name?: unknown } } | null;
      if (call?.method === 'tools/call' && typeof call.params?.name === 'string') toolCalls.push(call.params.name);
      const caller: SimCaller = {
        token: { ...full, name: `OAuth sign-in (${String(claims.sub)})` },
        org,
        scopes: enforcedScopes(full),
      };
      await serveMcp(world, caller, req, res, body);
      return;
    }
    if (await as.handle(req, res)) return;
    sendJson(res, 404, { error: 'not_found' });
  };

  return {
    url: origin,
    mcpUrl: `${origin}/mcp`,
    grantScope,
    world,
    knobs: as.knobs,
    toolCalls,
    close: () => running.close(),
  };
}
