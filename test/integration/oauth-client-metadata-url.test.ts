import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readGrant } from '../../shared/auth/oauth/grant-store.js';
import { type Core } from '../../shared/connections/core.js';
import { runCli } from '../helpers/cli.js';
import { scriptedSignInHome } from './oauth-test-kit.js';
import { gatewayTransport } from '../helpers/wakeups.js';
import {
  startSessionsWebsiteMcpSimulator,
  type SessionsWebsiteMcpSimulator,
} from '../simulators/sessions-website-mcp.js';

// The Client ID Metadata Document URL is a stored setting (`bridgekeeper settings`, <home>/settings.json) that every
// process reads, so a gateway an assistant starts (which sees none of the person's shell variables) signs in with it
// too. Against the oidc-provider simulator, which advertises client_id_metadata_document_supported and knows the URL.
const DOCUMENT = 'https://bridgekeeper.example.org/oauth/client-metadata.json';
let sim: SessionsWebsiteMcpSimulator | undefined;
let core: Core;
let env: Record<string, string>;

beforeEach(() => {
  const signInHome = scriptedSignInHome('bk-oauth-cimd-');
  core = signInHome.core;
  // No variable: only the stored setting can name the document.
  env = { ...signInHome.env, BRIDGEKEEPER_CLIENT_METADATA_URL: '' };
});
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** The client id the connection's grant was issued to (read from the keychain entry its grant names). */
async function grantClientId(connectionId: string): Promise<string | undefined> {
  const grant = await readGrant(core.secrets, connectionId);
  const client = grant ? await core.secrets.get(grant.clientAccount) : null;
  return client ? (JSON.parse(client) as { client_id?: string }).client_id : undefined;
}

describe('Client ID Metadata Document URL as a stored setting', () => {
  it('is set, shown and cleared with `bridgekeeper settings`, validated as an HTTPS URL with a path', async () => {
    const bad = await runCli(['settings', 'set', 'client-metadata-url', 'http://bridgekeeper.example.org/x.json'], {
      env,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not an HTTPS URL with a path');
    expect((await runCli(['settings', 'set', 'client-metadata-url', 'https://example.org/'], { env })).code).toBe(2);
    const set = await runCli(['settings', 'set', 'client-metadata-url', DOCUMENT], { env });
    expect(set.code, set.stderr).toBe(0);
    const shown = await runCli(['settings', 'show', '--json'], { env });
    expect(JSON.parse(shown.stdout)).toMatchObject({ clientMetadataUrl: DOCUMENT, problems: [] });
    const overridden = await runCli(['settings'], {
      env: { ...env, BRIDGEKEEPER_CLIENT_METADATA_URL: 'https://other.example.org/doc.json' },
    });
    expect(overridden.stdout).toContain('BRIDGEKEEPER_CLIENT_METADATA_URL overrides it');
    expect((await runCli(['settings', 'clear', 'client-metadata-url'], { env })).code).toBe(0);
    expect(JSON.parse((await runCli(['settings', 'show', '--json'], { env })).stdout).clientMetadataUrl).toBeNull();
  });

  it(
    'a gateway without the variable signs in (step-up) with the stored URL as client id, no registration',
    { timeout: 120_000 },
    async () => {
      sim = await startSessionsWebsiteMcpSimulator({ stepUpScope: 'mcp:write', clientIdMetadataDocument: DOCUMENT });
      const add = await runCli(
        ['connections', 'add', 'remote-mcp', '--label', 'Doc MCP', '--url', sim.mcpUrl('acme'), '--oauth'],
        { env },
      );
      expect(add.code, add.stderr).toBe(0);
      // Signed in before the setting exists: a client by Dynamic Client Registration.
      expect((await runCli(['login', 'Doc MCP'], { env })).code).toBe(0);
      const id = core.store.get('Doc MCP').id;
      expect(sim.knobs.counts.registrations).toBe(1);
      expect(await grantClientId(id)).not.toBe(DOCUMENT);

      expect((await runCli(['settings', 'set', 'client-metadata-url', DOCUMENT], { env })).code).toBe(0);
      // The step-up asks for more than the shared registration covers, so it needs a client of its own: the gateway
      // takes the document URL from the stored setting instead of registering one.
      const client = new Client({ name: 'assistant', version: '1' });
      await client.connect(gatewayTransport(env).transport);
      try {
        const name = (await client.listTools()).tools.find((t) => t.name.endsWith('__create_session'))!.name;
        const created = (await client.callTool({
          name,
          arguments: { title: 'Kiln', startsAt: '2026-12-04T10:00:00Z' },
        })) as CallToolResult;
        expect(created.isError ?? false, JSON.stringify(created)).toBe(false);
      } finally {
        await client.close();
      }
      expect(sim.knobs.counts.registrations).toBe(1);
      expect(await grantClientId(id)).toBe(DOCUMENT);
      expect((await readGrant(core.secrets, id))!.scopes.sort()).toEqual(['mcp:business', 'mcp:write']);
    },
  );
});
