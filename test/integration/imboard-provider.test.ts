import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Connection } from '../../shared/connections/model.js';
import { rejectionOf } from '../helpers/rejection.js';
import { tokenConnection } from '../helpers/token-connection.js';
import { UpstreamError } from '../../shared/errors.js';
import { UpstreamHttpClient } from '../../shared/net/http-client.js';
import { provider } from '../../shared/providers/imboard/index.js';
import { maskSecret } from '../../shared/secrets/mask.js';
import { startImboardSimulator, type ImboardSimulator } from '../simulators/imboard.js';

let sim: ImboardSimulator;
const http = new UpstreamHttpClient({ timeoutMs: 10_000, sleep: async () => undefined });

function connection(secret: string, extra: Partial<Connection> = {}): Connection {
  return tokenConnection({
    id: 'c_imboard0001',
    label: 'Acme board',
    provider: 'imboard',
    baseUrl: sim.apiBaseUrl,
    metadata: { maskedToken: maskSecret(secret) },
    ...extra,
  });
}
const ctx = (secret: string, extra: Partial<Connection> = {}) => ({
  connection: connection(secret, extra),
  secret,
  http,
});
const upstreamError = (p: Promise<unknown>) => rejectionOf(p, UpstreamError);

beforeAll(async () => {
  sim = await startImboardSimulator();
});
afterAll(async () => sim.close());

