import crypto from 'node:crypto';
import { signIn } from '../../shared/use-cases/sign-in.js';
import type { Connection } from '../../shared/connections/model.js';
import { createCore, type Core } from '../../shared/connections/core.js';
import { KeytarSecretStore } from '../../shared/secrets/keytar-secret-store.js';
import { tempDir } from '../helpers/cli.js';
import { followInBrowser } from '../simulators/oauth-browser.js';
import type { SessionsWebsiteMcpSimulator } from '../simulators/sessions-website-mcp.js';

/** A fresh home folder and a private keychain service (both real) for one test file. */
export function freshCore(service = `bridgekeeper-test-${crypto.randomUUID()}`): Core {
  return createCore({ home: tempDir('bk-oauth-'), secrets: new KeytarSecretStore({ service }) });
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

/** Sleeps. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
