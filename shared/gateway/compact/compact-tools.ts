import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Connection } from '../../connections/model.js';
import type { Catalog } from '../../catalog/tool-catalog.js';
import { errorResult } from '../result-shaping.js';

/**
 * Compact mode: instead of every tool of every account, the assistant sees two gateway tools: `find_tools` (search
 * the visible tools, with their input schemas on demand) and `call_tool` (run one by name through the same call path
 * as a directly listed tool).
 */

export const FIND_TOOLS = 'find_tools';
export const CALL_TOOL = 'call_tool';

/** Gateway tool names never contain `__`; account tools always do, so these cannot collide with them. */
export function isCompactToolName(name: string): boolean {
  return name === FIND_TOOLS || name === CALL_TOOL;
}

const MAX_LABELS_IN_DESCRIPTION = 30;

/** The two tool definitions; `find_tools` names the visible accounts so the model knows what it can search. */
export function compactToolList(catalog: Catalog, connections: Connection[]): Tool[] {
  const shown = connections.slice(0, MAX_LABELS_IN_DESCRIPTION).map((c) => `'${c.label}' (${c.provider})`);
  const more = connections.length > shown.length ? ` and ${connections.length - shown.length} more` : '';
  const accounts =
    connections.length > 0 ? `Connected accounts: ${shown.join(', ')}${more}.` : 'No account is connected yet.';
  return [
    {
      name: FIND_TOOLS,
      title: 'Find tools of your connected accounts',
      description:
        `Searches the ${catalog.list.length} tools of the accounts connected to Bridgekeeper by what they do and returns ` +
        'matching tool names, short descriptions and (unless schemas is false) their input schemas. Run one with call_tool. ' +
        accounts,
      inputSchema: {
        type: 'object',
        properties: {
          query: {
            type: 'string',
            description: 'Words describing the task, e.g. "list sessions" or "create meeting". Empty: all tools.',
          },
          connection: {
            type: 'string',
            description: "Only tools of this account: its label, or the prefix of its tool names (before '__').",
          },
          limit: { type: 'integer', minimum: 1, maximum: 50, description: 'At most this many tools (default 10).' },
          schemas: { type: 'boolean', description: 'Include each input schema (default true).' },
        },
        required: ['query'],
      },
      annotations: { title: 'Find tools', readOnlyHint: true, destructiveHint: false, openWorldHint: false },
    },
    {
      name: CALL_TOOL,
      title: 'Run a tool found with find_tools',
      description:
        'Runs one tool of a connected account by its full name (as find_tools returned it, e.g. ' +
        '<service>_<account>__<tool>) with arguments matching its input schema. The same rules apply as to a listed ' +
        "tool: the account's policies, scope checks, confirmations and the activity log.",
      inputSchema: {
        type: 'object',
        properties: {
          name: { type: 'string', description: 'The full tool name from find_tools.' },
          arguments: { type: 'object', description: "The tool's arguments, as its input schema says." },
        },
        required: ['name'],
      },
      annotations: { title: 'Run a tool', readOnlyHint: false, destructiveHint: true, openWorldHint: true },
    },
  ];
}

const FindArgsSchema = z.object({
  query: z.string().max(500).default(''),
  connection: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(50).default(10),
  schemas: z.boolean().default(true),
});

const ArgumentsObject = z.record(z.string(), z.unknown());

/** Arguments of `call_tool`. Some models send `arguments` as a JSON string: that is accepted when it holds an object. */
export const CallArgsSchema = z.object({
  name: z.string().min(1).max(200),
  arguments: z
    .union([
      ArgumentsObject,
      z.string().transform((text, ctx) => {
        try {
          return ArgumentsObject.parse(JSON.parse(text));
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be an object (or a JSON string of one)' });
          return z.NEVER;
        }
      }),
    ])
    .default({}),
});

function shortDescription(text: string | undefined): string {
  const clean = (text ?? '').replace(/\s+/g, ' ').trim();
  return clean.length <= 240 ? clean : `${clean.slice(0, 237)}…`;
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 2);
}

/** How well `tool` matches the query words: name hits count double; 0 = no match. */
function score(tool: Tool, label: string, query: string[]): number {
  if (query.length === 0) return 1;
  const name = new Set(words(tool.name));
  const rest = words(`${tool.title ?? ''} ${tool.annotations?.title ?? ''} ${tool.description ?? ''} ${label}`);
  let total = 0;
  for (const w of query) {
    const stem = w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w;
    if ([...name].some((n) => n.startsWith(stem))) total += 2;
    else if (rest.some((r) => r.startsWith(stem))) total += 1;
  }
  return total;
}

/** Answers `find_tools` over the tools this assistant sees. */
export function findTools(
  catalog: Catalog,
  connectionOf: (id: string) => Connection | undefined,
  rawArgs: unknown,
): CallToolResult {
  const parsed = FindArgsSchema.safeParse(rawArgs ?? {});
  if (!parsed.success)
    return errorResult(
      `find_tools: ${parsed.error.issues[0]?.path.join('.') || 'arguments'}: ${parsed.error.issues[0]?.message}. Pass {"query": "words describing the task"}.`,
    );
  const { query, connection, limit, schemas } = parsed.data;
  const wanted = connection?.trim().toLowerCase();
  const queryWords = words(query);
  const matches = catalog.list.flatMap((tool) => {
    const gatewayTool = catalog.tools.get(tool.name);
    const owner = gatewayTool ? connectionOf(gatewayTool.connectionId) : undefined;
    const label = owner?.label ?? '';
    if (
      wanted &&
      label.toLowerCase() !== wanted &&
      owner?.id !== wanted &&
      !tool.name.toLowerCase().startsWith(`${wanted}__`)
    )
      return [];
    const s = score(tool, label, queryWords);
    return s > 0 ? [{ tool, label, s }] : [];
  });
  matches.sort((a, b) => b.s - a.s || a.tool.name.localeCompare(b.tool.name));
  const chosen = matches.slice(0, limit);
  const answer = {
    found: matches.length,
    shown: chosen.length,
    tools: chosen.map(({ tool, label }) => ({
      name: tool.name,
      account: label,
      access: tool.annotations?.readOnlyHint ? 'read' : 'write',
      description: shortDescription(tool.description),
      ...(schemas ? { inputSchema: tool.inputSchema } : {}),
    })),
    ...(matches.length === 0
      ? {
          hint: wanted
            ? `No tool of '${connection}' matches. Try other words, an empty query, or leave out connection.`
            : 'No tool matches. Try other words, or an empty query to see all tools.',
        }
      : matches.length > chosen.length
        ? { hint: `${matches.length - chosen.length} more match: raise limit or use more specific words.` }
        : {}),
  };
  return { content: [{ type: 'text', text: JSON.stringify(answer) }] };
}
