import type { OAuthClientProvider, UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type ClientCapabilities, ErrorCode, McpError, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import { UpstreamError } from '../errors.js';
import type { McpHttpFailure } from './http-failure.js';
import { UpstreamHttpTransport } from './http-transport.js';
import { createSafeFetch } from './safe-fetch.js';

/** How to reach one remote MCP server. */
export interface UpstreamTarget {
  endpoint: string;
  credentials: Record<string, string>;
  timeoutMs: number;
  serviceName: string;
  /** OAuth connections: the keychain-backed provider that hands out (and refreshes) the access token. */
  authProvider?: OAuthClientProvider;
  /** The provider's mapping of its documented MCP HTTP errors. */
  mapError?: (response: McpHttpFailure) => UpstreamError | undefined;
  /** What the session advertises to the server (mirrors the assistant's client); default none. */
  capabilities?: ClientCapabilities;
  /** Called with the new `Client` before it connects, so handlers are in place before the server's first message. */
  prepare?: (client: Client) => void;
}

/** A connected MCP client for one upstream, with the server's self-description. */
export interface UpstreamSession {
  client: Client;
  serverName: string;
  serverVersion: string;
  close(): Promise<void>;
}

let validator: AjvJsonSchemaValidator | undefined;
/** One JSON Schema validator (an Ajv instance) shared by every upstream client of the process, instead of one each. */
function sharedValidator(): AjvJsonSchemaValidator {
  return (validator ??= new AjvJsonSchemaValidator());
}

/** Identifies Bridgekeeper to upstream servers. */
export const UPSTREAM_CLIENT_INFO = { name: 'bridgekeeper-gateway', version: '0.1.0' };

/** The SDK's HTTP transport and OAuth modules, loaded only by the first OAuth connection (token connections never need them). */
let sdkOAuthHttp: { Transport: typeof StreamableHTTPClientTransport; HttpError: typeof StreamableHTTPError; Unauthorized: typeof UnauthorizedError } | undefined;

async function loadSdkOAuthHttp(): Promise<NonNullable<typeof sdkOAuthHttp>> {
  const [http, auth] = await Promise.all([import('@modelcontextprotocol/sdk/client/streamableHttp.js'), import('@modelcontextprotocol/sdk/client/auth.js')]);
  return (sdkOAuthHttp ??= { Transport: http.StreamableHTTPClientTransport, HttpError: http.StreamableHTTPError, Unauthorized: auth.UnauthorizedError });
}

/**
 * Connects (initialize handshake) to a remote MCP server. A fixed credential (token or none) goes through
 * Bridgekeeper's own `node:http` transport; an OAuth sign-in through the SDK's transport, whose sign-in and refresh
 * flows it relies on, with the safe fetch.
 */
export async function connectUpstream(target: UpstreamTarget): Promise<UpstreamSession> {
  const common = { endpoint: target.endpoint, timeoutMs: target.timeoutMs, serviceName: target.serviceName, ...(target.mapError ? { mapError: target.mapError } : {}) };
  const transport = target.authProvider
    ? new (await loadSdkOAuthHttp()).Transport(new URL(target.endpoint), { fetch: createSafeFetch({ ...common, credentials: target.credentials, oauth: true }), authProvider: target.authProvider })
    : new UpstreamHttpTransport({ ...common, credentials: target.credentials });
  const client = new Client(UPSTREAM_CLIENT_INFO, { capabilities: target.capabilities ?? {}, jsonSchemaValidator: sharedValidator() });
  target.prepare?.(client);
  try {
    await client.connect(transport, { timeout: target.timeoutMs });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw toUpstreamError(error, target.serviceName, target.timeoutMs);
  }
  const info = client.getServerVersion();
  return {
    client,
    serverName: info?.name ?? 'MCP server',
    serverVersion: info?.version ?? 'unknown',
    close: () => client.close().catch(() => undefined),
  };
}

/** Every tool of the upstream (follows pagination, bounded). */
export async function listUpstreamTools(session: UpstreamSession, timeoutMs: number): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const result = await session.client.listTools(cursor ? { cursor } : {}, { timeout: timeoutMs });
    tools.push(...result.tools);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return tools;
}

/** Maps whatever the SDK threw (our `UpstreamError`s pass through) into an `UpstreamError`. */
export function toUpstreamError(error: unknown, serviceName: string, timeoutMs: number): UpstreamError {
  if (error instanceof UpstreamError) return error;
  // The SDK's own HTTP errors exist only once an OAuth connection loaded its transport.
  const sdk = sdkOAuthHttp;
  const httpCode = sdk && error instanceof sdk.HttpError && typeof error.code === 'number' ? error.code : undefined;
  if ((sdk && error instanceof sdk.Unauthorized) || httpCode === 401) {
    return new UpstreamError('needs_sign_in', `${serviceName} no longer accepts the sign-in.`, 'Sign in again with `bridgekeeper login` (or in the Bridgekeeper app).', { status: 401, cause: error });
  }
  if (httpCode !== undefined && httpCode >= 500) {
    return new UpstreamError('server_error', `${serviceName} had an internal error (${httpCode}).`, 'The server may be having trouble: try again in a few minutes.', { status: httpCode, cause: error });
  }
  if (httpCode === 403) {
    return new UpstreamError('forbidden', `${serviceName} refused the call (403).`, "Check the token's permissions on the server.", { status: 403, cause: error });
  }
  if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
    return new UpstreamError('timeout', `${serviceName} did not answer within ${Math.round(timeoutMs / 100) / 10} s.`, 'The server may be slow or down: try again in a minute.', { cause: error });
  }
  if (error instanceof McpError && error.code === ErrorCode.ConnectionClosed) {
    return new UpstreamError('network', `The connection to ${serviceName} was closed.`, 'Try again; if it persists the server may be down.', { cause: error });
  }
  if (error instanceof McpError) {
    return new UpstreamError('bad_request', `${serviceName} rejected the request: ${error.message.slice(0, 300)}.`, 'Check the tool name and arguments, then try again.', { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new UpstreamError('bad_response', `${serviceName} answered in a way Bridgekeeper could not use (${message.slice(0, 200)}).`, 'Check that the URL points at a Streamable-HTTP MCP endpoint.', { cause: error });
}
