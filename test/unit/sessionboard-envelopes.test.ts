import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../shared/errors.js';
import { parseList, parseRecord, readPaging } from '../../shared/providers/sessionboard/envelopes.js';

describe('Sessionboard envelopes (none documented: every plausible one is read)', () => {
  it('reads a list as { data: [...] } or a bare array, with ids in id or _id', () => {
    expect(parseList({ data: [{ id: 'a' }], meta: { total: 3 } })).toEqual({
      rows: [{ id: 'a' }],
      envelope: { meta: { total: 3 } },
    });
    expect(parseList([{ _id: 'b', name: 'B' }]).rows).toEqual([{ id: 'b', _id: 'b', name: 'B' }]);
    expect(parseList([{ id: 'c', _id: 'other' }]).rows[0]!.id).toBe('c');
    expect(() => parseList({ items: [] })).toThrow(UpstreamError);
    expect(() => parseList('<html>')).toThrow(/unexpected format/);
  });

  it('reads a record as { data: {...} } or the bare object, and an empty answer as null', () => {
    expect(parseRecord({ data: { _id: 's1', title: 'T' } })).toEqual({ id: 's1', _id: 's1', title: 'T' });
    expect(parseRecord({ _id: 's2' })).toEqual({ id: 's2', _id: 's2' });
    expect(parseRecord(null)).toBeNull();
    expect(parseRecord('')).toBeNull();
    expect(() => parseRecord([1, 2])).toThrow(UpstreamError);
  });

  it('tells whether more pages exist from whichever signal the service sends', () => {
    expect(readPaging({ meta: { hasMore: true, total: 120 } }, 50, 1, 50)).toEqual({
      more: true,
      nextPage: 2,
      total: 120,
    });
    expect(readPaging({ has_more: false }, 10, 3, 50)).toEqual({ more: false });
    expect(readPaging({ next: 4 }, 50, 3, 50)).toEqual({ more: true, nextPage: 4 });
    expect(readPaging({ links: { next: null } }, 50, 3, 50)).toEqual({ more: false });
    expect(readPaging({ pagination: { total: 100 } }, 50, 1, 50)).toEqual({ more: true, nextPage: 2, total: 100 });
    expect(readPaging({ pagination: { total: 100 } }, 50, 2, 50)).toEqual({ more: false, total: 100 });
  });

  it('without any signal: a full page may have more, a short page is the last, more rows than asked means no paging', () => {
    expect(readPaging({}, 50, 1, 50)).toEqual({ more: true, nextPage: 2 });
    expect(readPaging({}, 7, 1, 50)).toEqual({ more: false });
    expect(readPaging({}, 80, 1, 50)).toEqual({ more: 'unknown' });
  });
});
