import { UpstreamError } from '../../errors.js';
import type { ProviderContext, ToolOutput } from '../types.js';
import { ERROR_CODES, listDocument, type GraphqlError, type ListField, type ListShape } from './api-surface.js';
import { mapGraphqlError } from './errors.js';
import { graphqlRequest, type GraphqlResult } from './graphql.js';
import { handleOf, originOf } from './hosts.js';
import { normalizeList, shapesToTry } from './list-results.js';
import { grantHint } from './scopes.js';
import type { SessionsWebsiteTool } from './tools.js';

/** The list shape that last worked, per origin, handle and root field (so the fallback costs one try, once). */
const workingShapes = new Map<string, ListShape>();

/** One document to try, with its variables. */
export interface Attempt {
  document: string;
  variables: Record<string, unknown>;
}

const REFUSAL_WORDS = /scope|forbidden|not authori[sz]ed|permission|access denied|not allowed|refused/i;

/**
 * Turns the service's refusal of a tool's data into an error. Seed 002: "a request that touches a field outside its
 * scopes is refused" — so a FORBIDDEN (or refusal-worded) error on the tool's own field is a scope refusal even when
 * it does not name the scope (the `requiredScope` extension is ASSUMED); the scope is the tool's documented one.
 */
export function refusalOf(tool: SessionsWebsiteTool, error: GraphqlError, status: number): UpstreamError {
  const mapped = mapGraphqlError(error);
  if (mapped.kind === 'missing_scope') return mapped;
  const code = error.extensions?.code;
  if (tool.scope && (code === ERROR_CODES.forbidden || (!code && REFUSAL_WORDS.test(error.message)))) {
    return new UpstreamError(
      'missing_scope',
      `sessions.website refused ${tool.name}: ${error.message.replace(/\.$/, '')}. A key reaches only the data of its scopes; this call needs '${tool.scope}', held by the key and granted to the business.`,
      grantHint(tool.scope),
      { status: status === 200 ? 403 : status, missingScopes: [tool.scope] },
    );
  }
  return mapped;
}

function assumedFieldsUnknown(
  tool: SessionsWebsiteTool,
  failure: GraphqlError | undefined,
  status: number,
): UpstreamError {
  return new UpstreamError(
    'bad_response',
    `sessions.website does not know the GraphQL fields Bridgekeeper assumed for ${tool.name} (its partner-API schema is not documented beyond activeBusiness { id name }): ${failure?.message ?? 'validation failed'}.`,
    "Nothing was read or changed. Tell the Bridgekeeper maintainers which fields sessions.website uses; until then use the business admin for this, or the MCP server's tools with a browser sign-in.",
    { status },
  );
}

/** Paths of nested fields the service refused while still answering the rest. */
function refusedFields(errors: readonly GraphqlError[]): Array<{ path: string; message: string }> {
  return errors.map((e) => ({ path: (e.path ?? []).join('.'), message: e.message }));
}

/** The root value of an answer, or the error that explains why there is none. */
function rootValue(tool: SessionsWebsiteTool, result: GraphqlResult, root: string): unknown {
  const value = result.data[root];
  if (value !== null && value !== undefined) return value;
  const own = result.errors.find((e) => !e.path || e.path[0] === root) ?? result.errors[0];
  if (own) throw refusalOf(tool, own, result.status);
  throw new UpstreamError(
    'not_found',
    `sessions.website returned nothing for ${tool.name}.`,
    'Check the id; list the records first to find the right one.',
    { status: result.status },
  );
}

/** A GraphQL (graphql-js / Apollo) validation message for a root field the schema does not have. */
const ROOT_FIELD_UNKNOWN = /^Cannot query field "[^"]+" on type "(Query|Mutation)"/;

/** Sends the attempts in order, moving on only when the server rejects a document's (assumed) fields. */
async function firstAccepted(
  ctx: ProviderContext,
  tool: SessionsWebsiteTool,
  attempts: Attempt[],
): Promise<{ result: GraphqlResult; index: number }> {
  let failure: GraphqlError | undefined;
  let status = 400;
  for (const [index, attempt] of attempts.entries()) {
    const result = await graphqlRequest(ctx, attempt.document, attempt.variables, {
      keepErrors: true,
      allowValidationFailure: true,
    });
    if (!result.validationFailed) return { result, index };
    failure ??= result.errors[0];
    status = result.status;
    // The root field itself is unknown: no other envelope of it can be accepted, so the next tries would only cost.
    if (result.errors.some((e) => ROOT_FIELD_UNKNOWN.test(e.message))) break;
  }
  throw assumedFieldsUnknown(tool, failure, status);
}

/** Runs a tool whose answer is one object (a mutation, or one record), trying fallback documents in order. */
export async function runSingle(
  ctx: ProviderContext,
  tool: SessionsWebsiteTool,
  root: string,
  attempts: Attempt[],
): Promise<ToolOutput> {
  const { result } = await firstAccepted(ctx, tool, attempts);
  const value = rootValue(tool, result, root);
  const partial =
    result.errors.length > 0 && typeof value === 'object' && !Array.isArray(value)
      ? { refusedFields: refusedFields(result.errors) }
      : {};
  return { data: { ...(value as Record<string, unknown>), ...partial }, status: result.status };
}

/**
 * Runs a list tool: the Relay `nodes` shape first, then `edges`, then a plain list (ASSUMED envelopes), remembering
 * which one the server accepted; returns a `NormalizedList` that tells the assistant whether more results exist.
 */
export async function runList(
  ctx: ProviderContext,
  tool: SessionsWebsiteTool,
  field: ListField,
  args: Record<string, unknown>,
): Promise<ToolOutput> {
  const key = `${originOf(ctx.connection)}|${handleOf(ctx.connection)}|${field.root}`;
  const shapes = shapesToTry(workingShapes.get(key));
  const filters = Object.fromEntries(Object.entries(args).filter(([name]) => name in field.filters));
  const attempts = shapes.map((shape) => ({
    document: listDocument(field, shape),
    variables: shape === 'plain' ? filters : { ...filters, first: args.first, after: args.after },
  }));
  const { result, index } = await firstAccepted(ctx, tool, attempts);
  const shape = shapes[index]!;
  workingShapes.set(key, shape);
  const list = normalizeList(rootValue(tool, result, field.root), tool.name);
  if (!list)
    throw new UpstreamError(
      'bad_response',
      `sessions.website answered ${tool.name} in an unexpected shape.`,
      'Try again later.',
      { status: result.status },
    );
  const pagingIgnored =
    shape === 'plain' && (args.first !== undefined || args.after !== undefined)
      ? { paging: `${list.paging} This list takes no first/after: they were not sent.` }
      : {};
  return {
    data: {
      ...list,
      ...pagingIgnored,
      ...(result.errors.length > 0 ? { refusedFields: refusedFields(result.errors) } : {}),
    },
    status: result.status,
  };
}
