/**
 * sessions.website works on what seed 002 documents alone: the same flows run against the simulator's `documented`
 * profile (strict Apollo-style validation, the query `{ activeBusiness { id name } }` and nothing else, refusals
 * without Bridgekeeper's assumed `reason`/`requiredScope` extensions) and its default `assumed` profile: add (CLI and
 * app), whoami, the tool matrix, the documented read (`get_business`) through `bridgekeeper mcp`, and an assumed
 * tool failing cleanly. The data fields and webhook mutations are assumed (the seed names scopes, not fields), so
 * paging, a write and a scope refusal learned from the service run on the documented profile with
 * `assumedDataPaths: true`. Real parts throughout: the built CLI and gateway (`npm run build` first), the app's
 * Electron-free handlers, the real keychain (with-test-keyring.sh).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHandlers, invokeOperation, memoryPreferences } from '../../shared/app/handlers.js';
import { createCore } from '../../shared/connections/core.js';
import { UpstreamError } from '../../shared/errors.js';
import { UpstreamHttpClient } from '../../shared/net/http-client.js';
import { provider } from '../../shared/providers/sessions-website/index.js';
import { MemorySecretStore } from '../../shared/secrets/memory-secret-store.js';
import { rejectionOf } from '../helpers/rejection.js';
import { tokenConnection } from '../helpers/token-connection.js';
import { addConnection, cli, connectGateway, gatewayEnv, text } from './gateway-harness.js';
import { startSessionsWebsiteSimulator, type SessionsWebsiteSimulator } from '../simulators/sessions-website.js';

const PROFILES = ['documented', 'assumed'] as const;
const http = new UpstreamHttpClient({ timeoutMs: 10_000 });

describe.each(PROFILES)('sessions.website against the %s profile', { timeout: 120_000 }, (profile) => {
  let sim: SessionsWebsiteSimulator;
  /** The same profile serving the assumed data fields and mutations too (on `assumed`, `sim` itself). */
  let dataSim: SessionsWebsiteSimulator;
  const documented = profile === 'documented';

  beforeAll(async () => {
    sim = await startSessionsWebsiteSimulator({ profile });
    dataSim = documented ? await startSessionsWebsiteSimulator({ profile, assumedDataPaths: true }) : sim;
  });
  afterAll(async () => {
    await sim.close();
    if (dataSim !== sim) await dataSim.close();
  });

  const graphqlCalls = () => dataSim.requests.filter((r) => r.path.endsWith('/api/graphql')).length;
  const mcpCalls = () => sim.requests.filter((r) => r.path.endsWith('/api/mcp')).length;
  const keyConnection = (handle: string, declaredScopes: string[] = []) =>
    tokenConnection({
      id: 'c_documented1',
      label: 'Acme',
      provider: 'sessions-website',
      baseUrl: sim.url,
      metadata: { handle },
      declaredScopes,
    });

  it('whoami: the documented query names the business; scopes are reported only where the service reports them', async () => {
    const who = await provider.whoami({
      connection: keyConnection('acme-yoga', ['participants:read']),
      secret: sim.tokens.acmeReadOnly,
      http,
    });
    expect(who.principal).toEqual({ type: 'business', id: 'biz_01acmeyoga', name: 'Acme Yoga Studio' });
    expect(who.notes.join(' ')).toContain('Valid partner API key for Acme Yoga Studio (@acme-yoga)');
    if (documented) {
      expect(who.scopesReported).toBe(false);
      expect(who.scopes).toEqual([
        { scope: 'participants:read', provenance: 'declared', description: expect.any(String) },
      ]);
      expect(who.notes.join(' ')).toMatch(
        /does not report a key's scopes through its documented API; the scopes shown are the ones you declared/,
      );
      expect(who.notes.join(' ')).toContain('name and expiry are not reported');
      // The richer identity fields were asked separately and refused as Apollo does: HTTP 400, never fatal.
      expect(sim.requests.some((r) => r.operation === 'apiKey')).toBe(true);
    } else {
      expect(who.scopesReported).toBe(true);
      expect(who.scopes.every((s) => s.provenance === 'server')).toBe(true);
      expect(who.scopes.map((s) => s.scope)).toContain('registrations:read');
    }
  });

  it('whoami without declared scopes says plainly that they are unknown and learned from refusals', async () => {
    const who = await provider.whoami({
      connection: keyConnection('acme-yoga'),
      secret: sim.tokens.acmeProductsOnly,
      http,
    });
    if (documented) {
      expect(who.scopes).toEqual([]);
      expect(who.notes.join(' ')).toMatch(
        /none were declared: every tool is offered, and Bridgekeeper learns a missing scope from the service's first refusal/,
      );
    } else {
      expect(who.scopes.map((s) => s.scope)).toEqual(['products:read']);
    }
  });

  it('a key on another business handle is reported as the wrong business', async () => {
    const error = await rejectionOf(
      provider.whoami({ connection: keyConnection('harbour-climbing'), secret: sim.tokens.acmeFull, http }),
      UpstreamError,
    );
    expect(error.kind).toBe('wrong_handle');
    expect(error.message).toContain('refused this key at @harbour-climbing: the key belongs to another business');
  });

  it('a tool call with a key on another business handle is refused, saying which handle and why it may be', async () => {
    const error = await rejectionOf(
      provider.callTool(
        { connection: keyConnection('harbour-climbing'), secret: sim.tokens.acmeFull, http },
        'list_products',
        {},
      ),
      UpstreamError,
    );
    if (documented) {
      expect(error.kind).toBe('forbidden');
      expect(error.message).toContain('refused the request at @harbour-climbing (403)');
      expect(error.hint).toContain("refused on another business's handle");
    } else {
      expect(error.kind).toBe('wrong_handle');
    }
    // get_business sends only the documented identity query, which needs no scope: a 403 there is the wrong business.
    const identity = await rejectionOf(
      provider.callTool(
        { connection: keyConnection('harbour-climbing'), secret: sim.tokens.acmeFull, http },
        'get_business',
        {},
      ),
      UpstreamError,
    );
    expect(identity.kind).toBe('wrong_handle');
  });

  it('adds a key through the CLI, validated live with the documented query', async () => {
    const env = gatewayEnv(sim.hostOverrides);
    const added = await cli(
      [
        'connections',
        'add',
        'sessions-website',
        '--label',
        'Acme',
        '--handle',
        'acme-yoga',
        '--scopes',
        'participants:read,products:read',
        '--json',
        '--token-stdin',
      ],
      env,
      sim.tokens.acmeReadOnly,
    );
    expect(added.code, added.stderr).toBe(0);
    const { connection, whoami } = JSON.parse(added.stdout) as {
      connection: Record<string, unknown>;
      whoami: { principal: { name: string } };
    };
    expect(whoami.principal.name).toBe('Acme Yoga Studio');
    expect(connection).toMatchObject({
      status: { state: 'ok' },
      declaredScopes: ['participants:read', 'products:read'],
      metadata: { handle: 'acme-yoga', principalName: 'Acme Yoga Studio' },
    });
    if (documented) expect(connection.serverScopes).toBeUndefined();
    else
      expect((connection.serverScopes as string[]).sort()).toEqual([
        'participants:read',
        'products:read',
        'purchases:read',
        'registrations:read',
        'webhooks:read',
      ]);
    expect(added.stdout + added.stderr).not.toContain(sim.tokens.acmeReadOnly);
    const who = await cli(['whoami', 'Acme'], env);
    expect(who.code, who.stderr).toBe(0);
    expect(who.stdout).toContain('Acme Yoga Studio');
    if (documented) {
      expect(who.stdout).toMatch(/participants:read\s+declared/);
      expect(who.stdout).toContain("does not report a key's scopes through its documented API");
    } else {
      expect(who.stdout).toMatch(/registrations:read\s+server/);
    }
    expect(who.stdout).not.toContain(sim.tokens.acmeReadOnly);
  });

  it('refuses through the CLI a key on another business handle, and saves nothing', async () => {
    const env = gatewayEnv(sim.hostOverrides);
    const result = await cli(
      ['connections', 'add', 'sessions-website', '--label', 'Wrong', '--handle', 'harbour-climbing', '--token-stdin'],
      env,
      sim.tokens.acmeFull,
    );
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(/refused this key at @harbour-climbing: the key belongs to another business/);
    const list = await cli(['connections', 'list', '--json'], env);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('refuses --mode mcp with a key before anything is sent, explaining the browser sign-in', async () => {
    const env = gatewayEnv(sim.hostOverrides);
    const before = sim.requests.length;
    const result = await cli(
      [
        'connections',
        'add',
        'sessions-website',
        '--label',
        'Key on MCP',
        '--handle',
        'acme-yoga',
        '--mode',
        'mcp',
        '--token-stdin',
      ],
      env,
      sim.tokens.acmeFull,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/An API key cannot connect to the sessions.website MCP server/);
    expect(result.stderr).toMatch(/browser sign-in \(OAuth, scope mcp:business\)/);
    expect(result.stderr).toContain('--oauth');
    expect(result.stderr).not.toContain(sim.tokens.acmeFull);
    expect(sim.requests.length).toBe(before);
    const list = await cli(['connections', 'list', '--json'], env);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('serves the documented read through `bridgekeeper mcp`; an assumed tool fails saying why', async () => {
    const env = gatewayEnv(sim.hostOverrides);
    await addConnection(env, 'sessions-website', 'Acme', sim.tokens.acmeReadOnly, ['--handle', 'acme-yoga']);
    const gateway = await connectGateway(env);
    try {
      const business = await gateway.call('sessionsweb_acme__get_business');
      expect(business.isError, text(business)).toBeFalsy();
      expect(JSON.parse(text(business))).toMatchObject({
        id: 'biz_01acmeyoga',
        name: 'Acme Yoga Studio',
        handle: 'acme-yoga',
      });
      const before = sim.requests.length;
      const participants = await gateway.call('sessionsweb_acme__list_participants');
      if (documented) {
        // One request: once `participants` is unknown on Query, no other list envelope of it is tried.
        expect(sim.requests.length - before).toBe(1);
        expect(participants.isError).toBe(true);
        expect(text(participants)).toContain(
          'sessions.website does not know the GraphQL fields Bridgekeeper assumed for list_participants',
        );
        expect(text(participants)).toMatch(/Cannot query field \\?"participants\\?" on type \\?"Query\\?"/);
        expect(text(participants)).toContain('Nothing was read or changed');
      } else {
        expect(participants.isError, text(participants)).toBeFalsy();
      }
    } finally {
      await gateway.close();
    }
  });

  it('pages an assumed list through `bridgekeeper mcp`, telling the assistant when more results exist', async () => {
    const sim = dataSim;
    const env = gatewayEnv(sim.hostOverrides);
    await addConnection(env, 'sessions-website', 'Acme', sim.tokens.acmeReadOnly, ['--handle', 'acme-yoga']);
    const gateway = await connectGateway(env);
    try {
      const { tools } = await gateway.client.listTools();
      const name = tools.find((t) => t.name.endsWith('list_participants'))!.name;
      const first = await gateway.call(name, { first: 2 });
      expect(first.isError, text(first)).toBeFalsy();
      expect(text(first)).toContain('Maya Lindqvist');
      expect(text(first)).toMatch(/More results exist: call list_participants again with after: \\"[^"\\]+\\"/);
      const cursor = /after: \\"([^"\\]+)\\"/.exec(text(first))![1]!;
      const rest = await gateway.call(name, { first: 10, after: cursor });
      expect(text(rest)).toContain('Hana Sato');
      expect(text(rest)).toContain('These are all the results.');
    } finally {
      await gateway.close();
    }
  });

  it('writes through `bridgekeeper mcp` (a webhook endpoint, on the assumed mutations)', async () => {
    const sim = dataSim;
    const env = gatewayEnv(sim.hostOverrides);
    await addConnection(env, 'sessions-website', 'Hooks', sim.tokens.acmeFull, ['--handle', 'acme-yoga']);
    const gateway = await connectGateway(env);
    try {
      const created = await gateway.call('sessionsweb_hooks__create_webhook_endpoint', {
        url: 'https://hooks.acme-yoga.example/sessions',
        events: ['participant.created'],
        description: 'CRM sync',
      });
      expect(created.isError, text(created)).toBeFalsy();
      expect(text(created)).toContain('https://hooks.acme-yoga.example/sessions');
      const listed = await gateway.call('sessionsweb_hooks__list_webhook_endpoints');
      expect(text(listed)).toContain('CRM sync');
    } finally {
      await gateway.close();
    }
  });

  it("learns a missing scope from the service's own refusal, then refuses locally", async () => {
    const sim = dataSim;
    const env = gatewayEnv(sim.hostOverrides);
    // The assumed profile reports the key's scopes, which would refuse locally at once: add it unchecked there.
    const id = await addConnection(env, 'sessions-website', 'Shop widget', sim.tokens.acmeProductsOnly, [
      '--handle',
      'acme-yoga',
      ...(documented ? [] : ['--offline']),
    ]);
    const gateway = await connectGateway(env);
    try {
      const { tools } = await gateway.client.listTools();
      const name = tools.find((t) => t.name.endsWith('list_participants'))!.name;
      const sent = graphqlCalls();
      const refused = await gateway.call(name);
      expect(refused.isError).toBe(true);
      expect(text(refused)).toMatch(/refused by sessions\.website 'Shop widget': the token lacks participants:read/);
      expect(graphqlCalls()).toBe(sent + 1);
      const again = await gateway.call(name);
      expect(text(again)).toMatch(/was not run: .*lacks participants:read \(the service refused it before\)/);
      expect(graphqlCalls()).toBe(sent + 1);
      const products = await gateway.call(tools.find((t) => t.name.endsWith('list_products'))!.name);
      expect(text(products)).toContain('10-class pass');
    } finally {
      await gateway.close();
    }
    const list = JSON.parse((await cli(['connections', 'list', '--json'], env)).stdout) as Array<{
      id: string;
      learnedGaps: Array<{ scope: string; tool: string }>;
    }>;
    expect(list.find((c) => c.id === id)!.learnedGaps).toEqual([
      expect.objectContaining({ scope: 'participants:read', tool: 'list_participants' }),
    ]);
  });

  it('never sends a stored key to the MCP endpoint, even for a connection saved with mode mcp', async () => {
    const env = gatewayEnv(sim.hostOverrides);
    const id = await addConnection(env, 'sessions-website', 'Old MCP key', sim.tokens.acmeFull, [
      '--handle',
      'acme-yoga',
    ]);
    // A connection stored before the rule existed (or edited by hand) that asks for the MCP server with a key.
    const file = path.join(env.BRIDGEKEEPER_HOME!, 'connections.json');
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      connections: Array<{ id: string; metadata: Record<string, unknown> }>;
    };
    stored.connections.find((c) => c.id === id)!.metadata.mode = 'mcp';
    fs.writeFileSync(file, JSON.stringify(stored, null, 2));
    const gateway = await connectGateway(env);
    try {
      const { tools } = await gateway.client.listTools();
      expect(tools).toEqual([]);
      expect(gateway.stderr()).toMatch(/does not send the API key of 'Old MCP key' to the sessions.website MCP server/);
      expect(mcpCalls()).toBe(0);
      expect(
        sim.requests.filter(
          (r) => r.headers.authorization?.includes(sim.tokens.acmeFull) && !r.path.endsWith('/api/graphql'),
        ),
      ).toEqual([]);
    } finally {
      await gateway.close();
    }
  });

  describe('through the app handlers', () => {
    let home: string;
    let previousOverrides: string | undefined;
    beforeAll(() => {
      previousOverrides = process.env.BRIDGEKEEPER_HOST_OVERRIDES;
      process.env.BRIDGEKEEPER_HOST_OVERRIDES = JSON.stringify(sim.hostOverrides);
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-sw-app-'));
    });
    afterAll(() => {
      if (previousOverrides === undefined) delete process.env.BRIDGEKEEPER_HOST_OVERRIDES;
      else process.env.BRIDGEKEEPER_HOST_OVERRIDES = previousOverrides;
      fs.rmSync(home, { recursive: true, force: true });
    });

    function handlers() {
      const core = createCore({ home, secrets: new MemorySecretStore() });
      const app = createAppHandlers({
        core,
        preferences: memoryPreferences(),
        openBrowser: async () => undefined,
        openExternal: async () => false,
        gatewayCommand: { command: 'bridgekeeper', args: ['mcp'], env: {} },
        version: '0.1.0',
        platform: 'linux',
      });
      return { core, app };
    }

    it('adds a key (API mode, never MCP), shows whoami and the tool × scope matrix', async () => {
      const { core, app } = handlers();
      const added = await invokeOperation(app, 'addConnection', {
        service: 'sessions-website',
        label: `Acme app ${profile}`,
        authKind: 'token',
        token: sim.tokens.acmeReadOnly,
        handle: 'acme-yoga',
        declaredScopes: ['participants:read', 'products:read'],
      });
      expect(added.ok, JSON.stringify(added)).toBe(true);
      if (!added.ok) return;
      expect(added.value.whoami?.principal.name).toBe('Acme Yoga Studio');
      expect(added.value.whoami?.scopes.map((s) => s.provenance)).toEqual(
        documented ? ['declared', 'declared'] : Array(5).fill('server'),
      );
      expect(core.store.get(added.value.connection.id).metadata.mode).toBeUndefined();
      const matrix = await invokeOperation(app, 'toolMatrix', { id: added.value.connection.id });
      expect(matrix.ok).toBe(true);
      if (!matrix.ok) return;
      const row = (name: string) => matrix.value.tools.find((t) => t.name === name)!;
      if (documented) {
        // Declared scopes are the person's word, not the service's: they predict (labelled declared), never refuse.
        expect(row('list_participants')).toMatchObject({ scope: 'unknown', expectedFrom: 'declared' });
        expect(row('list_participants').expectedMissing).toBeUndefined();
        expect(row('list_registrations')).toMatchObject({
          scope: 'unknown',
          expectedMissing: ['registrations:read'],
          expectedFrom: 'declared',
          enabled: true,
        });
        expect(row('create_webhook_endpoint')).toMatchObject({
          scope: 'unknown',
          expectedMissing: ['webhooks:write'],
          expectedFrom: 'declared',
        });
      } else {
        const scope = Object.fromEntries(matrix.value.tools.map((t) => [t.name, t.scope]));
        expect(scope).toMatchObject({
          list_participants: 'allowed',
          list_products: 'allowed',
          list_registrations: 'allowed',
          create_webhook_endpoint: 'missing',
        });
      }
    });

    it('shows every tool as unknown (forwarded, never refused) when the scopes are neither reported nor declared', async () => {
      const { app } = handlers();
      const added = await invokeOperation(app, 'addConnection', {
        service: 'sessions-website',
        label: `Unknown ${profile}`,
        authKind: 'token',
        token: sim.tokens.acmeFull,
        handle: 'acme-yoga',
      });
      expect(added.ok, JSON.stringify(added)).toBe(true);
      if (!added.ok) return;
      const matrix = await invokeOperation(app, 'toolMatrix', { id: added.value.connection.id });
      if (!matrix.ok) throw new Error(JSON.stringify(matrix));
      const statuses = new Set(matrix.value.tools.filter((t) => t.name !== 'get_business').map((t) => t.scope));
      expect(statuses).toEqual(new Set([documented ? 'unknown' : 'allowed']));
      // The documented identity read needs no scope: offered as allowed whatever the key holds.
      expect(matrix.value.tools.find((t) => t.name === 'get_business')?.scope).toBe('allowed');
    });

    it('refuses a key on another business handle, naming it', async () => {
      const { app } = handlers();
      const added = await invokeOperation(app, 'addConnection', {
        service: 'sessions-website',
        label: `Wrong ${profile}`,
        authKind: 'token',
        token: sim.tokens.harbourFull,
        handle: 'acme-yoga',
      });
      expect(added).toMatchObject({ ok: false, error: { code: 'upstream_wrong_handle' } });
    });
  });
});
