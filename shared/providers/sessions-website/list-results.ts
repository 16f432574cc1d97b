import { LIST_SHAPES, ListEnvelopeSchema, type ListShape } from './api-surface.js';

/** A list as every sessions.website list tool returns it to the assistant, whatever envelope the server used. */
export interface NormalizedList {
  nodes: Array<Record<string, unknown>>;
  pageInfo: { hasNextPage: boolean | null; endCursor: string | null };
  /** Plain words for the assistant: whether more results exist and how to get them. */
  paging: string;
}

/**
 * Normalizes a Relay `nodes` or `edges` connection or a plain list (ASSUMED envelopes) into `NormalizedList`, or
 * returns undefined for anything else. `tool` and `argName` name the call that fetches the next page.
 */
export function normalizeList(value: unknown, tool: string, argName = 'after'): NormalizedList | undefined {
  const parsed = ListEnvelopeSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const envelope = parsed.data;
  if (Array.isArray(envelope)) {
    return {
      nodes: envelope,
      pageInfo: { hasNextPage: null, endCursor: null },
      paging: `sessions.website returned a plain list without paging information: these ${envelope.length} results may not be all of them.`,
    };
  }
  const nodes = 'nodes' in envelope ? envelope.nodes : envelope.edges.map((e) => e.node);
  const lastEdgeCursor = 'edges' in envelope ? envelope.edges.at(-1)?.cursor : undefined;
  const endCursor = envelope.pageInfo?.endCursor ?? lastEdgeCursor ?? null;
  const hasNextPage = envelope.pageInfo ? envelope.pageInfo.hasNextPage : null;
  let paging: string;
  if (hasNextPage === true && endCursor)
    paging = `More results exist: call ${tool} again with ${argName}: "${endCursor}" for the next page.`;
  else if (hasNextPage === true) paging = 'More results exist, but sessions.website gave no cursor for the next page.';
  else if (hasNextPage === false) paging = 'These are all the results.';
  else paging = 'sessions.website did not say whether more results exist.';
  return { nodes, pageInfo: { hasNextPage, endCursor }, paging };
}

/** The list shapes to try for a list field, starting with the one that last worked at that origin. */
export function shapesToTry(remembered: ListShape | undefined): ListShape[] {
  return remembered ? [remembered, ...LIST_SHAPES.filter((s) => s !== remembered)] : [...LIST_SHAPES];
}
