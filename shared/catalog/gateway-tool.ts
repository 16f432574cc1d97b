import type { Tool, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { redactJson, redactSecrets } from '../secrets/redact.js';
import type { Connection } from '../connections/model.js';
import type { JsonSchemaObject, Provider, ToolDefinition } from '../providers/types.js';

/**
 * Where a tool comes from: the provider's own API tools, an upstream MCP server's tool list, or `unavailable`: the
 * entry that stands in for a connection whose tools cannot be listed (see `unavailable-tool.ts`).
 */
export type ToolSource = 'api' | 'mcp' | 'unavailable';

/** One tool of one connection, before policy and namespacing. */
export interface ConnectionTool {
  definition: ToolDefinition;
  source: ToolSource;
  /** Upstream annotations to forward as they are (MCP sources). */
  upstreamAnnotations?: ToolAnnotations;
  /** The upstream's own definition (MCP sources): output schema, icons, `_meta` and task support are kept from it. */
  upstream?: Tool;
}

/** One tool the gateway exposes: its public name and what it maps back to. */
export interface GatewayTool extends ConnectionTool {
  name: string;
  connectionId: string;
}

/** Wraps an upstream MCP tool as a `ToolDefinition` (read/write and destructive from its annotations, per spec defaults). */
export function upstreamToolDefinition(tool: Tool, provider: Provider): ToolDefinition {
  const a = tool.annotations ?? {};
  const readOnly = a.readOnlyHint === true;
  return {
    name: tool.name,
    // An upstream's own words: never passed on with a secret it quoted.
    title: redactSecrets(a.title ?? tool.title ?? tool.name),
    description: redactSecrets(tool.description ?? ''),
    inputSchema: tool.inputSchema as JsonSchemaObject,
    access: readOnly ? 'read' : 'write',
    destructive: !readOnly && a.destructiveHint !== false,
    requiredScopes: (args) => provider.mcpToolScopes?.(tool.name, args) ?? [],
    ...(provider.mcpToolScopeBasis ? { scopeBasis: provider.mcpToolScopeBasis(tool.name) } : {}),
  };
}

/** The tool as the gateway lists it: namespaced name, a description saying which account it acts on, annotations. */
export function toMcpTool(tool: GatewayTool, connection: Connection, provider: Provider): Tool {
  const d = tool.definition;
  const who =
    typeof connection.metadata.principalName === 'string' && connection.metadata.principalName
      ? ` (${connection.metadata.principalName})`
      : '';
  const upstream = tool.upstreamAnnotations ?? {};
  const annotations: ToolAnnotations = {
    ...upstream,
    title: `${upstream.title ?? d.title} — ${connection.label}`,
    readOnlyHint: d.access === 'read',
    destructiveHint: d.access === 'write' ? Boolean(d.destructive) : false,
  };
  if (tool.source === 'api') annotations.openWorldHint = true;
  const u = tool.upstream;
  // The gateway offers no MCP tasks itself: every tool is called plainly (one that requires a task upstream is run as
  // one there, and answered when it finishes), so `execution` is not listed.
  const task =
    u?.execution?.taskSupport === 'required'
      ? ' Runs as a background task at the service; the call returns when it finishes.'
      : '';
  // Everything an upstream wrote into the definition (schemas, annotations, icons, _meta) is masked like results are;
  // the name is the gateway's own routing key and stays as it is.
  return {
    ...redactJson({
      title: annotations.title,
      description:
        `Acts on ${provider.displayName} account '${connection.label}'${who}${policyNote(connection, d)}. ${d.description}${task}`.trim(),
      inputSchema: normalizeSchema(d.inputSchema),
      ...(u?.outputSchema ? { outputSchema: u.outputSchema } : {}),
      annotations,
      ...(u?.icons ? { icons: u.icons } : {}),
      ...(u?._meta ? { _meta: u._meta } : {}),
    }),
    name: tool.name,
  };
}

function policyNote(connection: Connection, d: ToolDefinition): string {
  const notes: string[] = [];
  if (connection.policies.confirmWrites && d.access === 'write') notes.push('asks you to confirm first');
  if (connection.policies.redactPii) notes.push('emails and phone numbers in results are masked');
  return notes.length > 0 ? `; ${notes.join('; ')}` : '';
}

function normalizeSchema(schema: JsonSchemaObject | undefined): Tool['inputSchema'] {
  if (!schema || typeof schema !== 'object' || schema.type !== 'object') return { type: 'object', properties: {} };
  return schema as Tool['inputSchema'];
}

/**
 * A tool whose catalog names no scopes (e.g. an upstream MCP tool) but that a service refused before for a scope
 * requires that learned scope from then on, so the gateway refuses it up front and the matrix shows it missing.
 */
export function withLearnedRequirements(
  definition: ToolDefinition,
  learnedGaps: Connection['learnedGaps'],
): ToolDefinition {
  const learned = learnedGaps.filter((g) => g.tool === definition.name).map((g) => g.scope);
  if (learned.length === 0) return definition;
  return {
    ...definition,
    requiredScopes: (args) => {
      const declared = definition.requiredScopes(args);
      return declared.length > 0 ? declared : learned;
    },
  };
}
