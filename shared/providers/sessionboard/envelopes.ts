import { z } from 'zod';
import { UpstreamError } from '../../errors.js';

/**
 * Response envelopes a real Sessionboard may use (the seeds document none): a list is `{ data: [...] }` or a bare
 * array, a record `{ data: {...} }` or the bare object, and a record's id is in `id` or `_id`. Paging signals are
 * read from whichever of `hasMore` / `has_more` / `next` / `meta` / `pagination` / `links` is present.
 */
const Row = z.record(z.string(), z.unknown());
const Rows = z.array(Row);
const ListEnvelope = z.object({ data: Rows }).passthrough();
const RecordEnvelope = z.object({ data: Row }).passthrough();

/** What a list answer says about further pages. */
export interface Paging {
  /** `true` more results exist, `false` this is the last page, `'unknown'` the service did not say. */
  more: boolean | 'unknown';
  /** The page to ask for next, when more exist. */
  nextPage?: number;
  /** Total count, when the service reported it. */
  total?: number;
}

/** A record with `id` filled from `_id` when only `_id` is present. */
export function normalizeRecord(row: Record<string, unknown>): Record<string, unknown> {
  if (row.id === undefined && row._id !== undefined) return { id: row._id, ...row };
  return row;
}

function badFormat(status: number): UpstreamError {
  return new UpstreamError(
    'bad_response',
    'Sessionboard answered in an unexpected format.',
    'Try again; if it persists, update Bridgekeeper.',
    { status },
  );
}

/** Rows of a list answer, or a `bad_response` error when the body is neither a bare array nor `{ data: [...] }`. */
export function parseList(
  body: unknown,
  status = 200,
): { rows: Array<Record<string, unknown>>; envelope: Record<string, unknown> } {
  const bare = Rows.safeParse(body);
  if (bare.success) return { rows: bare.data.map(normalizeRecord), envelope: {} };
  const wrapped = ListEnvelope.safeParse(body);
  if (wrapped.success) {
    const { data, ...envelope } = wrapped.data;
    return { rows: data.map(normalizeRecord), envelope };
  }
  throw badFormat(status);
}

/** One record: `{ data: {...} }` or the bare object; `null` for an empty answer (204, or a body-less delete). */
export function parseRecord(body: unknown, status = 200): Record<string, unknown> | null {
  if (body === null || body === undefined || body === '') return null;
  const wrapped = RecordEnvelope.safeParse(body);
  if (wrapped.success) return normalizeRecord(wrapped.data.data);
  const bare = Row.safeParse(body);
  if (bare.success) return normalizeRecord(bare.data);
  throw badFormat(status);
}

const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * What the envelope says about more pages. With no signal: more is `true` when a full page came back (rows ===
 * limit, so a next page may exist), `false` when fewer came back than asked for, and `'unknown'` when the service
 * returned more rows than asked for (it ignores `limit`, so there is no paging to follow).
 */
export function readPaging(envelope: Record<string, unknown>, rows: number, page: number, limit: number): Paging {
  const meta = { ...obj(envelope.pagination), ...obj(envelope.meta), ...envelope };
  const total = num(meta.total) ?? num(meta.total_count) ?? num(meta.totalCount);
  const flag = meta.hasMore ?? meta.has_more ?? meta.hasNextPage;
  const next = meta.next ?? meta.next_page ?? meta.nextPage ?? obj(envelope.links).next;
  const withTotal = (p: Paging): Paging => (total !== undefined ? { ...p, total } : p);
  if (typeof flag === 'boolean') return withTotal(flag ? { more: true, nextPage: page + 1 } : { more: false });
  if (next !== undefined)
    return withTotal(next === null || next === '' ? { more: false } : { more: true, nextPage: num(next) ?? page + 1 });
  if (total !== undefined)
    return withTotal(page * limit < total ? { more: true, nextPage: page + 1 } : { more: false });
  if (rows > limit) return { more: 'unknown' };
  return rows === limit ? { more: true, nextPage: page + 1 } : { more: false };
}
