import fs from 'node:fs';
import path from 'node:path';
import { gatewayTransport } from '../helpers/wakeups.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  type CallToolResult,
  ElicitationCompleteNotificationSchema,
  ElicitRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readGrant } from '../../shared/auth/oauth/grant-store.js';
import { connectionClientAccount } from '../../shared/auth/oauth/pre-registered-client.js';
import { signInAgainError, stepUpSignIn } from '../../shared/auth/oauth/step-up.js';
import { type Core } from '../../shared/connections/core.js';
import { UpstreamError } from '../../shared/errors.js';
import { runCli } from '../helpers/cli.js';
import { followInBrowser } from '../simulators/oauth-browser.js';
import { PREREGISTERED_CONFIDENTIAL_CLIENT } from '../simulators/oauth-server.js';
import {
  startSessionsWebsiteMcpSimulator,
  type SessionsWebsiteMcpOptions,
  type SessionsWebsiteMcpSimulator,
} from '../simulators/sessions-website-mcp.js';
import { scriptedSignInHome, textOf, untilGrantExpired, withGatewayTools } from './oauth-test-kit.js';

// Pre-registered clients, the 2025-03-26 fallback endpoints and step-up authorization against the project's own
// oidc-provider simulator, end to end as a person runs them: `bridgekeeper connections add` and `bridgekeeper login`
// in child processes (the browser is the scripted one), then an assistant calling tools through `bridgekeeper mcp`.
let sim: SessionsWebsiteMcpSimulator | undefined;
let core: Core;
let env: Record<string, string>;

async function start(options: SessionsWebsiteMcpOptions): Promise<SessionsWebsiteMcpSimulator> {
  sim = await startSessionsWebsiteMcpSimulator(options);
  return sim;
}

beforeEach(() => {
  const signInHome = scriptedSignInHome('bk-oauth-spec-');
  core = signInHome.core;
  env = signInHome.env;
});
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A gateway in this file's home (plus `extraEnv`), tools called by their name before namespacing. */
const withGateway = <T>(
  fn: Parameters<typeof withGatewayTools<T>>[1],
  extraEnv: Record<string, string> = {},
): Promise<T> => withGatewayTools({ ...env, ...extraEnv }, fn);

