import { IMBOARD_BAT_PREFIX, IMBOARD_PAT_PREFIX } from './token-facts.js';
import { decodeJwtClaimsUnverified, jwtExpiry } from '../../util/jwt-claims.js';
import { UpstreamError } from '../../errors.js';
import { maskSecret } from '../../secrets/mask.js';
import type { ProviderContext, Whoami } from '../types.js';
import { BAT_MANAGE, IMBOARD_HOST, PAT_MANAGE, WHOAMI_PATH, WhoamiBodySchema, type WhoamiBody } from './api-surface.js';
import { imboardBaseUrl, imboardRequest } from './request.js';
import { BOARD_TOKEN_READ_PRESET, describeImboardScope } from './scopes.js';

/** Calls `GET /api/v1/whoami` and validates it against the three documented shapes. */
export async function fetchImboardWhoami(ctx: ProviderContext): Promise<WhoamiBody> {
  const response = await imboardRequest(ctx, { method: 'GET', path: WHOAMI_PATH, error: { operation: 'whoami' } });
  const parsed = WhoamiBodySchema.safeParse(response.body);
  if (!parsed.success) {
    throw new UpstreamError(
      'bad_response',
      "I'mBoard answered whoami with data Bridgekeeper does not understand.",
      'Check the connection points at app.imboard.ai; if it does, update Bridgekeeper.',
      { status: response.status },
    );
  }
  return parsed.data;
}

/** Normalises I'mBoard's whoami (api_token / board_token / jwt) into Bridgekeeper's `Whoami`. */
export async function imboardWhoami(ctx: ProviderContext): Promise<Whoami> {
  let body: WhoamiBody;
  try {
    body = await fetchImboardWhoami(ctx);
  } catch (error) {
    // The seed: any authenticated principal can introspect itself, so a board's billing state must not block an add.
    if (error instanceof UpstreamError && error.kind === 'billing_restricted') return billingRestrictedWhoami(ctx);
    throw error;
  }
  const base = {
    service: 'imboard',
    serviceName: "I'mBoard",
    host: ctx.connection.baseUrl ? new URL(imboardBaseUrl(ctx.connection)).host : IMBOARD_HOST,
    context: [],
    ...(ctx.secret ? { maskedToken: maskSecret(ctx.secret) } : {}),
    missingScopes: [],
    checkedAt: new Date().toISOString(),
  };
  const scopesOf = (list: string[]) =>
    list.map((scope) => ({
      scope,
      provenance: 'server' as const,
      ...(describeImboardScope(scope) ? { description: describeImboardScope(scope) } : {}),
    }));
  const nameNote = (name?: string) => (name ? [`Token name: ${name}.`] : []);
  const readOnly = (list: string[]) => list.length > 0 && list.every((s) => s.endsWith(':read'));
  switch (body.authType) {
    case 'api_token':
      return {
        ...base,
        principal: { type: 'user', id: body.userId, email: body.email },
        tokenKind: 'pat',
        tokenKindLabel: 'Personal access token (acts as you)',
        scopes: scopesOf(body.scopes),
        expiresAt: body.expiresAt ?? null,
        flags: {},
        notes: [
          ...nameNote(body.tokenName),
          readOnly(body.scopes)
            ? 'Read-only: write tools will be refused.'
            : 'Read and write are separate scopes (boards:write does not imply boards:read).',
          `Manage or revoke it in ${PAT_MANAGE}.`,
        ],
      };
    case 'board_token': {
      const isPreset =
        body.scopes.length === BOARD_TOKEN_READ_PRESET.length &&
        BOARD_TOKEN_READ_PRESET.every((s) => body.scopes.includes(s));
      return {
        ...base,
        principal: { type: 'board', id: body.boardId, name: body.boardName },
        tokenKind: 'board_token',
        tokenKindLabel: 'Board access token (one board, no user)',
        scopes: scopesOf(body.scopes),
        expiresAt: body.expiresAt ?? null,
        flags: { boardPinned: true },
        notes: [
          ...nameNote(body.tokenName),
          `Pinned to the board "${body.boardName}" (${body.boardId}): other boards answer 404 and account-level routes 403.`,
          isPreset
            ? 'Read-only preset: write tools will be refused.'
            : readOnly(body.scopes)
              ? 'Read-only: write tools will be refused.'
              : 'Read & write preset (never board create/delete).',
          `Manage or revoke it in ${BAT_MANAGE}.`,
        ],
      };
    }
    case 'jwt': {
      const claims = ctx.secret ? decodeJwtClaimsUnverified(ctx.secret) : undefined;
      const expiresAt = claims ? jwtExpiry(claims) : undefined;
      return {
        ...base,
        principal: { type: 'user', id: body.userId, email: body.email },
        tokenKind: 'jwt',
        tokenKindLabel: 'Browser session JWT',
        scopes: [],
        ...(expiresAt ? { expiresAt } : {}),
        flags: {},
        notes: [
          'Browser session JWTs expire with the session and cannot be managed; prefer a personal access token for assistants.',
          ...(expiresAt ? ['The expiry comes from the JWT claims, decoded WITHOUT verification (unverified).'] : []),
          "I'mBoard does not report scopes for a session JWT: it acts with your role's permissions.",
        ],
      };
    }
  }
}

/**
 * whoami answered 403 BILLING_RESTRICTED: the token authenticated (a bad token is 401), so the connection is added;
 * who it is stays unknown until whoami answers, and the board's calls will be refused until its billing is resolved.
 */
function billingRestrictedWhoami(ctx: ProviderContext): Whoami {
  const kind = ctx.secret?.startsWith(IMBOARD_BAT_PREFIX)
    ? 'board_token'
    : ctx.secret?.startsWith(IMBOARD_PAT_PREFIX)
      ? 'pat'
      : 'jwt';
  return {
    service: 'imboard',
    serviceName: "I'mBoard",
    host: ctx.connection.baseUrl ? new URL(imboardBaseUrl(ctx.connection)).host : IMBOARD_HOST,
    principal: { type: kind === 'board_token' ? 'board' : 'user' },
    context: [],
    ...(ctx.secret ? { maskedToken: maskSecret(ctx.secret) } : {}),
    tokenKind: kind,
    tokenKindLabel:
      kind === 'board_token'
        ? 'Board access token (one board, no user)'
        : kind === 'pat'
          ? 'Personal access token (acts as you)'
          : 'Browser session JWT',
    scopes: [],
    missingScopes: [],
    flags: kind === 'board_token' ? { boardPinned: true } : {},
    notes: [
      "I'mBoard answered whoami with BILLING_RESTRICTED: the token is accepted, but a board's billing state blocks operations. Who the token is and its scopes are not known yet; check again once a board owner has resolved the billing.",
    ],
    checkedAt: new Date().toISOString(),
  };
}
