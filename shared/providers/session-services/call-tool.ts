import { InputError, UpstreamError } from '../../errors.js';
import type { ProviderContext, ToolOutput } from '../types.js';
import {
  ItemResponseSchema,
  ListResponseSchema,
  OPERATIONS,
  type SessionServicesOperation,
  type SessionServicesOperationName,
} from './api-surface.js';
import { withUndocumentedPaging } from '../undocumented-paging.js';
import { validateSessionServicesArgs } from './tool-args.js';
import { fillPath, sessionServicesRequest } from './request.js';
import { isPublicTool } from './tools.js';

/** Runs one Session Services tool: builds the request from the API surface, sends it, validates the answer. */
export async function callSessionServicesTool(
  ctx: ProviderContext,
  tool: string,
  args: Record<string, unknown>,
): Promise<ToolOutput> {
  const op = (OPERATIONS as Record<string, SessionServicesOperation | undefined>)[tool];
  if (!op)
    throw new InputError(
      `Session Services has no tool '${tool}'.`,
      'Run `bridgekeeper tools` to list the available tools.',
    );
  if (!isPublicTool(tool) && !ctx.secret) {
    throw new UpstreamError(
      'unauthenticated',
      `'${tool}' needs a signed-in Session Services token; this connection has only a tenant id.`,
      'Add a Bearer token from Session Services OpenAuth (contact the Session Services team) to use authenticated tools.',
    );
  }
  const valid = validateSessionServicesArgs(tool as SessionServicesOperationName, args);
  const { path, rest } = fillPath(op.path, valid);
  const query: Record<string, string> = {};
  for (const name of op.query ?? []) {
    const value = rest[name];
    delete rest[name];
    if (value !== undefined && value !== null) query[name] = String(value);
  }
  const response = await sessionServicesRequest(ctx, {
    method: op.method,
    path,
    query,
    ...(op.method === 'GET' ? {} : { json: rest }),
    operation: tool,
    requiredScope: op.scope,
    namesIds: op.path.includes('{'),
  });
  const schema = op.returns === 'list' ? ListResponseSchema : ItemResponseSchema;
  const parsed = schema.safeParse(response.body);
  if (!parsed.success) {
    throw new UpstreamError(
      'bad_response',
      `Session Services answered ${tool} with data Bridgekeeper does not understand.`,
      'Try again; if it persists, update Bridgekeeper.',
      { status: response.status },
    );
  }
  return {
    data: op.returns === 'list' ? withUndocumentedPaging(parsed.data, response.body) : parsed.data,
    status: response.status,
  };
}