describe('OAuth features of the MCP authorization spec, through `bridgekeeper mcp`', () => {
  it(
    'signs in with a pre-registered confidential client (no DCR): the secret lives only in the keychain and authenticates refreshes',
    { timeout: 90_000 },
    async () => {
      const s = await start({});
      s.knobs.dcrDisabled = true;
      s.knobs.accessTokenTtlSeconds = 3;
      const add = await runCli(
        [
          'connections',
          'add',
          'remote-mcp',
          '--label',
          'Prereg MCP',
          '--url',
          s.mcpUrl('acme'),
          '--client-id',
          PREREGISTERED_CONFIDENTIAL_CLIENT.client_id,
          '--client-secret-stdin',
        ],
        { env, input: `${PREREGISTERED_CONFIDENTIAL_CLIENT.client_secret}\n` },
      );
      expect(add.code, add.stderr).toBe(0);
      expect(add.stdout).toMatch(/bridgekeeper login "Prereg MCP"/);
      const connection = core.store.get('Prereg MCP');
      expect(connection.metadata.oauthClientId).toBe('bk-confidential');
      const storeText = fs.readFileSync(path.join(env.BRIDGEKEEPER_HOME!, 'connections.json'), 'utf8');
      expect(storeText).not.toContain(PREREGISTERED_CONFIDENTIAL_CLIENT.client_secret);
      expect(await core.secrets.get(connectionClientAccount(connection.id))).toContain(
        PREREGISTERED_CONFIDENTIAL_CLIENT.client_secret,
      );

      const login = await runCli(['login', 'Prereg MCP'], { env });
      expect(login.code, login.stderr).toBe(0);
      expect(s.knobs.counts.registrations).toBe(0);
      expect((await readGrant(core.secrets, connection.id))!.clientAccount).toBe(
        connectionClientAccount(connection.id),
      );
      await withGateway(async (call) => {
        expect(textOf(await call('list_activities'))).toMatch(/Pottery/);
        await untilGrantExpired(core.secrets, connection.id);
        const refreshes = s.knobs.counts.refreshes;
        expect(textOf(await call('list_activities'))).toMatch(/Pottery/);
        expect(s.knobs.counts.refreshes).toBeGreaterThan(refreshes);
        expect(s.knobs.counts.refreshFailures).toBe(0);
      });
    },
  );

  it('refuses a client secret without a client id, and --client-id for other services, in plain words', async () => {
    const noId = await runCli(
      [
        'connections',
        'add',
        'remote-mcp',
        '--label',
        'X',
        '--url',
        'https://mcp.example.com/mcp',
        '--client-secret-stdin',
      ],
      { env, input: 'secret\n' },
    );
    expect(noId.code).not.toBe(0);
    expect(noId.stderr).toMatch(/--client-secret-stdin needs --client-id/);
    const wrong = await runCli(['connections', 'add', 'imboard', '--label', 'Y', '--client-id', 'abc'], { env });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/--client-id is for remote MCP servers/);
  });

  it(
    'signs in to a 2025-03-26 server without metadata at its default /authorize, /token and /register endpoints',
    { timeout: 60_000 },
    async () => {
      const s = await start({ legacyEndpoints: true });
      const probe = await fetch(`${s.url}/.well-known/oauth-authorization-server`);
      expect(probe.status).toBe(404);
      expect(
        (
          await runCli(
            ['connections', 'add', 'remote-mcp', '--label', 'Legacy MCP', '--url', s.mcpUrl('acme'), '--oauth'],
            { env },
          )
        ).code,
      ).toBe(0);
      const login = await runCli(['login', 'Legacy MCP'], { env });
      expect(login.code, login.stderr).toBe(0);
      expect(login.stderr).toContain(`${s.url}/authorize?`);
      expect(s.knobs.counts.registrations).toBe(1);
      const grant = (await readGrant(core.secrets, core.store.get('Legacy MCP').id))!;
      expect(grant.server.tokenEndpoint).toBe(`${s.url}/token`);
      await withGateway(async (call) => {
        expect(textOf(await call('list_activities'))).toMatch(/Pottery/);
      });
    },
  );

  it(
    'steps up: without a browser a refused call names the scope and how to sign in again; with one, the gateway signs in again for it within the call and the call works',
    { timeout: 120_000 },
    async () => {
      const s = await start({ stepUpScope: 'mcp:write' });
      expect(
        (
          await runCli(
            ['connections', 'add', 'remote-mcp', '--label', 'Step MCP', '--url', s.mcpUrl('acme'), '--oauth'],
            { env },
          )
        ).code,
      ).toBe(0);
      expect((await runCli(['login', 'Step MCP'], { env })).code).toBe(0);
      const connection = core.store.get('Step MCP');
      expect((await readGrant(core.secrets, connection.id))!.scopes).toEqual(['mcp:business']);

      // A gateway that can show no browser (no desktop, no opener): a clear "sign in again" naming the scope.
      const noBrowser = { BRIDGEKEEPER_OPEN_BROWSER_CMD: '', DISPLAY: '', WAYLAND_DISPLAY: '' };
      await withGateway(async (call) => {
        const refused = await call('create_session', { title: 'Clay', startsAt: '2026-12-02T10:00:00Z' });
        expect(refused.isError).toBe(true);
        expect(textOf(refused)).toContain(`'Step MCP' was signed in without mcp:write, which`);
        expect(textOf(refused)).toContain('bridgekeeper login "Step MCP" --scope "mcp:write"');
        expect(textOf(await call('list_activities'))).toMatch(/Pottery/);
      }, noBrowser);
      expect(core.store.get('Step MCP').learnedGaps.map((g) => g.scope)).toEqual(['mcp:write']);
      const error = signInAgainError(connection, ['mcp:write'], 'create_session');
      expect(error).toBeInstanceOf(UpstreamError);
      expect(`${error.message} ${error.hint}`).toBe(
        `'Step MCP' was signed in without mcp:write, which create_session needs. Sign in again to grant it: run \`bridgekeeper login "Step MCP" --scope "mcp:write"\` or use Sign in for 'Step MCP' in the Bridgekeeper app, then try again.`,
      );

      // A gateway that can open the browser: the refused scope (learned above) is asked for within the call, once,
      // keeping the granted one, and the call goes through.
      const authorizationsBefore = s.knobs.counts.authorizationCodeGrants;
      await withGateway(async (call) => {
        const created = await call('create_session', { title: 'Clay', startsAt: '2026-12-02T10:00:00Z' });
        expect(created.isError ?? false, textOf(created)).toBe(false);
        expect(textOf(created)).toMatch(/Clay/);
      });
      expect(s.knobs.counts.authorizationCodeGrants).toBe(authorizationsBefore + 1);
      expect((await readGrant(core.secrets, connection.id))!.scopes.sort()).toEqual(['mcp:business', 'mcp:write']);
      expect(core.store.get('Step MCP').learnedGaps).toEqual([]);
    },
  );

  it(
    "steps up through the assistant's own client when it can show a page (URL-mode elicitation), then completes it",
    { timeout: 120_000 },
    async () => {
      const s = await start({ stepUpScope: 'mcp:write' });
      expect(
        (
          await runCli(
            ['connections', 'add', 'remote-mcp', '--label', 'Url MCP', '--url', s.mcpUrl('acme'), '--oauth'],
            { env },
          )
        ).code,
      ).toBe(0);
      expect((await runCli(['login', 'Url MCP'], { env })).code).toBe(0);
      // No browser for the gateway: only the client's URL elicitation can show the page.
      const noBrowser = { BRIDGEKEEPER_OPEN_BROWSER_CMD: '', DISPLAY: '', WAYLAND_DISPLAY: '' };
      const transport = gatewayTransport({ ...env, ...noBrowser }).transport;
      const client = new Client(
        { name: 'assistant-with-url-elicitation', version: '1' },
        { capabilities: { elicitation: { url: {} } } },
      );
      const asked: Array<{ mode?: string; message: string; url?: string; elicitationId?: string }> = [];
      const completed: string[] = [];
      client.setRequestHandler(ElicitRequestSchema, (request) => {
        const params = request.params as { mode?: string; message: string; url?: string; elicitationId?: string };
        asked.push(params);
        // The person opens the page (the scripted browser) and the client says so.
        if (params.url) void followInBrowser(params.url);
        return { action: 'accept' };
      });
      client.setNotificationHandler(
        ElicitationCompleteNotificationSchema,
        (n) => void completed.push(n.params.elicitationId),
      );
      await client.connect(transport);
      try {
        const { tools } = await client.listTools();
        const name = tools.find((t) => t.name.endsWith('__create_session'))!.name;
        const created = (await client.callTool({
          name,
          arguments: { title: 'Glaze', startsAt: '2026-12-03T10:00:00Z' },
        })) as CallToolResult;
        expect(created.isError ?? false, textOf(created)).toBe(false);
        expect(textOf(created)).toMatch(/Glaze/);
      } finally {
        await client.close();
      }
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatchObject({
        mode: 'url',
        message: expect.stringContaining(`'Url MCP' needs you to sign in again to grant mcp:write`),
      });
      expect(asked[0]!.url).toContain('/authorize');
      expect(completed).toEqual([asked[0]!.elicitationId]);
      expect((await readGrant(core.secrets, core.store.get('Url MCP').id))!.scopes.sort()).toEqual([
        'mcp:business',
        'mcp:write',
      ]);
    },
  );

  it(
    'stepUpSignIn asks for the union of granted and required scopes once, in the browser',
    { timeout: 60_000 },
    async () => {
      const s = await start({ stepUpScope: 'mcp:write' });
      const connection = await core.store.add({
        label: 'Direct',
        provider: 'remote-mcp',
        authKind: 'oauth',
        metadata: { url: s.mcpUrl('acme') },
      });
      const opened: string[] = [];
      const openBrowser = async (url: string) => {
        opened.push(url);
        void followInBrowser(url).catch(() => undefined);
      };
      expect((await stepUpSignIn(core, connection, ['mcp:business'], { openBrowser })).sort()).toEqual([
        'mcp:business',
      ]);
      expect(
        (
          await stepUpSignIn(core, core.store.get(connection.id), ['mcp:business', 'mcp:write'], { openBrowser })
        ).sort(),
      ).toEqual(['mcp:business', 'mcp:write']);
      expect(opened).toHaveLength(2);
      expect(new URL(opened[1]!).searchParams.get('scope')?.split(' ').sort()).toEqual([
        'mcp:business',
        'mcp:write',
        'offline_access',
      ]);
    },
  );
});
