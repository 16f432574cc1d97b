import { describe, expect, it } from 'vitest';
import { imboardToolsFor } from '../../shared/providers/imboard/tools.js';
import { SESSION_SERVICES_TOOLS } from '../../shared/providers/session-services/tools.js';
import { NO_PAGING_NOTE, withUndocumentedPaging } from '../../shared/providers/undocumented-paging.js';
import { tokenConnection } from '../helpers/token-connection.js';

// Session Services and I'mBoard document no paging: their list tools say so, and a "more results" marker in an
// answer is passed on to the assistant instead of silently presenting a first page as the whole list.
describe('lists of services that document no paging', () => {
  it('say so in every list tool, and only there', () => {
    const pat = tokenConnection({ id: 'c_00000000', label: 'x', provider: 'imboard', status: { state: 'ok' } });
    const tools = [...SESSION_SERVICES_TOOLS, ...imboardToolsFor(pat)];
    for (const tool of tools)
      expect(tool.description.includes(NO_PAGING_NOTE), tool.name).toBe(tool.name.startsWith('list_'));
  });

  it('pass on a marker of more results, and nothing when there is none', () => {
    const items = [{ id: 1 }];
    expect(withUndocumentedPaging(items, { data: items })).toBe(items);
    expect(withUndocumentedPaging(items, items)).toBe(items);
    expect(withUndocumentedPaging(items, { data: items, hasMore: false, next: null })).toBe(items);
    expect(withUndocumentedPaging(items, { data: items, has_more: true })).toEqual({
      data: items,
      paging: expect.stringMatching(/^More results exist \(the service answered has_more\)/),
    });
    expect(withUndocumentedPaging(items, { data: items, links: { next: '/events?page=2' } })).toEqual({
      data: items,
      paging: expect.stringContaining('links.next: /events?page=2'),
    });
  });
});
