import { looksLikeJwt } from '../../util/jwt-claims.js';
import type { Provider, TokenRecognition } from '../types.js';
import { BAT_MANAGE, BAT_PATTERN, IMBOARD_MCP_URL, PAT_MANAGE, PAT_PATTERN, ROUTES } from './api-surface.js';
import { callImboardTool } from './call-tool.js';
import { imboardAuthHeaders, imboardBaseUrl } from './request.js';
import { imboardEffectiveScopes } from './scopes-granted.js';
import { IMBOARD_SCOPES } from './scopes.js';
import { imboardToolsFor } from './tools.js';
import { IMBOARD_BAT_PREFIX, IMBOARD_PAT_PREFIX, IMBOARD_PREFIX_FAMILY } from './token-facts.js';
import { imboardWhoami } from './whoami.js';
import { describeTokenPrefix, foreignTokenPrefix } from '../token-facts.js';

/** Recognizes I'mBoard tokens by prefix (token-facts.ts) or a browser JWT; names what other tokens look like. */
export function recognizeImboardToken(token: string): TokenRecognition {
  if (PAT_PATTERN.test(token)) return { matches: true, kind: 'pat' };
  if (BAT_PATTERN.test(token)) return { matches: true, kind: 'board_token' };
  if (looksLikeJwt(token))
    return {
      matches: true,
      kind: 'jwt',
      warning: `Browser session JWTs expire with the session; prefer a personal access token (${IMBOARD_PAT_PREFIX}…).`,
    };
  if (token.startsWith(IMBOARD_PREFIX_FAMILY)) {
    return {
      matches: false,
      warning: `This starts with ${IMBOARD_PREFIX_FAMILY} but is neither a personal (${IMBOARD_PAT_PREFIX}) nor a board (${IMBOARD_BAT_PREFIX}) token, or it is cut short.`,
    };
  }
  const foreign = foreignTokenPrefix(token, 'imboard');
  if (foreign)
    return { matches: false, warning: `This looks like ${describeTokenPrefix(foreign)}, not an I'mBoard token.` };
  return {
    matches: false,
    warning: `I'mBoard tokens start with ${IMBOARD_PAT_PREFIX} (personal) or ${IMBOARD_BAT_PREFIX} (board).`,
  };
}

/** I'mBoard: Bearer PAT / board token / browser JWT against app.imboard.ai/api/v1 (seed 004). */
export const provider: Provider = {
  id: 'imboard',
  displayName: "I'mBoard",
  connectionFields: [],
  authKinds: ['token'],
  credentialHelp: {
    whereToGet: `Personal access token: ${PAT_MANAGE} → Create Token. Board access token (one board): ${BAT_MANAGE} → Create board access token.`,
    tips: [
      'Choose the Read only preset unless the assistant should change things; read and write are separate scopes.',
      'A board access token reaches exactly one board and is read-only by default: the safest choice for a shared board assistant.',
      'The token is shown only once: paste it straight into Bridgekeeper.',
    ],
    placeholder: `${IMBOARD_PAT_PREFIX}… or ${IMBOARD_BAT_PREFIX}…`,
  },
  scopes: IMBOARD_SCOPES,
  grantHint: (scope) =>
    `Create a token with ${scope} in ${PAT_MANAGE} (or, for a board token, ask a board admin in ${BAT_MANAGE}); read and write are separate scopes.`,
  recognizeToken: recognizeImboardToken,
  effectiveScopes: imboardEffectiveScopes,
  apiBaseUrl: imboardBaseUrl,
  authHeaders: imboardAuthHeaders,
  mcpEndpoint: (connection) => (connection.baseUrl ? `${new URL(connection.baseUrl).origin}/api/mcp` : IMBOARD_MCP_URL),
  mcpToolScopes: (toolName) => {
    const route = (ROUTES as Record<string, { scope: string | null } | undefined>)[toolName];
    return route ? (route.scope ? [route.scope] : []) : undefined;
  },
  // The route → scope table the seed refers to is not part of it: every mapping is assumed (never refused locally).
  mcpToolScopeBasis: () => 'assumed',
  whoami: imboardWhoami,
  tools: imboardToolsFor,
  callTool: callImboardTool,
};
