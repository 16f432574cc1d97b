/**
 * For services whose documentation describes no paging (Session Services, I'mBoard): list tools say so, and when an
 * answer nevertheless carries a common "more results" marker, the assistant is told instead of taking a first page
 * for the whole list.
 */

/** Said in the description of a list tool whose service documents no paging. */
export const NO_PAGING_NOTE = 'The service documents no paging for this list: it returns what one request returns.';

/** Common markers of a further page in a JSON answer (none is documented by these services: all assumed). */
function moreMarker(body: Record<string, unknown>): string | undefined {
  const links = body.links as Record<string, unknown> | undefined;
  const meta = (body.meta ?? body.pagination) as Record<string, unknown> | undefined;
  const candidates: Array<[string, unknown]> = [
    ['hasMore', body.hasMore],
    ['has_more', body.has_more],
    ['next', body.next],
    ['nextCursor', body.nextCursor],
    ['next_cursor', body.next_cursor],
    ['links.next', links?.next],
    ['meta.next', meta?.next],
    ['meta.hasMore', meta?.hasMore ?? meta?.has_more],
    ['meta.nextCursor', meta?.nextCursor ?? meta?.next_cursor],
  ];
  for (const [name, value] of candidates) {
    if (value === true || (typeof value === 'string' && value.length > 0))
      return typeof value === 'string' ? `${name}: ${value}` : name;
  }
  return undefined;
}

/**
 * The list answer as the assistant gets it: the parsed items unchanged, or `{ data, paging }` when the raw answer
 * marked that more results exist (the marker is quoted; how to fetch them is not documented).
 */
export function withUndocumentedPaging(items: unknown, rawBody: unknown): unknown {
  if (!rawBody || typeof rawBody !== 'object' || Array.isArray(rawBody)) return items;
  const marker = moreMarker(rawBody as Record<string, unknown>);
  if (!marker) return items;
  return {
    data: items,
    paging: `More results exist (the service answered ${marker}). Its documentation describes no paging, so only this first part is shown; narrow the request (filters, a date range) to see the rest.`,
  };
}