describe("I'mBoard whoami per token kind and state", () => {
  it('a read-only PAT acts as the user, with server read scopes and no expiry', async () => {
    const who = await provider.whoami(ctx(sim.tokens.patRead));
    expect(who.principal).toEqual({ type: 'user', id: '601a4f2c9b1e', email: 'dana.whitfield@acme.example' });
    expect(who.tokenKind).toBe('pat');
    expect(who.expiresAt).toBeNull();
    expect(who.scopes.every((s) => s.provenance === 'server' && s.scope.endsWith(':read'))).toBe(true);
    expect(who.notes).toContain('Read-only: write tools will be refused.');
    expect(who.notes).toContain('Token name: my-script.');
  });

  it('a full-access PAT reports write scopes and its expiry', async () => {
    const who = await provider.whoami(ctx(sim.tokens.patFull));
    expect(who.scopes.map((s) => s.scope)).toEqual(
      expect.arrayContaining(['meetings:write', 'documents:write', 'boards:read']),
    );
    expect(Date.parse(who.expiresAt!)).toBeGreaterThan(Date.now() + 80 * 86_400_000);
  });

  it('a read-only board token is the board, pinned, with the seven-scope read preset', async () => {
    const who = await provider.whoami(ctx(sim.tokens.batRead));
    expect(who.principal).toEqual({ type: 'board', id: sim.boards.acme, name: 'Acme Inc.' });
    expect(who.flags.boardPinned).toBe(true);
    expect(who.tokenKind).toBe('board_token');
    expect(who.scopes).toHaveLength(7);
    expect(who.notes.join(' ')).toMatch(/Read-only preset/);
  });

  it('a browser JWT acts as the user, with unknown scopes and an unverified expiry', async () => {
    const who = await provider.whoami(ctx(sim.tokens.jwt));
    expect(who.principal).toMatchObject({ type: 'user', email: 'dana.whitfield@acme.example' });
    expect(who.tokenKind).toBe('jwt');
    expect(who.scopes).toEqual([]);
    expect(who.notes.join(' ')).toMatch(/unverified/);
    expect(provider.effectiveScopes(connection(sim.tokens.jwt))).toBeUndefined();
  });

  it.each([
    ['expired', 'expired', /has expired/],
    ['revoked', 'revoked', /was revoked/],
    ['expiredJwt', 'expired', /has expired/],
  ] as const)(
    'a %s token fails at once as %s with a next step in Account > API Access',
    async (name, kind, message) => {
      const error = await upstreamError(provider.whoami(ctx(sim.tokens[name])));
      expect([error.kind, error.status]).toEqual([kind, 401]);
      expect(error.message).toMatch(message);
      if (name !== 'expiredJwt') expect(error.hint).toMatch(/Account > API Access/);
    },
  );

  it('an unknown token fails as invalid_token; a revoked board token points at Board settings', async () => {
    expect((await upstreamError(provider.whoami(ctx('imb_pat_doesnotexist000000000000')))).kind).toBe('invalid_token');
    const bat = sim.tokens.batWrite;
    sim.revoke(bat);
    const error = await upstreamError(provider.whoami(ctx(bat)));
    expect(error.kind).toBe('revoked');
    expect(error.hint).toMatch(/Board settings → Access tokens/);
  });

  it('a suspended account says contact support; an inactive one says reactivate in settings', async () => {
    const suspended = await upstreamError(provider.whoami(ctx(sim.tokens.suspended)));
    expect([suspended.kind, suspended.status]).toEqual(['account_suspended', 403]);
    expect(suspended.hint).toMatch(/support/);
    const inactive = await upstreamError(provider.whoami(ctx(sim.tokens.inactive)));
    expect([inactive.kind, inactive.status]).toEqual(['account_inactive', 403]);
    expect(inactive.hint).toMatch(/Reactivate your account in I'mBoard settings/);
  });

  it("a board token on a billing-restricted board still introspects itself (seed: any principal can); its board's calls are billing_restricted", async () => {
    const who = await provider.whoami(ctx(sim.tokens.batBillingRestricted));
    expect(who.principal).toEqual({ type: 'board', id: sim.boards.globex, name: 'Globex Holdings' });
    const error = await upstreamError(provider.callTool(ctx(sim.tokens.batBillingRestricted), 'list_meetings', {}));
    expect([error.kind, error.status]).toEqual(['billing_restricted', 403]);
  });

  it('a whoami refused with BILLING_RESTRICTED anyway does not block: the token is accepted and who it is stays unknown', async () => {
    sim.whoamiRefusesRestrictedBoards = true;
    try {
      const who = await provider.whoami(ctx(sim.tokens.batBillingRestricted));
      expect(who).toMatchObject({
        tokenKind: 'board_token',
        principal: { type: 'board' },
        scopes: [],
        flags: { boardPinned: true },
      });
      expect(who.notes.join(' ')).toMatch(/BILLING_RESTRICTED.*not known yet/);
    } finally {
      sim.whoamiRefusesRestrictedBoards = false;
    }
  });
});

describe("I'mBoard tools over REST", () => {
  it('a PAT lists boards and meetings, and creates then updates a meeting with meetings:write', async () => {
    const boards = await provider.callTool(ctx(sim.tokens.patFull), 'list_boards', {});
    expect((boards.data as Array<{ name: string }>).map((b) => b.name)).toEqual([
      'Acme Inc.',
      'Northwind Ventures',
      'Globex Holdings',
    ]);
    const meetings = await provider.callTool(ctx(sim.tokens.patRead), 'list_meetings', { boardId: sim.boards.acme });
    expect((meetings.data as unknown[]).length).toBeGreaterThanOrEqual(2);
    const created = await provider.callTool(ctx(sim.tokens.patFull), 'create_meeting', {
      boardId: sim.boards.acme,
      title: 'Audit committee',
      startsAt: '2027-02-02T10:00:00Z',
    });
    const id = (created.data as { id: string }).id;
    const updated = await provider.callTool(ctx(sim.tokens.patFull), 'update_meeting', {
      boardId: sim.boards.acme,
      meetingId: id,
      status: 'cancelled',
    });
    expect(updated.data).toMatchObject({ id, status: 'cancelled' });
    const doc = await provider.callTool(ctx(sim.tokens.patFull), 'create_document', {
      boardId: sim.boards.acme,
      title: 'Notes',
      content: '# Notes',
    });
    expect(doc.status).toBe(201);
  });

  it('a read-only PAT writing gets 403 FORBIDDEN mapped to missing_scope meetings:write', async () => {
    const error = await upstreamError(
      provider.callTool(ctx(sim.tokens.patRead), 'create_meeting', {
        boardId: sim.boards.acme,
        title: 'x',
        startsAt: '2027-01-01T00:00:00Z',
      }),
    );
    expect([error.kind, error.missingScopes]).toEqual(['missing_scope', ['meetings:write']]);
    expect(error.hint).toMatch(/Account > API Access/);
  });

  it('meetings:write does not imply meetings:read: listing is refused for a write-only token', async () => {
    const error = await upstreamError(
      provider.callTool(ctx(sim.tokens.patMeetingsWriteOnly), 'list_meetings', { boardId: sim.boards.acme }),
    );
    expect([error.kind, error.missingScopes]).toEqual(['missing_scope', ['meetings:read']]);
  });

  it('a viewer role writing is plain forbidden when the token holds the scope', async () => {
    const c = ctx(sim.tokens.patFull, { serverScopes: ['meetings:write', 'meetings:read'] });
    const error = await upstreamError(
      provider.callTool(c, 'create_meeting', {
        boardId: sim.boards.northwind,
        title: 'x',
        startsAt: '2027-01-01T00:00:00Z',
      }),
    );
    expect([error.kind, error.status]).toEqual(['forbidden', 403]);
    expect(error.message).toMatch(/role/);
  });

  it('a PAT on a billing-restricted board gets billing_restricted', async () => {
    const error = await upstreamError(
      provider.callTool(ctx(sim.tokens.patRead), 'list_documents', { boardId: sim.boards.globex }),
    );
    expect(error.kind).toBe('billing_restricted');
  });

  it('a board token is pinned: boardId may be left out, other boards are not_found, account routes forbidden', async () => {
    const pinned = ctx(sim.tokens.batRead);
    expect(provider.tools(pinned.connection).map((t) => t.name)).not.toContain('list_boards');
    const meetings = await provider.callTool(pinned, 'list_meetings', {});
    expect((meetings.data as Array<{ boardId: string }>).every((m) => m.boardId === sim.boards.acme)).toBe(true);
    const other = await upstreamError(provider.callTool(pinned, 'list_meetings', { boardId: sim.boards.northwind }));
    expect([other.kind, other.status]).toEqual(['not_found', 404]);
    expect(other.message).toMatch(/pinned/);
    const account = await upstreamError(provider.callTool(pinned, 'list_boards', {}));
    expect([account.kind, account.status]).toEqual(['forbidden', 403]);
    expect(account.message).toMatch(/board routes/);
    const write = await upstreamError(provider.callTool(pinned, 'create_document', { title: 'x', content: 'y' }));
    expect([write.kind, write.missingScopes]).toEqual(['missing_scope', ['documents:write']]);
    expect(write.hint).toMatch(/Board settings → Access tokens/);
  });

  it('a missing Authorization header is UNAUTHENTICATED and 429 is retried honouring Retry-After', async () => {
    const raw = await http.request({ url: `${sim.apiBaseUrl}/whoami`, retry: false });
    expect(raw.body).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'No token provided or header format is invalid' },
    });
    sim.rateLimitNext(2, 1);
    const before = sim.requests.length;
    await provider.callTool(ctx(sim.tokens.patRead), 'list_reports', { boardId: sim.boards.acme });
    expect(sim.requests.slice(before).map((r) => r.status)).toEqual([429, 429, 200]);
  });
});

