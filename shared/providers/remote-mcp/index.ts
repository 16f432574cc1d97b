import type { Connection } from '../../connections/model.js';
import { InputError } from '../../errors.js';
import { assertSafeUrl } from '../../net/url-safety.js';
import { maskSecret } from '../../secrets/mask.js';
import type { Provider, ProviderContext, Whoami } from '../types.js';
import {
  connectUpstream,
  listUpstreamTools,
  toUpstreamError,
  type UpstreamTarget,
} from '../../upstream-mcp/upstream-client.js';

const DEFAULT_TIMEOUT_MS = 15_000;

/** The MCP endpoint of a remote-mcp connection (`metadata.url`), checked for HTTPS/loopback. */
export function remoteMcpUrl(connection: Connection): string {
  const url = connection.metadata.url;
  if (typeof url !== 'string' || !url) {
    throw new InputError(
      `Connection '${connection.label}' has no MCP server URL.`,
      'Re-add it with `bridgekeeper connections add remote-mcp --url https://…/mcp`.',
    );
  }
  return assertSafeUrl(url).toString();
}

/** Headers carrying a remote MCP credential: `metadata.headerName: <secret>` or `Authorization: Bearer <secret>`. */
export function remoteMcpAuthHeaders(connection: Connection, secret: string | null): Record<string, string> {
  if (!secret) return {};
  const headerName = connection.metadata.headerName;
  if (typeof headerName === 'string' && headerName && headerName.toLowerCase() !== 'authorization')
    return { [headerName]: secret };
  return { authorization: `Bearer ${secret}` };
}

function target(ctx: ProviderContext, provider: Provider): UpstreamTarget {
  const endpoint = provider.mcpEndpoint!(ctx.connection)!;
  return {
    endpoint,
    credentials: provider.authHeaders(ctx.connection, ctx.secret),
    timeoutMs: Number(process.env.BRIDGEKEEPER_CALL_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS,
    serviceName: `MCP server '${ctx.connection.label}'`,
  };
}

/**
 * Any Streamable-HTTP MCP server. Its tools come from the server itself (the gateway re-exposes them); whoami
 * connects, completes the initialize handshake and reports the server's name, version and tool count.
 */
export const provider: Provider = {
  id: 'remote-mcp',
  displayName: 'Remote MCP server',
  connectionFields: ['url', 'headerName'],
  authKinds: ['token', 'oauth', 'none'],
  credentialHelp: {
    whereToGet: "The server's own settings or documentation (often an API token or personal access token).",
    tips: [
      'Give the MCP endpoint URL with --url (HTTPS).',
      'If the server expects the token in a header other than Authorization: Bearer, pass --header-name.',
    ],
    placeholder: 'token',
  },
  scopes: [],
  grantHint: (scope) => `grant '${scope}' to the token in the MCP server's own settings`,
  recognizeToken: () => ({ matches: true }),
  effectiveScopes: (connection) => (connection.serverScopes ? new Set(connection.serverScopes) : undefined),
  apiBaseUrl: (connection) => remoteMcpUrl(connection),
  authHeaders: remoteMcpAuthHeaders,
  mcpEndpoint: (connection) => remoteMcpUrl(connection),
  async whoami(ctx): Promise<Whoami> {
    const t = target(ctx, this);
    const session = await connectUpstream(t);
    try {
      const tools = await listUpstreamTools(session, t.timeoutMs).catch((error: unknown) => {
        throw toUpstreamError(error, t.serviceName, t.timeoutMs);
      });
      return {
        service: 'remote-mcp',
        serviceName: session.serverName,
        host: new URL(t.endpoint).host,
        principal: { type: 'service', name: session.serverName },
        context: [],
        tokenKind: ctx.connection.authKind,
        tokenKindLabel: { token: 'Token', oauth: 'OAuth sign-in', tenant: 'Tenant id', none: 'No credential' }[
          ctx.connection.authKind
        ],
        ...(ctx.secret ? { maskedToken: maskSecret(ctx.secret) } : {}),
        scopes: ctx.connection.declaredScopes.map((scope) => ({ scope, provenance: 'declared' as const })),
        missingScopes: [],
        flags: {},
        notes: [
          `${session.serverName} ${session.serverVersion} offers ${tools.length} tool${tools.length === 1 ? '' : 's'}.`,
        ],
        checkedAt: new Date().toISOString(),
      };
    } finally {
      await session.close();
    }
  },
  tools: () => [],
  callTool() {
    // Its tools are the server's own (source 'mcp'), which the gateway relays over its upstream session pool;
    // `tools()` lists none, so no API call is ever routed here.
    return Promise.reject(new Error("remote-mcp has no API tools: the gateway relays the server's own tools."));
  },
};
