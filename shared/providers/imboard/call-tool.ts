import { IMBOARD_BAT_PREFIX } from './token-facts.js';
import crypto from 'node:crypto';
import { InputError, UpstreamError } from '../../errors.js';
import type { ProviderContext, ToolOutput } from '../types.js';
import { ItemBodySchema, ListBodySchema, ROUTES, type ImboardRoute, type ImboardToolName } from './api-surface.js';
import { imboardRequest } from './request.js';
import { imboardEffectiveScopes } from './scopes-granted.js';
import { withUndocumentedPaging } from '../undocumented-paging.js';
import { validateImboardArgs } from './tool-args.js';
import { isBoardTokenConnection } from './tools.js';
import { fetchImboardWhoami } from './whoami.js';

/** Pinned board per connection and token (a hash, never the token), learned from whoami once per process. */
const pinnedBoards = new Map<string, string>();

async function pinnedBoard(ctx: ProviderContext): Promise<string> {
  const meta = ctx.connection.metadata;
  if (meta.principalType === 'board' && typeof meta.principalId === 'string') return meta.principalId;
  const key = `${ctx.connection.id}:${crypto
    .createHash('sha256')
    .update(ctx.secret ?? '')
    .digest('hex')}`;
  const cached = pinnedBoards.get(key);
  if (cached) return cached;
  const who = await fetchImboardWhoami(ctx);
  if (who.authType !== 'board_token')
    throw new InputError('boardId is required.', 'Pass boardId (list_boards shows them).');
  pinnedBoards.set(key, who.boardId);
  return who.boardId;
}

/** Runs one I'mBoard tool over REST: validates the arguments, resolves the board (pinned for board tokens), sends, parses. */
export async function callImboardTool(
  ctx: ProviderContext,
  tool: string,
  args: Record<string, unknown>,
): Promise<ToolOutput> {
  const route = (ROUTES as Record<string, ImboardRoute | undefined>)[tool];
  if (!route)
    throw new InputError(`I'mBoard has no tool '${tool}'.`, 'Run `bridgekeeper tools` to list the available tools.');
  const pinned = isBoardTokenConnection(ctx.connection) || Boolean(ctx.secret?.startsWith(IMBOARD_BAT_PREFIX));
  const rest = validateImboardArgs(tool as ImboardToolName, pinned, args);
  if (route.board && rest.boardId === undefined) rest.boardId = await pinnedBoard(ctx);
  const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = rest[name];
    delete rest[name];
    return encodeURIComponent(String(value));
  });
  const boardId = route.board ? decodeURIComponent(/\/boards\/([^/]+)/.exec(path)?.[1] ?? '') : undefined;
  const response = await imboardRequest(ctx, {
    method: route.method,
    path,
    ...(route.method === 'GET' ? {} : { json: rest }),
    error: {
      operation: tool,
      ...(route.scope ? { requiredScope: route.scope } : {}),
      granted: imboardEffectiveScopes(ctx.connection),
      boardRoute: route.board,
      write: route.method !== 'GET',
      ...(boardId ? { boardId } : {}),
    },
  });
  const parsed = (route.returns === 'list' ? ListBodySchema : ItemBodySchema).safeParse(response.body);
  if (!parsed.success)
    throw new UpstreamError(
      'bad_response',
      `I'mBoard answered ${tool} with data Bridgekeeper does not understand.`,
      'Try again; if it persists, update Bridgekeeper.',
      { status: response.status },
    );
  return {
    data: route.returns === 'list' ? withUndocumentedPaging(parsed.data, response.body) : parsed.data,
    status: response.status,
  };
}
