import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { describeError } from '../../errors.js';
import { redactSecrets } from '../../secrets/redact.js';
import { toUpstreamError } from '../../upstream-mcp/upstream-client.js';
import { redactPiiText } from '../pii-redaction.js';
import type { SurfaceTarget } from './surface-targets.js';

/** MCP's "Resource not found" error code. */
export const RESOURCE_NOT_FOUND = -32002;

/** Codes of the SDK's own local failures (not answers of the upstream). */
const LOCAL_CODES = new Set<number>([ErrorCode.RequestTimeout, ErrorCode.ConnectionClosed]);

/** True when `error` is the upstream's own JSON-RPC error answer (passed on with its code), not a transport failure. */
export function isUpstreamProtocolError(error: unknown): error is McpError {
  return error instanceof McpError && !LOCAL_CODES.has(error.code);
}

/**
 * The MCP error the assistant gets for a failed upstream request: the upstream's own error answer keeps its code and
 * message (the SDK's "MCP error <code>: " prefix removed); a transport failure (network, timeout, sign-in) becomes an
 * internal error whose text says what happened and what to do. Known secrets, and PII under `redactPii`, are masked.
 */
export function toProtocolError(
  error: unknown,
  target: SurfaceTarget,
  timeoutMs: number,
  knownSecrets: Iterable<string>,
): McpError {
  const mask = (text: string) =>
    redactSecrets(target.connection.policies.redactPii ? redactPiiText(text) : text, knownSecrets);
  if (isUpstreamProtocolError(error)) {
    const message = error.message.replace(/^MCP error -?\d+: /, '');
    return new McpError(error.code, mask(message), error.data);
  }
  const serviceName = `${target.provider.displayName} '${target.connection.label}'`;
  return new McpError(ErrorCode.InternalError, mask(describeError(toUpstreamError(error, serviceName, timeoutMs))));
}
