import type { RetryPolicy } from '../net/retry-policy.js';
import { timeoutError } from '../net/upstream-rules.js';
import { type OAuthClientProvider, UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type ClientCapabilities, ErrorCode, McpError, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import { UpstreamError } from '../errors.js';
import type { McpHttpFailure } from './http-failure.js';
import { relayedFailure } from './relayed-failures.js';
import { createUpstreamFetch, DEFAULT_RECONNECT, type ReconnectPolicy } from './upstream-fetch.js';

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
  /** The capabilities the session is opened with (those the assistant's own client advertised); none by default. */
  capabilities?: ClientCapabilities;
  /** Called after the `Client` is built and before it connects, so request and notification handlers can be registered. */
  prepare?: (client: Client) => void;
  /** Stream reconnection (listening stream, resumed answers); the default suits real servers. */
  reconnect?: ReconnectPolicy;
  /** Bound on one JSON body or one server-sent event (16 MB by default). */
  maxMessageBytes?: number;
  /** 429 retries (Retry-After honoured) within each exchange's bound; `DEFAULT_RETRY_POLICY` unless given. */
  retry?: RetryPolicy;
  /** Cancels the initialize handshake (the session, once open, is ended with `close()`). */
  signal?: AbortSignal;
}

/** A connected MCP client for one upstream, with the server's self-description. */
export interface UpstreamSession {
  client: Client;
  /** The SDK transport the client runs on (its `sessionId` is the upstream's session). */
  transport: StreamableHTTPClientTransport;
  serverName: string;
  serverVersion: string;
  /** Ends the session: tells the server (HTTP DELETE with the session id, when it gave one), then closes the client. */
  close(): Promise<void>;
}

let validator: AjvJsonSchemaValidator | undefined;
/** One JSON Schema validator (an Ajv instance) shared by every upstream client of the process, instead of one each. */
function sharedValidator(): AjvJsonSchemaValidator {
  return (validator ??= new AjvJsonSchemaValidator());
}

/** Identifies Bridgekeeper to upstream servers. */
export const UPSTREAM_CLIENT_INFO = { name: 'bridgekeeper-gateway', version: '0.1.0' };

/** How long closing a session waits for the server to acknowledge its DELETE. */
const TERMINATE_TIMEOUT_MS = 3_000;

/**
 * The SDK's Streamable HTTP client transport for `target`, on the upstream fetch (`upstream-fetch.ts`: host binding,
 * HTTPS, proxies, redirects, timeouts, 429s, size bounds, error texts) and, for OAuth, the `authProvider`.
 */
export function createUpstreamTransport(
  target: UpstreamTarget,
  /** A session the server already opened (to end it: `terminateSession`). */
  sessionId?: string,
): StreamableHTTPClientTransport {
  const reconnect = target.reconnect ?? DEFAULT_RECONNECT;
  let transport: StreamableHTTPClientTransport | undefined = undefined;
  const fetch = createUpstreamFetch({
    endpoint: target.endpoint,
    credentials: target.credentials,
    timeoutMs: target.timeoutMs,
    serviceName: target.serviceName,
    ...(target.authProvider ? { oauth: true } : {}),
    ...(target.mapError ? { mapError: target.mapError } : {}),
    ...(target.maxMessageBytes ? { maxMessageBytes: target.maxMessageBytes } : {}),
    ...(target.retry ? { retry: target.retry } : {}),
    reconnect,
    onBackgroundError: (error) => transport?.onerror?.(error),
  });
  transport = new StreamableHTTPClientTransport(new URL(target.endpoint), {
    fetch,
    ...(target.authProvider ? { authProvider: target.authProvider } : {}),
    ...(sessionId ? { sessionId } : {}),
    reconnectionOptions: {
      initialReconnectionDelay: reconnect.initialDelayMs,
      maxReconnectionDelay: reconnect.maxDelayMs,
      reconnectionDelayGrowFactor: 1.5,
      maxRetries: reconnect.maxFailures,
    },
  });
  return transport;
}

