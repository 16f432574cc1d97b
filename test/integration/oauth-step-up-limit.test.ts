import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { type CallToolResult, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readGrant } from '../../shared/auth/oauth/grant-store.js';
import { type Core } from '../../shared/connections/core.js';
import { runCli } from '../helpers/cli.js';
import { scriptedSignInHome, textOf, withGatewayTools } from './oauth-test-kit.js';
import { gatewayTransport } from '../helpers/wakeups.js';
import {
  startSessionsWebsiteMcpSimulator,
  type SessionsWebsiteMcpOptions,
  type SessionsWebsiteMcpSimulator,
} from '../simulators/sessions-website-mcp.js';

// Step-up authorization never loops: one tool call opens at most one sign-in (whether the gateway asks for the scope
// before the call or after the server refused it) and resends at most once; a server that keeps refusing gets a
// clear error naming the scope and what to do. End to end: `bridgekeeper connections add` and `login` in child
// processes (the scripted browser), then an assistant calling tools through `bridgekeeper mcp`.
let sim: SessionsWebsiteMcpSimulator | undefined;
let core: Core;
let env: Record<string, string>;
const noBrowser = { BRIDGEKEEPER_OPEN_BROWSER_CMD: '', DISPLAY: '', WAYLAND_DISPLAY: '' };

beforeEach(() => {
  const signInHome = scriptedSignInHome('bk-oauth-step-up-');
  core = signInHome.core;
  env = signInHome.env;
});
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** Starts the simulator and signs a new remote MCP connection `label` in to it (scripted browser, CLI). */
async function signedIn(label: string, options: SessionsWebsiteMcpOptions): Promise<SessionsWebsiteMcpSimulator> {
  sim = await startSessionsWebsiteMcpSimulator(options);
  const add = await runCli(
    ['connections', 'add', 'remote-mcp', '--label', label, '--url', sim.mcpUrl('acme'), '--oauth'],
    {
      env,
    },
  );
  expect(add.code, add.stderr).toBe(0);
  const login = await runCli(['login', label], { env });
  expect(login.code, login.stderr).toBe(0);
  return sim;
}

/** A gateway in this file's home (plus `extraEnv`), tools called by their name before namespacing. */
const withGateway = <T>(
  fn: Parameters<typeof withGatewayTools<T>>[1],
  extraEnv: Record<string, string> = {},
): Promise<T> => withGatewayTools({ ...env, ...extraEnv }, fn);

const session = { title: 'Clay', startsAt: '2026-12-02T10:00:00Z' };

