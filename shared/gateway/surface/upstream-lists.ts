import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Prompt, Resource, ResourceTemplate } from '@modelcontextprotocol/sdk/types.js';

/** The lists an upstream MCP server may offer besides tools. */
export type ListKind = 'prompts' | 'resources' | 'templates';

/** What one list kind holds. */
export interface ListItems {
  prompts: Prompt[];
  resources: Resource[];
  templates: ResourceTemplate[];
}

/** At most this many pages per list (like the tool list): a server that keeps handing out cursors is cut off. */
const MAX_PAGES = 50;

/** True when the upstream declared the capability behind `kind`. */
export function offers(client: Client, kind: ListKind): boolean {
  const capabilities = client.getServerCapabilities();
  return kind === 'prompts' ? Boolean(capabilities?.prompts) : Boolean(capabilities?.resources);
}

async function allPages<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string | undefined }>,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const result = await page(cursor);
    out.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return out;
}

/** Every item of one list of the upstream (follows cursors, bounded); empty when the upstream does not offer it. */
export async function listUpstream<K extends ListKind>(
  client: Client,
  kind: K,
  timeoutMs: number,
): Promise<ListItems[K]> {
  if (!offers(client, kind)) return [];
  const options = { timeout: timeoutMs };
  const params = (cursor: string | undefined) => (cursor ? { cursor } : {});
  if (kind === 'prompts')
    return (await allPages(async (c) => {
      const r = await client.listPrompts(params(c), options);
      return { items: r.prompts, nextCursor: r.nextCursor };
    })) as ListItems[K];
  if (kind === 'resources')
    return (await allPages(async (c) => {
      const r = await client.listResources(params(c), options);
      return { items: r.resources, nextCursor: r.nextCursor };
    })) as ListItems[K];
  return (await allPages(async (c) => {
    const r = await client.listResourceTemplates(params(c), options);
    return { items: r.resourceTemplates, nextCursor: r.nextCursor };
  })) as ListItems[K];
}

/**
 * Upstream lists cached per client (so per upstream session, like its tool list), dropped when the upstream says the
 * list changed (`notifications/prompts/list_changed`, `notifications/resources/list_changed`) or the session goes.
 */
export class UpstreamListCache {
  readonly #lists = new WeakMap<Client, Partial<{ [K in ListKind]: Promise<ListItems[K]> }>>();

  /** The cached (or freshly fetched) list; a failed fetch is not kept. */
  get<K extends ListKind>(client: Client, kind: K, timeoutMs: number): Promise<ListItems[K]> {
    let lists = this.#lists.get(client);
    if (!lists) this.#lists.set(client, (lists = {}));
    const cached = lists[kind] as Promise<ListItems[K]> | undefined;
    if (cached) return cached;
    const pending = listUpstream(client, kind, timeoutMs);
    (lists as Record<ListKind, Promise<unknown> | undefined>)[kind] = pending;
    pending.catch(() => {
      if (lists[kind] === pending) delete lists[kind];
    });
    return pending;
  }

  /** Forgets the lists of `kinds` for one client. */
  invalidate(client: Client, kinds: ListKind[]): void {
    const lists = this.#lists.get(client);
    if (lists) for (const kind of kinds) delete lists[kind];
  }
}
