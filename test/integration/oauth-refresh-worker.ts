/**
 * Child process for the refresh race test: one "gateway" (a long-lived MCP client using the OAuth provider) or
 * one "cli" (a fresh client per call, like a CLI invocation). Reads `{"round":n,"at":epochMs}` lines on stdin,
 * waits until `at`, calls `upcoming_sessions` and prints `{"round","ok","token"}` (a hash of the access token it
 * ended up with, never the token). BRIDGEKEEPER_HOME and BRIDGEKEEPER_KEYCHAIN_SERVICE select the shared store.
 */
import crypto from 'node:crypto';
import readline from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createOAuthProvider } from '../../shared/auth/oauth/gateway-provider.js';
import { readGrant } from '../../shared/auth/oauth/grant-store.js';
import { createCore } from '../../shared/connections/core.js';
import { describeError } from '../../shared/errors.js';

const [connectionId, mcpUrl, mode] = process.argv.slice(2) as [string, string, 'gateway' | 'cli'];
const core = createCore();
const connection = core.store.get(connectionId);

async function connect(): Promise<Client> {
  const client = new Client({ name: `race-${mode}`, version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: createOAuthProvider(core, connection) }),
  );
  return client;
}

const longLived = mode === 'gateway' ? await connect() : undefined;
process.stdout.write('ready\n');
for await (const line of readline.createInterface({ input: process.stdin })) {
  const { round, at } = JSON.parse(line) as { round: number; at: number };
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
  try {
    const client = longLived ?? (await connect());
    const result = await client.callTool({ name: 'upcoming_sessions', arguments: {} });
    if (!longLived) await client.close();
    const grant = await readGrant(core.secrets, connectionId);
    const token = crypto
      .createHash('sha256')
      .update(grant?.access_token ?? '')
      .digest('hex')
      .slice(0, 12);
    process.stdout.write(
      `${JSON.stringify({ round, ok: !result.isError && JSON.stringify(result.content).includes('Sunrise yoga'), token })}\n`,
    );
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ round, ok: false, error: describeError(error) })}\n`);
  }
}
await longLived?.close();
