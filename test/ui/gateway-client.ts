import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/**
 * Spawns the real gateway as an assistant would (`node bin/bridgekeeper.js mcp`) against the harness's home,
 * with the SDK's stdio client. Needs `npm run build`.
 */
export async function connectRealGateway(
  home: string,
  /** Extra arguments after `mcp`, e.g. `['--assistant', 'cursor']` as the installed entry passes. */
  args: string[] = [],
): Promise<{
  toolNames(): Promise<string[]>;
  call(name: string, args?: Record<string, unknown>): Promise<string>;
  stderr(): string;
  close(): Promise<void>;
}> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.join(repoRoot, 'bin', 'bridgekeeper.js'), 'mcp', ...args],
    env: { ...(process.env as Record<string, string>), BRIDGEKEEPER_HOME: home },
    stderr: 'pipe',
    cwd: repoRoot,
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const client = new Client({ name: 'ui-test-assistant', version: '1.0.0' });
  await client.connect(transport);
  return {
    toolNames: async () => (await client.listTools()).tools.map((t) => t.name),
    call: async (name, args = {}) => JSON.stringify(await client.callTool({ name, arguments: args })),
    stderr: () => stderr,
    close: () => client.close(),
  };
}
