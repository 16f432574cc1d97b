import { z } from 'zod';
import { UpstreamError } from '../../errors.js';
import { toolInputSchema } from '../tool-input-schema.js';
import type { ProviderContext, ToolOutput } from '../types.js';
import { IdentitySchema, WHOAMI_QUERY } from './api-surface.js';
import { wrongBusiness } from './errors.js';
import { graphqlRequest } from './graphql.js';
import { handleOf } from './hosts.js';
import type { SessionsWebsiteTool } from './tools.js';

const args = z.strictObject({});

/**
 * `get_business`: the business this key acts on, with the one query seed 002 documents (`{ activeBusiness { id name }
 * }`). DOCUMENTED and needs no scope (the seed shows it with any key), so it is the read that works wherever the
 * partner API does. A 403 here can only be the key refused at this handle (the query touches no scoped data).
 */
export const getBusinessTool: SessionsWebsiteTool = {
  name: 'get_business',
  title: 'Get business',
  description:
    "The business this API key acts on: its id and name (sessions.website's documented identity query). A key works only on its own business.",
  access: 'read',
  scopeBasis: 'documented',
  args: args as z.ZodType<Record<string, unknown>>,
  inputSchema: toolInputSchema(args),
  requiredScopes: () => [],
  scope: null,
  run: runGetBusiness,
};

async function runGetBusiness(ctx: ProviderContext): Promise<ToolOutput> {
  let result;
  try {
    result = await graphqlRequest(ctx, WHOAMI_QUERY);
  } catch (error) {
    if (error instanceof UpstreamError && error.status === 403) throw wrongBusiness(handleOf(ctx.connection));
    throw error;
  }
  const parsed = IdentitySchema.safeParse(result.data);
  if (!parsed.success)
    throw new UpstreamError(
      'bad_response',
      'sessions.website answered the identity query in an unexpected shape.',
      'Try again later; if it persists, check the handle and base URL.',
      { status: result.status },
    );
  return { data: { ...parsed.data.activeBusiness, handle: handleOf(ctx.connection) }, status: result.status };
}
