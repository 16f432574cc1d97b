import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import type { AuditLog } from '../../shared/audit/audit-log.js';
import type { Connection } from '../../shared/connections/model.js';
import { UpstreamError } from '../../shared/errors.js';
import type { CachingSecretStore } from '../../shared/gateway/caching-secret-store.js';
import { type CallDeps, callGatewayTool } from '../../shared/gateway/call-tool.js';
import type { ConnectionBookkeeping } from '../../shared/gateway/connection-bookkeeping.js';
import type { GatewayTool } from '../../shared/catalog/gateway-tool.js';
import type { UpstreamPool } from '../../shared/catalog/upstream-pool.js';
import type { HttpClient } from '../../shared/net/http-client.js';

const SECRET = 'gmcp_live_0123456789abcdef';
const connection = {
  id: 'c_1',
  label: 'Ops',
  provider: 'remote-mcp',
  authKind: 'token',
  enabled: true,
  declaredScopes: [],
  learnedGaps: [],
  metadata: { url: 'https://mcp.example.com/mcp' },
  status: { state: 'ok' },
  policies: { readOnly: false, disabledTools: [], confirmWrites: false, redactPii: true },
} as unknown as Connection;
const tool: GatewayTool = {
  name: 'mcp_ops__find_contact',
  connectionId: 'c_1',
  source: 'mcp',
  definition: {
    name: 'find_contact',
    title: 'Find contact',
    description: '',
    inputSchema: { type: 'object' },
    access: 'read',
    requiredScopes: () => [],
  },
};

// callGatewayTool with an upstream session whose call fails as `error`; everything else recorded in memory.
async function failWith(error: unknown) {
  const problems: string[] = [];
  const deps = {
    server: { getClientVersion: () => ({ name: 'test', version: '1' }) } as unknown as Server,
    secrets: { forget: () => undefined } as unknown as CachingSecretStore,
    http: {} as HttpClient,
    pool: {
      session: async () => ({ client: { callTool: () => Promise.reject(error) } }),
      drop: async () => undefined,
    } as unknown as UpstreamPool,
    audit: { append: async () => true } as unknown as AuditLog,
    bookkeeping: {
      succeeded: () => undefined,
      learned: async () => undefined,
      credentialProblem: async (_c: Connection, _s: string, reason: string) => void problems.push(reason),
    } as unknown as ConnectionBookkeeping,
    config: { callTimeoutMs: 5_000, listTimeoutMs: 5_000, maxResultBytes: 10_000, maxMediaBytes: 10_000 },
    knownSecrets: new Set([SECRET]),
    credential: async () => SECRET,
  } satisfies CallDeps;
  const result = await callGatewayTool(deps, tool, {}, new AbortController().signal, { connection: () => connection });
  return { result, text: JSON.stringify(result), problems };
}

describe('tool call failures', () => {
  it('never stores a secret the server echoed in a 401 as the connection\'s "needs attention" reason', async () => {
    const { result, text, problems } = await failWith(
      new UpstreamError('invalid_token', `Ops refused the token ${SECRET}.`, 'Paste a new token.', { status: 401 }),
    );
    expect(result.isError).toBe(true);
    expect(problems).toHaveLength(1);
    expect(problems[0]).not.toContain(SECRET);
    expect(text).not.toContain(SECRET);
  });

  it('masks emails and phone numbers quoted in error text when redact-pii is on, and bounds a long upstream message', async () => {
    const { result, text } = await failWith(
      new McpError(-32602, `No contact jane.doe@acme-events.com (+1 415-555-0134). ${'x'.repeat(5_000)}`),
    );
    expect(result.isError).toBe(true);
    expect(text).toContain('j***@a***.com');
    expect(text).toContain('***-***-0134');
    expect(text).not.toContain('jane.doe@acme-events.com');
    expect(text.length).toBeLessThan(1_500);
  });
});
