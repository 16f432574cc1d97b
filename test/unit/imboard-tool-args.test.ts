import { describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/connections/model.js';
import { InputError } from '../../shared/errors.js';
import { UpstreamHttpClient } from '../../shared/net/http-client.js';
import { provider } from '../../shared/providers/imboard/index.js';
import { imboardArgsSchema, validateImboardArgs } from '../../shared/providers/imboard/tool-args.js';
import { rejectionOf } from '../helpers/rejection.js';
import { tokenConnection } from '../helpers/token-connection.js';

const pat = tokenConnection({
  id: 'c_imbargs001',
  label: 'Dana',
  provider: 'imboard',
  baseUrl: 'http://127.0.0.1:9/api/v1',
  metadata: { maskedToken: 'imb_pat_…abcd' },
});
const bat: Connection = {
  ...pat,
  id: 'c_imbargs002',
  metadata: { maskedToken: 'imb_bat_…abcd', tokenKind: 'board_token' },
};

describe("I'mBoard tool arguments are validated with zod before any request", () => {
  it('every tool, write tools included, has a validator and an input schema generated from it', () => {
    for (const tool of provider.tools(pat)) {
      expect(tool.inputSchema).toMatchObject({ type: 'object', additionalProperties: false });
      expect(Array.isArray(tool.inputSchema.required)).toBe(true);
    }
    const create = provider.tools(pat).find((t) => t.name === 'create_meeting')!;
    expect(create.inputSchema.required).toEqual(['boardId', 'title', 'startsAt']);
    expect(provider.tools(bat).find((t) => t.name === 'create_meeting')!.inputSchema.required).toEqual([
      'title',
      'startsAt',
    ]);
  });

  it('names the bad argument: missing, wrong type, not a date, not an allowed value, unknown', () => {
    const error = (tool: Parameters<typeof validateImboardArgs>[0], args: Record<string, unknown>) => {
      try {
        validateImboardArgs(tool, false, args);
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as InputError).message;
      }
      throw new Error('expected a validation error');
    };
    expect(error('create_meeting', { boardId: 'b1', startsAt: '2027-01-01T10:00:00Z' })).toMatch(/'title' is required/);
    expect(error('create_meeting', { boardId: 'b1', title: 'x', startsAt: 'next tuesday' })).toMatch(
      /'startsAt': .*ISO date-time/,
    );
    expect(error('update_meeting', { boardId: 'b1', meetingId: 'm1', status: 'postponed' })).toMatch(/'status'/);
    expect(error('create_document', { boardId: 'b1', title: 'x', content: 42 })).toMatch(/'content'/);
    expect(error('list_meetings', { boardId: 'b1', limit: 5 })).toMatch(/unknown argument 'limit'/);
    expect(error('get_document', { boardId: '' })).toMatch(
      /'boardId'.*empty.*'documentId' is required|'documentId' is required/,
    );
  });

  it('a board token may leave boardId out; valid arguments pass through trimmed', () => {
    expect(imboardArgsSchema('list_meetings', true).safeParse({}).success).toBe(true);
    expect(
      validateImboardArgs('create_meeting', false, {
        boardId: ' b1 ',
        title: ' Budget ',
        startsAt: '2027-01-19T15:00:00Z',
      }),
    ).toEqual({ boardId: 'b1', title: 'Budget', startsAt: '2027-01-19T15:00:00Z' });
  });

  it('a bad write is refused before anything is sent (the connection points at a closed port)', async () => {
    const http = new UpstreamHttpClient({ timeoutMs: 2_000, sleep: async () => undefined });
    const error = await rejectionOf(
      provider.callTool({ connection: pat, secret: 'imb_pat_0123456789abcdef', http }, 'create_document', {
        boardId: 'b1',
        title: 'Notes',
      }),
      InputError,
    );
    expect(error.message).toMatch(/'content' is required/);
    expect(error.hint).toMatch(/nothing was sent/);
  });
});
