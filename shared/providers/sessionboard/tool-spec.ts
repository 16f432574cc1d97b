import { z } from 'zod';
import { InputError, UpstreamError } from '../../errors.js';
import type { HttpResponse } from '../../net/http-client.js';
import type { ProviderContext, ToolDefinition, ToolOutput } from '../types.js';

/** A catalog entry plus how to run it. */
export interface SessionboardTool extends ToolDefinition {
  run(ctx: ProviderContext, args: Record<string, unknown>): Promise<ToolOutput>;
}

/** Parses tool arguments with zod; the first problem becomes an `InputError` naming the argument. */
export function parseArgs<T>(tool: string, schema: z.ZodType<T>, args: Record<string, unknown>): T {
  const parsed = schema.safeParse(args);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `'${issue.path.join('.')}'` : 'the arguments';
  throw new InputError(`Invalid ${where} for ${tool}: ${issue.message}.`, 'Check the tool\'s input schema and try again.');
}

/** Validates a Sessionboard response body with zod and returns it as tool output. */
export function output<T>(response: HttpResponse, schema: z.ZodType<T>): ToolOutput {
  const parsed = schema.safeParse(response.body);
  if (!parsed.success) {
    throw new UpstreamError('bad_response', 'Sessionboard answered in an unexpected format.', 'Try again; if it persists, update Bridgekeeper.', { status: response.status });
  }
  return { data: parsed.data, status: response.status };
}

/** Non-empty id string. */
export const Id = z.string().min(1).max(200);