/** Connects (initialize handshake) to a remote MCP server, token or OAuth, on the SDK's Streamable HTTP transport. */
export async function connectUpstream(target: UpstreamTarget): Promise<UpstreamSession> {
  const transport = createUpstreamTransport(target);
  const client = new Client(UPSTREAM_CLIENT_INFO, {
    capabilities: target.capabilities ?? {},
    jsonSchemaValidator: sharedValidator(),
  });
  target.prepare?.(client);
  try {
    await client.connect(transport, { timeout: target.timeoutMs, ...(target.signal ? { signal: target.signal } : {}) });
  } catch (error) {
    const opened = transport.sessionId;
    await client.close().catch(() => undefined);
    // The server opened a session and a later step failed (the initialized notification, a timeout, a cancel): it
    // is ended like any other. Not on the failed transport, whose requests the SDK has already aborted.
    if (opened) await withinTerminateTimeout(createUpstreamTransport(target, opened).terminateSession());
    throw toUpstreamError(error, target.serviceName, target.timeoutMs);
  }
  const info = client.getServerVersion();
  let closing: Promise<void> | undefined;
  return {
    client,
    transport,
    serverName: info?.name ?? 'MCP server',
    serverVersion: info?.version ?? 'unknown',
    close: () => (closing ??= terminate(client, transport)),
  };
}

async function terminate(client: Client, transport: StreamableHTTPClientTransport): Promise<void> {
  await withinTerminateTimeout(transport.terminateSession());
  await client.close().catch(() => undefined);
}

/**
 * Waits for a session's DELETE at most `TERMINATE_TIMEOUT_MS`: a server that does not answer it must not hold up a
 * shutdown; one that refuses it (or forgot the session) is fine.
 */
async function withinTerminateTimeout(deleting: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    deleting,
    new Promise<void>((resolve) => (timer = setTimeout(resolve, TERMINATE_TIMEOUT_MS))),
  ]).catch(() => undefined);
  clearTimeout(timer);
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

/** What the SDK's `Client` itself says when its transport closed under a request (not something the upstream sent). */
const CONNECTION_CLOSED_MESSAGE = `MCP error ${ErrorCode.ConnectionClosed}: Connection closed`;

/** Maps whatever the SDK threw (our `UpstreamError`s pass through) into an `UpstreamError`. */
export function toUpstreamError(error: unknown, serviceName: string, timeoutMs: number): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const relayed = relayedFailure(error);
  if (relayed) return relayed;
  const httpCode = error instanceof StreamableHTTPError && typeof error.code === 'number' ? error.code : undefined;
  if (error instanceof UnauthorizedError || httpCode === 401) {
    return new UpstreamError(
      'needs_sign_in',
      `${serviceName} no longer accepts the sign-in.`,
      'Sign in again with `bridgekeeper login` (or in the Bridgekeeper app).',
      { status: 401, cause: error },
    );
  }
  if (httpCode !== undefined && httpCode >= 500) {
    return new UpstreamError(
      'server_error',
      `${serviceName} had an internal error (${httpCode}).`,
      'The server may be having trouble: try again in a few minutes.',
      { status: httpCode, cause: error },
    );
  }
  if (httpCode === 403) {
    return new UpstreamError(
      'forbidden',
      `${serviceName} refused the call (403).`,
      "Check the token's permissions on the server.",
      { status: 403, cause: error },
    );
  }
  if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
    return timeoutError(serviceName, timeoutMs, error);
  }
  // Only the SDK's own "Connection closed" (no data): an upstream's JSON-RPC error -32000 (a common generic server
  // error code) is the server's answer, not a dead connection, and keeps its code and message below.
  if (
    error instanceof McpError &&
    error.code === ErrorCode.ConnectionClosed &&
    error.message === CONNECTION_CLOSED_MESSAGE &&
    error.data === undefined
  ) {
    return new UpstreamError(
      'network',
      `The connection to ${serviceName} was closed.`,
      'Try again; if it persists the server may be down.',
      { cause: error },
    );
  }
  if (error instanceof McpError) {
    const message = error.message.replace(/^(MCP error -?\d+: )+/, '').slice(0, 300);
    const serverSide = error.code === ErrorCode.InternalError || (error.code <= -32000 && error.code >= -32099);
    return serverSide
      ? new UpstreamError(
          'server_error',
          `${serviceName} answered with an error (${error.code}): ${message}`,
          'The server could not carry the request out: check the arguments, or try again later.',
          { cause: error },
        )
      : new UpstreamError(
          'bad_request',
          `${serviceName} rejected the request (${error.code}): ${message}`,
          'Check the tool name and arguments, then try again.',
          { cause: error },
        );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new UpstreamError(
    'bad_response',
    `${serviceName} answered in a way Bridgekeeper could not use (${message.slice(0, 200)}).`,
    'Check that the URL points at a Streamable-HTTP MCP endpoint.',
    { cause: error },
  );
}
