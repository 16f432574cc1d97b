import type { Connection } from '../../connections/model.js';
import { InputError } from '../../errors.js';
import { DEFAULT_ORIGIN, graphqlPath, mcpPath } from './api-surface.js';
import { refuseKeyOnMcp } from './mcp-access.js';

/** The business handle of a connection (`metadata.handle`, as in `/@<handle>/`). Throws when it is missing. */
export function handleOf(connection: Connection): string {
  const handle = connection.metadata.handle;
  if (typeof handle !== 'string' || !handle) {
    throw new InputError(
      'This sessions.website connection has no business handle.',
      'Connect it with --handle <handle>: the part after /@ in your business address (e.g. acme-yoga for /@acme-yoga).',
    );
  }
  return handle.replace(/^@/, '');
}

/** The origin the connection talks to: `baseUrl` when set (its origin only), else business.sessions.website. */
export function originOf(connection: Connection): string {
  return connection.baseUrl ? new URL(connection.baseUrl).origin : DEFAULT_ORIGIN;
}

/** `https://<host>/@<handle>/api/graphql` for a connection. */
export function graphqlUrl(connection: Connection): string {
  return `${originOf(connection)}${graphqlPath(handleOf(connection))}`;
}

/**
 * `https://<host>/@<handle>/api/mcp`, or undefined when the connection has no handle yet. Throws (typed) for a
 * connection that holds an API key: keys are never sent to the MCP server (seed 002), only OAuth sign-ins are.
 */
export function mcpUrl(connection: Connection): string | undefined {
  const handle = connection.metadata.handle;
  if (typeof handle !== 'string' || !handle) return undefined;
  if (connection.authKind === 'token') throw refuseKeyOnMcp(connection);
  return `${originOf(connection)}${mcpPath(handle.replace(/^@/, ''))}`;
}
