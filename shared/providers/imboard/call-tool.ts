import { InputError, UpstreamError } from '../../errors.js';
import type { ProviderContext, ToolOutput } from '../types.js';
import { ItemBodySchema, ListBodySchema, ROUTES, type ImboardRoute } from './api-surface.js';
import { imboardRequest } from './request.js';
import { imboardEffectiveScopes } from './scopes-granted.js';
import { isBoardTokenConnection } from './tools.js';
import { fetchImboardWhoami } from './whoami.js';

/** Pinned board per connection id, learned from whoami once per process. */
const pinnedBoards = new Map<string, string>();

async function pinnedBoard(ctx: ProviderContext): Promise<string> {
  const meta = ctx.connection.metadata;
  if (meta.principalType === 'board' && typeof meta.principalId === 'string') return meta.principalId;
  const cached = pinnedBoards.get(ctx.connection.id);
  if (cached) return cached;
  const who = await fetchImboardWhoami(ctx);
  if (who.authType !== 'board_token') throw new InputError('boardId is required.', 'Pass boardId (list_boards shows them).');
  pinnedBoards.set(ctx.connection.id, who.boardId);
  return who.boardId;
}

/** Runs one I'mBoard tool over REST: resolves the board (pinned for board tokens), sends, validates. */
export async function callImboardTool(ctx: ProviderContext, tool: string, args: Record<string, unknown>): Promise<ToolOutput> {
  const route = (ROUTES as Record<string, ImboardRoute | undefined>)[tool];
  if (!route) throw new InputError(`I'mBoard has no tool '${tool}'.`, 'Run `bridgekeeper tools` to list the available tools.');
  const rest: Record<string, unknown> = { ...args };
  if (route.board && (typeof rest.boardId !== 'string' || rest.boardId === '')) {
    if (!isBoardTokenConnection(ctx.connection) && !ctx.secret?.startsWith('imb_bat_')) throw new InputError('boardId is required.', 'Pass boardId (list_boards shows the boards you can access).');
    rest.boardId = await pinnedBoard(ctx);
  }
  const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = rest[name];
    delete rest[name];
    if (typeof value !== 'string' || value === '') throw new InputError(`The argument '${name}' is required.`, `Pass ${name} as a non-empty string.`);
    return encodeURIComponent(value);
  });
  const response = await imboardRequest(ctx, {
    method: route.method,
    path,
    ...(route.method === 'GET' ? {} : { json: rest }),
    error: { operation: tool, requiredScope: route.scope, granted: imboardEffectiveScopes(ctx.connection), boardRoute: route.board, write: route.method !== 'GET' },
  });
  const parsed = (route.returns === 'list' ? ListBodySchema : ItemBodySchema).safeParse(response.body);
  if (!parsed.success) throw new UpstreamError('bad_response', `I'mBoard answered ${tool} with data Bridgekeeper does not understand.`, 'Try again; if it persists, update Bridgekeeper.', { status: response.status });
  return { data: parsed.data.data, status: response.status };
}
