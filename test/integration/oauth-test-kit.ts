import crypto from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import fs from 'node:fs';
import path from 'node:path';
import { readGrant } from '../../shared/auth/oauth/grant-store.js';
import { signIn } from '../../shared/use-cases/sign-in.js';
import type { Connection } from '../../shared/connections/model.js';
import { createCore, type Core } from '../../shared/connections/core.js';
import { KeytarSecretStore } from '../../shared/secrets/keytar-secret-store.js';
import type { SecretStore } from '../../shared/secrets/secret-store.js';
import { distPath, tempDir } from '../helpers/cli.js';
import { gatewayTransport } from '../helpers/wakeups.js';
import { followInBrowser } from '../simulators/oauth-browser.js';
import type { SessionsWebsiteMcpSimulator } from '../simulators/sessions-website-mcp.js';

/** A fresh home folder and a private keychain service (both real) for one test file. */
export function freshCore(service = `bridgekeeper-test-${crypto.randomUUID()}`): Core {
  return createCore({ home: tempDir('bk-oauth-'), secrets: new KeytarSecretStore({ service }) });
}

/**
 * A fresh home and keychain service for signing in through the built CLI: the core over them, and the environment
 * for child processes, whose browser is the scripted one (`test/simulators/oauth-browser.ts`).
 */
export function scriptedSignInHome(prefix: string): { core: Core; env: Record<string, string> } {
  const home = tempDir(prefix);
  const service = `bridgekeeper-test-${crypto.randomUUID()}`;
  const opener = path.join(home, 'open-browser.sh');
  fs.writeFileSync(
    opener,
    `#!/bin/sh\nexec "${process.execPath}" "${distPath('test/simulators/oauth-browser.js')}" "$1"\n`,
    { mode: 0o755 },
  );
  return {
    core: createCore({ home, secrets: new KeytarSecretStore({ service }) }),
    env: { BRIDGEKEEPER_HOME: home, BRIDGEKEEPER_KEYCHAIN_SERVICE: service, BRIDGEKEEPER_OPEN_BROWSER_CMD: opener },
  };
}

/** Adds a sessions.website MCP connection pointing at the simulator and signs in to it (scripted browser). */
export async function signedInConnection(
  core: Core,
  sim: SessionsWebsiteMcpSimulator,
  label: string,
  handle = 'acme',
): Promise<Connection> {
  const connection = await core.store.add({
    label,
    provider: 'sessions-website',
    baseUrl: sim.url,
    authKind: 'oauth',
    metadata: { handle, mode: 'mcp' },
  });
  await signIn(core, connection.id, {
    openBrowser: async (url) => void followInBrowser(url).catch(() => undefined),
    timeoutMs: 30_000,
  });
  return core.store.get(connection.id);
}

/**
 * Resolves once the connection's stored access token has reached the expiry its own grant records (the
 * authorization server's `expires_in`), so a test waits for exactly the condition it needs, not for a guessed time.
 * Reads the grant from the keychain at call time: call it after whatever last stored one.
 */
export async function untilGrantExpired(secrets: SecretStore, connectionId: string): Promise<void> {
  const grant = await readGrant(secrets, connectionId);
  if (grant?.expiresAt === undefined) throw new Error(`connection ${connectionId} holds no grant with an expiry`);
  const expiresAt = grant.expiresAt;
  while (Date.now() <= expiresAt) await new Promise((resolve) => setTimeout(resolve, expiresAt - Date.now() + 1));
}

/** Sleeps (only where there is no event to wait for, e.g. polling a background save of the keychain). */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` against a gateway (`bridgekeeper mcp` over stdio, as an assistant starts it) in `env`, with `call` naming
 * tools by their name before namespacing (`create_session` for `mcp_x__create_session`).
 */
export async function withGatewayTools<T>(
  env: Record<string, string>,
  fn: (call: (tool: string, args?: Record<string, unknown>) => Promise<CallToolResult>) => Promise<T>,
): Promise<T> {
  const client = new Client({ name: 'assistant', version: '1' });
  await client.connect(gatewayTransport(env).transport);
  try {
    const { tools } = await client.listTools();
    return await fn(async (tool, args = {}) => {
      const name = tools.find((t) => t.name.endsWith(`__${tool}`))?.name;
      if (!name) throw new Error(`no gateway tool for ${tool} among ${tools.map((t) => t.name).join(', ')}`);
      return (await client.callTool({ name, arguments: args })) as CallToolResult;
    });
  } finally {
    await client.close();
  }
}

/** The text of a tool result (its text items, joined). */
export const textOf = (result: CallToolResult) => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