describe("I'mBoard simulator MCP endpoint (real SDK client)", () => {
  async function mcp(token: string) {
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(sim.mcpUrl), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    return client;
  }

  it('lists tools and enforces scopes and board pinning like REST', async () => {
    const client = await mcp(sim.tokens.batRead);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['list_meetings', 'create_meeting']));
      const ok = await client.callTool({ name: 'list_meetings', arguments: {} });
      expect(ok.isError).toBeFalsy();
      const write = await client.callTool({
        name: 'create_meeting',
        arguments: { title: 'x', startsAt: '2027-01-01T00:00:00Z' },
      });
      expect(write.isError).toBe(true);
      expect(JSON.stringify(write.content)).toMatch(/403 FORBIDDEN.*meetings:write/);
      const other = await client.callTool({ name: 'list_meetings', arguments: { boardId: sim.boards.northwind } });
      expect(JSON.stringify(other.content)).toMatch(/404 RESOURCE_NOT_FOUND/);
    } finally {
      await client.close();
    }
  });

  it('refuses an invalid token at the HTTP layer with 401', async () => {
    await expect(mcp('imb_pat_nope0000000000000000')).rejects.toThrow(/401|INVALID_API_TOKEN/);
  });

  it('maps MCP tool names to the documented scopes', () => {
    expect(provider.mcpToolScopes!('create_meeting', {})).toEqual(['meetings:write']);
    expect(provider.mcpEndpoint!(connection(sim.tokens.patRead))).toBe(sim.mcpUrl);
  });
});

describe("I'mBoard: /me, one document, functions", () => {
  it('get_me returns the profile for a PAT and is not offered to a board token (which has no user)', async () => {
    const me = await provider.callTool(ctx(sim.tokens.patRead), 'get_me', {});
    expect(me.data).toMatchObject({ email: 'dana.whitfield@acme.example' });
    expect(provider.tools(connection(sim.tokens.batRead)).map((t) => t.name)).not.toContain('get_me');
  });

  it('reads one document with its content, and lists board functions with the board token default preset', async () => {
    const doc = await provider.callTool(ctx(sim.tokens.patRead), 'get_document', {
      boardId: sim.boards.acme,
      documentId: 'doc_budget_draft',
    });
    expect(doc.data).toMatchObject({ id: 'doc_budget_draft', content: expect.stringContaining('Revenue target') });
    const functions = await provider.callTool(ctx(sim.tokens.batRead), 'list_functions', {});
    expect((functions.data as Array<{ name: string }>).map((f) => f.name)).toEqual(['Audit committee', 'Chair']);
    expect(
      provider
        .tools(connection(sim.tokens.batRead))
        .find((t) => t.name === 'list_functions')!
        .requiredScopes({}),
    ).toEqual(['functions:read']);
  });
});
