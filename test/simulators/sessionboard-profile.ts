import type { SimReply } from './sessionboard-auth.js';

/**
 * Simulator profiles. `rich` (default) serves Bridgekeeper's guesses too: `GET /v1/token`, `{ error: { code … } }`
 * bodies, `{ data, meta }` paging. `documented` serves only what seeds 000/001 document (`GET /v1/events`, the MCP
 * endpoint; any other REST path 404) and otherwise answers as a plausible real service might: no `/v1/token`, plain
 * error bodies (`{ message }`, no codes or `required_scope`), paging parameters ignored, events as a bare array.
 * With the simulator's `assumedDataPaths` option it also serves the assumed data paths the same way: contacts as bare
 * arrays, sessions and contacts with `_id` instead of `id`, individual session retrieval and session search cached
 * for 3 minutes.
 */
export type SessionboardProfile = 'rich' | 'documented';

/** Seed 000: "individual session retrieval and session search are cached for 3 minutes". */
export const SESSION_CACHE_MS = 3 * 60_000;

/** A plain error body: status text only, nothing Bridgekeeper assumed. */
export function plainError(reply: SimReply): SimReply {
  return {
    status: reply.status,
    body: { statusCode: reply.status, message: plainMessage(reply.status) },
    ...(reply.headers ? { headers: reply.headers } : {}),
  };
}

function plainMessage(status: number): string {
  return (
    { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 422: 'Unprocessable Entity', 429: 'Too Many Requests' }[
      status
    ] ?? 'Error'
  );
}

const withUnderscoreId = (row: unknown): unknown => {
  if (!row || typeof row !== 'object' || Array.isArray(row)) return row;
  const { id, ...rest } = row as Record<string, unknown>;
  return id === undefined ? row : { _id: id, ...rest };
};

/**
 * Re-shapes a successful rich reply the way the documented profile answers: `meta` dropped; events, contacts and
 * speakers lists as bare arrays; sessions and contacts with `_id`; single sessions as the bare record.
 */
export function documentedShape(path: string, reply: SimReply): SimReply {
  if (reply.status >= 400) return plainError(reply);
  const body = reply.body as { data?: unknown } | null;
  if (!body || typeof body !== 'object' || !('data' in body)) return reply;
  const parts = path.split('/').filter(Boolean);
  const data = body.data;
  const list = Array.isArray(data);
  const underscored = parts.includes('sessions') || parts.includes('contacts') || parts.includes('speakers');
  const rows = list ? (underscored ? data.map(withUnderscoreId) : data) : data;
  if (list && (parts.length === 2 || parts[3] === 'contacts' || parts[3] === 'speakers'))
    return { ...reply, body: rows };
  if (list) return { ...reply, body: { data: rows } };
  if (parts[1] === 'sessions' && parts.length === 3) return { ...reply, body: withUnderscoreId(data) };
  return { ...reply, body: { data } };
}

/** True for the calls seed 000 says are cached: individual session retrieval and session search (any session list). */
export function isCachedSessionRead(method: string, path: string): boolean {
  if (method !== 'GET') return false;
  const parts = path.split('/').filter(Boolean);
  return (
    (parts[1] === 'sessions' && parts.length === 3) ||
    (parts[1] === 'events' && parts[3] === 'sessions' && parts.length === 4)
  );
}

/** The 3-minute cache of session reads, per token and URL. */
export class SessionReadCache {
  readonly #entries = new Map<string, { at: number; reply: SimReply }>();
  constructor(
    private readonly ttlMs: number = SESSION_CACHE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached reply for this token and URL, while fresh. */
  get(token: string, url: string): SimReply | undefined {
    const hit = this.#entries.get(`${token}\u0000${url}`);
    return hit && this.now() - hit.at < this.ttlMs ? hit.reply : undefined;
  }

  /** Remembers a successful reply. */
  set(token: string, url: string, reply: SimReply): void {
    if (reply.status < 300) this.#entries.set(`${token}\u0000${url}`, { at: this.now(), reply });
  }
}
