import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { HttpResponse } from '../../net/http-client.js';
import type { ProviderContext, ToolDefinition, ToolOutput } from '../types.js';
import { DEFAULT_PAGE_SIZE, SESSION_CACHE_MINUTES } from './api-surface.js';
import { toolInputSchema } from '../tool-input-schema.js';
import { parseList, parseRecord, readPaging } from './envelopes.js';

/** A catalog entry plus how to run it. */
export interface SessionboardTool extends ToolDefinition {
  /** The validator of the tool's arguments; `inputSchema` is its JSON Schema. */
  args: z.ZodType<Record<string, unknown>>;
  run(ctx: ProviderContext, args: Record<string, unknown>): Promise<ToolOutput>;
}

/** Parses tool arguments with zod; the first problem becomes an `InputError` naming the argument. */
export function parseArgs<T>(tool: string, schema: z.ZodType<T>, args: Record<string, unknown>): T {
  const parsed = schema.safeParse(args);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `'${issue.path.join('.')}'` : 'the arguments';
  throw new InputError(
    `Invalid ${where} for ${tool}: ${issue.message}.`,
    "Check the tool's input schema and try again.",
  );
}

/** Non-empty id string. */
export const Id = z.string().min(1).max(200);

/** Paging arguments every list tool accepts. */
export const PagingArgs = z.strictObject({
  page: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .describe('Page to return (1 = first). The result says whether more pages exist.'),
  limit: z.number().int().min(1).max(500).optional().describe(`Results per page (default ${DEFAULT_PAGE_SIZE}).`),
});

/**
 * A tool defined by its argument validator (a strict object): the MCP input schema is generated from it
 * (`toolInputSchema`), and `run` receives the checked arguments, so the two cannot disagree.
 */
export function sessionboardTool<A extends Record<string, unknown>>(
  spec: Omit<SessionboardTool, 'inputSchema' | 'run' | 'args'> & {
    args: z.ZodType<A>;
    run(ctx: ProviderContext, args: A): Promise<ToolOutput>;
  },
): SessionboardTool {
  const { args, run, ...definition } = spec;
  return {
    ...definition,
    args,
    inputSchema: toolInputSchema(args),
    run: (ctx, raw) => run(ctx, parseArgs(spec.name, args, raw)),
  };
}

/** Query parameters for a page (the parameter names are an assumption in api-surface.ts). */
export function pageQuery(args: { page?: number | undefined; limit?: number | undefined }): {
  page: number;
  limit: number;
} {
  return { page: args.page ?? 1, limit: args.limit ?? DEFAULT_PAGE_SIZE };
}

/** Said on every read of sessions (seed 000: session retrieval and search are cached for 3 minutes). */
export const SESSION_CACHE_NOTE = `Sessionboard caches individual session retrieval and session search for up to ${SESSION_CACHE_MINUTES} minutes: a change made in the last ${SESSION_CACHE_MINUTES} minutes may not show yet.`;
/** Said in the result of a write that touches sessions. */
export const WRITE_CACHE_NOTE = `Saved. Sessionboard caches individual session retrieval and session search for up to ${SESSION_CACHE_MINUTES} minutes, so get_session and list_sessions may show the old value until then; trust this result instead of reading it back.`;

/**
 * A list answer as tool output: rows (ids in `id`, also when Sessionboard sent `_id`), how many, and whether more
 * pages exist, in words the assistant can act on.
 */
export function listOutput(
  response: HttpResponse,
  page: { page: number; limit: number },
  extraNote?: string,
): ToolOutput {
  const { rows, envelope } = parseList(response.body, response.status);
  const paging = readPaging(envelope, rows.length, page.page, page.limit);
  const notes: string[] = [];
  if (paging.more === true)
    notes.push(
      `More results exist: call again with page ${paging.nextPage ?? page.page + 1}${paging.total !== undefined ? ` (${paging.total} in total)` : ''}.`,
    );
  if (paging.more === 'unknown')
    notes.push(
      'Sessionboard returned more rows than the page size and did not say whether more exist; treat this as everything it returned in one answer.',
    );
  if (extraNote) notes.push(extraNote);
  return {
    data: {
      data: rows,
      count: rows.length,
      page: page.page,
      more: paging.more,
      ...(paging.total !== undefined ? { total: paging.total } : {}),
      ...(notes.length ? { note: notes.join(' ') } : {}),
    },
    status: response.status,
  };
}

/** A single-record answer as tool output (`data` null for an empty answer), with an optional note. */
export function recordOutput(response: HttpResponse, note?: string): ToolOutput {
  return {
    data: { data: parseRecord(response.body, response.status), ...(note ? { note } : {}) },
    status: response.status,
  };
}
