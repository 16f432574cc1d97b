import { gatewayTransport } from '../helpers/wakeups.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGrant } from '../../shared/auth/oauth/grant-store.js';
import type { Connection } from '../../shared/connections/model.js';
import { type Core } from '../../shared/connections/core.js';
import { runCli } from '../helpers/cli.js';
import {
  startSessionsWebsiteMcpSimulator,
  type SessionsWebsiteMcpSimulator,
} from '../simulators/sessions-website-mcp.js';
import { scriptedSignInHome, untilGrantExpired } from './oauth-test-kit.js';

// The whole flow as a person runs it: `bridgekeeper login` in a child process (its browser is a scripted one,
// plugged in through BRIDGEKEEPER_OPEN_BROWSER_CMD), then an assistant talking to `bridgekeeper mcp` over stdio.
let sim: SessionsWebsiteMcpSimulator;
let core: Core;
let env: Record<string, string>;

async function addConnection(label: string): Promise<Connection> {
  return core.store.add({
    label,
    provider: 'sessions-website',
    baseUrl: sim.url,
    authKind: 'oauth',
    metadata: { handle: 'acme', mode: 'mcp' },
  });
}

beforeAll(async () => {
  sim = await startSessionsWebsiteMcpSimulator();
  const signInHome = scriptedSignInHome('bk-login-');
  core = signInHome.core;
  env = signInHome.env;
});
afterAll(async () => {
  await sim.close();
});

describe('bridgekeeper login / logout (CLI child processes)', () => {
  it('signs in through the browser, prints the URL and the result, and never prints a token', async () => {
    const added = await runCli(
      [
        'connections',
        'add',
        'sessions-website',
        '--label',
        'Acme MCP',
        '--handle',
        'acme',
        '--base-url',
        sim.url,
        '--oauth',
      ],
      { env },
    );
    expect(added.stdout).toMatch(/bridgekeeper login "Acme MCP"/);
    const connection = core.store.get('Acme MCP');
    const result = await runCli(['login', 'Acme MCP'], { env });
    expect(result.stderr).toMatch(new RegExp(`visit:\\n${sim.url.replace(/[.]/g, '\\.')}/oauth/authorize\\?`));
    expect(result.stdout).toBe("Signed in to 'Acme MCP' as staff-ada. Granted: mcp:business.\n");
    expect(result.code).toBe(0);
    const grant = (await readGrant(core.secrets, connection.id))!;
    for (const secret of [grant.access_token, grant.refresh_token!])
      expect(result.stdout + result.stderr).not.toContain(secret);
    expect(core.store.get(connection.id).status.state).toBe('ok');
  });

  it('reports a denied consent in plain words with exit code 6', async () => {
    await addConnection('Denied');
    sim.knobs.user = { accountId: 'staff-ada', business: 'acme', deny: true };
    try {
      const result = await runCli(['login', 'Denied'], { env });
      expect(result.code).toBe(6);
      expect(result.stderr).toMatch(
        /bridgekeeper: Sign-in was cancelled: access was not allowed on the consent screen\. Run the sign-in again/,
      );
    } finally {
      sim.knobs.user = { accountId: 'staff-ada', business: 'acme' };
    }
  });

  it('with --no-browser only prints the address, and times out when nobody signs in', async () => {
    await addConnection('Nobody');
    const result = await runCli(['login', 'Nobody', '--no-browser', '--timeout', '3'], { env });
    expect(result.stderr).toMatch(/Open this address in your browser to sign in/);
    expect(result.stderr).toMatch(/did not come back within 3 s/);
    expect(result.code).toBe(6);
  });

  it(
    'serves the signed-in connection through `bridgekeeper mcp`, refreshing an expired token transparently',
    { timeout: 90_000 },
    async () => {
      sim.knobs.accessTokenTtlSeconds = 3;
      try {
        await addConnection('Short MCP');
        expect((await runCli(['login', 'Short MCP'], { env })).code).toBe(0);
        const transport = gatewayTransport(env).transport;
        const client = new Client({ name: 'assistant', version: '1' });
        await client.connect(transport);
        try {
          const tools = await client.listTools();
          const upcoming = tools.tools.map((t) => t.name).filter((n) => n.endsWith('upcoming_sessions'));
          expect(upcoming.length).toBeGreaterThan(0);
          const name = upcoming.find((n) => n.toLowerCase().includes('short')) ?? upcoming[0]!;
          const first = await client.callTool({ name, arguments: {} });
          expect(JSON.stringify(first.content)).toMatch(/Sunrise yoga/);
          const id = core.store.get('Short MCP').id;
          await untilGrantExpired(core.secrets, id);
          const refreshes = sim.knobs.counts.refreshes;
          const second = await client.callTool({ name, arguments: {} });
          expect(second.isError ?? false).toBe(false);
          expect(JSON.stringify(second.content)).toMatch(/Sunrise yoga/);
          expect(sim.knobs.counts.refreshes).toBeGreaterThan(refreshes);
          // The grant is revoked at the service: the next call says "sign in again", and the gateway keeps running.
          await sim.knobs.revokeAllGrants();
          await untilGrantExpired(core.secrets, id);
          const third = await client.callTool({ name, arguments: {} });
          expect(third.isError).toBe(true);
          expect(JSON.stringify(third.content)).toMatch(/bridgekeeper login \\"Short MCP\\"/);
          expect(core.store.get('Short MCP').status.state).toBe('needs_sign_in');
          expect((await client.listTools()).tools.length).toBeGreaterThan(0);
        } finally {
          await client.close();
        }
      } finally {
        sim.knobs.accessTokenTtlSeconds = 3600;
      }
    },
  );

  it('logout revokes at the service and wipes the grant', async () => {
    const connection = core.store.get('Acme MCP');
    const revocations = sim.knobs.counts.revocations;
    const result = await runCli(['logout', 'Acme MCP'], { env });
    expect(result.stdout).toBe("Signed out of 'Acme MCP' and revoked the sign-in at the service.\n");
    expect(result.code).toBe(0);
    expect(sim.knobs.counts.revocations).toBeGreaterThan(revocations);
    expect(await readGrant(core.secrets, connection.id)).toBeUndefined();
    expect(core.store.get(connection.id).status.state).toBe('needs_sign_in');
  });
});