describe('step-up authorization never loops (one sign-in and one resend per call), through `bridgekeeper mcp`', () => {
  it(
    'a server that keeps refusing the scope after the step-up: exactly one extra authorization per call, then a clear error naming the scope',
    { timeout: 120_000 },
    async () => {
      const s = await signedIn('Stubborn MCP', { stepUpScope: 'mcp:write' });
      s.knobs.keepRefusingStepUpScope = true;
      const id = core.store.get('Stubborn MCP').id;
      const expectClearError = (result: CallToolResult, scopes: string) => {
        expect(result.isError).toBe(true);
        expect(textOf(result)).toContain(`'Stubborn MCP' still refuses mcp_stubborn-mcp__create_session for lack of`);
        expect(textOf(result)).toContain(`bridgekeeper login "Stubborn MCP" --scope "${scopes}"`);
        expect(textOf(result)).toContain('ask its administrator');
        expect(textOf(result)).not.toContain('Grant the scope to the token');
      };

      // Refused during the call (nothing learned yet): one step-up, one resend, refused again → the error.
      let authorizations = s.knobs.counts.authorizationCodeGrants;
      let toolCalls = s.knobs.toolCallRequests;
      await withGateway(async (call) => {
        const refused = await call('create_session', session);
        expectClearError(refused, 'mcp:write');
        expect(textOf(refused)).toContain('lack of mcp:write, after signing in again for it within this call');
      });
      expect(s.knobs.counts.authorizationCodeGrants).toBe(authorizations + 1);
      expect(s.knobs.toolCallRequests).toBe(toolCalls + 2);
      expect((await readGrant(core.secrets, id))!.scopes.sort()).toEqual(['mcp:business', 'mcp:write']);

      // The sign-in now holds every scope the server names: the call is sent (the server decides), and its refusal
      // opens no sign-in (one would be refused the same way).
      authorizations = s.knobs.counts.authorizationCodeGrants;
      toolCalls = s.knobs.toolCallRequests;
      await withGateway(async (call) => {
        const refused = await call('create_session', session);
        expectClearError(refused, 'mcp:business mcp:write');
        expect(textOf(refused)).toContain(
          `lack of mcp:business, mcp:write, although the sign-in of 'Stubborn MCP' includes them`,
        );
      });
      expect(s.knobs.counts.authorizationCodeGrants).toBe(authorizations);
      expect(s.knobs.toolCallRequests).toBe(toolCalls + 1);
    },
  );

  it(
    'a scope refused before is asked for before the call; when the server still refuses after that sign-in, no second sign-in opens within the call',
    { timeout: 120_000 },
    async () => {
      const s = await signedIn('Learned MCP', { stepUpScope: 'mcp:write' });
      // Without a browser the refusal is only learned (the sign-in lacks mcp:write).
      await withGateway(async (call) => {
        expect((await call('create_session', session)).isError).toBe(true);
      }, noBrowser);
      expect(core.store.get('Learned MCP').learnedGaps.map((g) => g.scope)).toEqual(['mcp:write']);

      s.knobs.keepRefusingStepUpScope = true;
      const authorizations = s.knobs.counts.authorizationCodeGrants;
      const toolCalls = s.knobs.toolCallRequests;
      await withGateway(async (call) => {
        const refused = await call('create_session', session);
        expect(refused.isError).toBe(true);
        expect(textOf(refused)).toContain(
          `'Learned MCP' still refuses mcp_learned-mcp__create_session for lack of mcp:write, after signing in again`,
        );
        expect(textOf(refused)).toContain('bridgekeeper login "Learned MCP" --scope "mcp:write"');
        // The other tools keep working.
        expect(textOf(await call('list_activities'))).toMatch(/Pottery/);
      });
      expect(s.knobs.counts.authorizationCodeGrants).toBe(authorizations + 1);
      expect(s.knobs.toolCallRequests).toBe(toolCalls + 2);
    },
  );

  it(
    'a tool list refused for a scope the sign-in lacks: a stand-in entry names the login command; calling it signs in once for the scope and the tools appear',
    { timeout: 120_000 },
    async () => {
      const s = await signedIn('List MCP', { listScope: 'mcp:tools' });
      const gateway = gatewayTransport(env);
      const client = new Client({ name: 'assistant', version: '1' });
      await client.connect(gateway.transport);
      try {
        const before = (await client.listTools()).tools;
        expect(before.map((t) => t.name)).toEqual(['mcp_list-mcp__sign_in_for_tools']);
        expect(before[0]!.description).toContain('the sign-in lacks mcp:tools');
        expect(before[0]!.description).toContain('bridgekeeper login "List MCP" --scope "mcp:tools"');
        const log = await gateway.untilStderr(/tools of 'List MCP' are unavailable[^\n]*/);
        expect(log).toContain('bridgekeeper login "List MCP" --scope "mcp:tools"');
        expect(gateway.stderr()).not.toContain('Grant the scope to the token');

        const authorizations = s.knobs.counts.authorizationCodeGrants;
        const listChanged = new Promise<void>((resolve) =>
          client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()),
        );
        const result = (await client.callTool({
          name: 'mcp_list-mcp__sign_in_for_tools',
          arguments: {},
        })) as CallToolResult;
        expect(result.isError ?? false, textOf(result)).toBe(false);
        expect(textOf(result)).toContain(`The tools of 'List MCP' are available again`);
        expect(s.knobs.counts.authorizationCodeGrants).toBe(authorizations + 1);
        expect((await readGrant(core.secrets, core.store.get('List MCP').id))!.scopes.sort()).toEqual([
          'mcp:business',
          'mcp:tools',
        ]);
        await listChanged; // the rebuilt list is announced
        const after = (await client.listTools()).tools.map((t) => t.name);
        expect(after).toContain('mcp_list-mcp__list_activities');
        expect(after).not.toContain('mcp_list-mcp__sign_in_for_tools');
        const activities = (await client.callTool({
          name: 'mcp_list-mcp__list_activities',
          arguments: {},
        })) as CallToolResult;
        expect(textOf(activities)).toMatch(/Pottery/);
      } finally {
        await client.close();
      }
    },
  );

  it(
    'a tool list the server keeps refusing after the step-up: one sign-in, then a clear error; calling again opens none',
    { timeout: 120_000 },
    async () => {
      const s = await signedIn('Closed MCP', { listScope: 'mcp:tools' });
      s.knobs.keepRefusingStepUpScope = true;
      const client = new Client({ name: 'assistant', version: '1' });
      await client.connect(gatewayTransport(env).transport);
      try {
        const name = 'mcp_closed-mcp__sign_in_for_tools';
        expect((await client.listTools()).tools.map((t) => t.name)).toEqual([name]);
        const authorizations = s.knobs.counts.authorizationCodeGrants;
        const first = (await client.callTool({ name, arguments: {} })) as CallToolResult;
        expect(first.isError).toBe(true);
        expect(textOf(first)).toContain(
          `'Closed MCP' still refuses its tool list for lack of mcp:tools, after signing in again for it within this call`,
        );
        expect(textOf(first)).toContain('bridgekeeper login "Closed MCP" --scope "mcp:tools"');
        expect(s.knobs.counts.authorizationCodeGrants).toBe(authorizations + 1);

        const second = (await client.callTool({ name, arguments: {} })) as CallToolResult;
        expect(second.isError).toBe(true);
        expect(textOf(second)).toContain(`although the sign-in of 'Closed MCP' includes them`);
        expect(s.knobs.counts.authorizationCodeGrants).toBe(authorizations + 1);
      } finally {
        await client.close();
      }
    },
  );
});
