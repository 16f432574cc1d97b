/**
 * The I'mBoard simulator's behaviour, shared by its REST routes and its MCP endpoint: authentication (PAT, board
 * token, browser JWT), the documented error codes, scope checks (read and write independent), board pinning for
 * board tokens (other boards → 404, account routes → 403), billing restriction and roles.
 */
import crypto from 'node:crypto';
import type { ImboardState, SimUser } from './imboard-data.js';

export interface SimPrincipal {
  kind: 'pat' | 'bat' | 'jwt';
  scopes: Set<string> | 'role';
  user?: SimUser;
  boardId?: string;
  tokenName?: string;
  expiresAt?: string | null;
}
export interface SimResult {
  status: number;
  body: unknown;
}

export const err = (status: number, code: string, message: string): SimResult => ({
  status,
  body: { error: { code, message } },
});

/** Signs and verifies the simulator's browser-session JWTs (HS256). */
export function jwtCodec(key: Buffer) {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return {
    sign(claims: Record<string, unknown>): string {
      const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
      return `${body}.${crypto.createHmac('sha256', key).update(body).digest('base64url')}`;
    },
    verify(token: string): Record<string, unknown> | undefined {
      const [h, p, s] = token.split('.');
      if (!h || !p || !s) return undefined;
      const expected = crypto.createHmac('sha256', key).update(`${h}.${p}`).digest();
      const given = Buffer.from(s, 'base64url');
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return undefined;
      return JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
    },
  };
}

/** Authenticates an Authorization header: a principal, or the documented 401/403 error. */
export function authenticate(
  state: ImboardState,
  verifyJwt: (t: string) => Record<string, unknown> | undefined,
  header: string | undefined,
): SimPrincipal | SimResult {
  const token = header ? /^Bearer ([^\s]+)$/.exec(header)?.[1] : undefined;
  if (!token) return err(401, 'UNAUTHENTICATED', 'No token provided or header format is invalid');
  let principal: SimPrincipal;
  if (token.split('.').length === 3) {
    const claims = verifyJwt(token);
    if (!claims) return err(401, 'INVALID_API_TOKEN', 'Token not found');
    if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now())
      return err(401, 'INVALID_API_TOKEN', 'Token has expired');
    const user = state.users.find((u) => u.id === claims.sub);
    if (!user) return err(401, 'INVALID_API_TOKEN', 'Token not found');
    principal = { kind: 'jwt', scopes: 'role', user };
  } else {
    const record = state.tokens.get(token);
    if (!record) return err(401, 'INVALID_API_TOKEN', 'Token not found');
    if (record.revoked) return err(401, 'INVALID_API_TOKEN', 'Token has been revoked');
    if (record.expiresAt && Date.parse(record.expiresAt) <= Date.now())
      return err(401, 'INVALID_API_TOKEN', 'Token has expired');
    const user = record.userId ? state.users.find((u) => u.id === record.userId) : undefined;
    principal = {
      kind: record.kind,
      scopes: new Set(record.scopes),
      ...(user ? { user } : {}),
      ...(record.boardId ? { boardId: record.boardId } : {}),
      tokenName: record.name,
      expiresAt: record.expiresAt,
    };
  }
  if (principal.user?.status === 'suspended') return err(403, 'ACCOUNT_SUSPENDED', 'User account is suspended');
  if (principal.user?.status === 'inactive') return err(403, 'ACCOUNT_INACTIVE', 'User account is inactive');
  return principal;
}

/**
 * `GET /whoami`: the three documented shapes. Any principal can introspect itself (seed 004), whatever its board's
 * billing state; `refuseRestricted` makes a board token on a billing-restricted board answer 403 BILLING_RESTRICTED
 * anyway, to prove Bridgekeeper still adds such a connection.
 */
export function whoami(state: ImboardState, p: SimPrincipal, refuseRestricted = false): SimResult {
  if (p.kind === 'jwt')
    return { status: 200, body: { object: 'whoami', authType: 'jwt', userId: p.user!.id, email: p.user!.email } };
  const scopes = [...(p.scopes as Set<string>)];
  if (p.kind === 'bat') {
    const board = state.boards.find((b) => b.id === p.boardId)!;
    if (board.billingRestricted && refuseRestricted)
      return err(403, 'BILLING_RESTRICTED', 'Board billing state blocks this operation');
    return {
      status: 200,
      body: {
        object: 'whoami',
        authType: 'board_token',
        boardId: board.id,
        boardName: board.name,
        scopes,
        tokenName: p.tokenName,
        expiresAt: p.expiresAt,
      },
    };
  }
  return {
    status: 200,
    body: {
      object: 'whoami',
      authType: 'api_token',
      userId: p.user!.id,
      email: p.user!.email,
      scopes,
      tokenName: p.tokenName,
      expiresAt: p.expiresAt,
    },
  };
}

export type OperationName =
  | 'get_me'
  | 'list_boards'
  | 'get_board'
  | 'list_meetings'
  | 'get_meeting'
  | 'create_meeting'
  | 'update_meeting'
  | 'list_documents'
  | 'get_document'
  | 'create_document'
  | 'list_reports'
  | 'list_notifications'
  | 'list_audit_events'
  | 'list_functions'
  | 'get_portfolio';
const SCOPE: Record<OperationName, string | null> = {
  get_me: null,
  get_document: 'documents:read',
  list_functions: 'functions:read',
  list_boards: 'boards:read',
  get_board: 'boards:read',
  list_meetings: 'meetings:read',
  get_meeting: 'meetings:read',
  create_meeting: 'meetings:write',
  update_meeting: 'meetings:write',
  list_documents: 'documents:read',
  create_document: 'documents:write',
  list_reports: 'reports:read',
  list_notifications: 'notifications:read',
  list_audit_events: 'audit:read',
  get_portfolio: 'portfolio:read',
};
const ACCOUNT_LEVEL = new Set<OperationName>(['get_me', 'list_boards', 'get_portfolio']);

/** Runs one operation for a principal with every documented rule applied in order. */
export function operate(
  state: ImboardState,
  p: SimPrincipal,
  op: OperationName,
  params: { boardId?: string; meetingId?: string; documentId?: string },
  body: Record<string, unknown> = {},
): SimResult {
  const scope = SCOPE[op];
  const write = scope?.endsWith(':write') ?? false;
  if (p.kind === 'bat' && ACCOUNT_LEVEL.has(op))
    return err(403, 'FORBIDDEN', 'Board access tokens cannot be used on account-level or portfolio routes');
  if (scope && p.scopes !== 'role' && !p.scopes.has(scope))
    return err(403, 'FORBIDDEN', `Token is missing the required scope ${scope}`);
  if (op === 'get_me') return { status: 200, body: { id: p.user!.id, email: p.user!.email, name: p.user!.name } };
  const visible = state.boards.filter((b) => (p.kind === 'bat' ? b.id === p.boardId : Boolean(p.user?.roles[b.id])));
  if (op === 'list_boards')
    return { status: 200, body: { data: visible.map((b) => ({ id: b.id, name: b.name, role: p.user?.roles[b.id] })) } };
  if (op === 'get_portfolio')
    return {
      status: 200,
      body: {
        data: {
          boards: visible.length,
          upcomingMeetings: state.meetings.filter((m) => visible.some((b) => b.id === m.boardId)).length,
        },
      },
    };
  const board = visible.find((b) => b.id === params.boardId);
  if (!board) return err(404, 'RESOURCE_NOT_FOUND', 'Resource not found');
  if (board.billingRestricted) return err(403, 'BILLING_RESTRICTED', 'Board billing state blocks this operation');
  if (write && p.kind !== 'bat' && p.user?.roles[board.id] === 'viewer')
    return err(403, 'FORBIDDEN', 'Your role on this board does not allow this action');
  const on = <T extends { boardId: string }>(rows: T[]) => rows.filter((r) => r.boardId === board.id);
  switch (op) {
    case 'get_board':
      return {
        status: 200,
        body: {
          data: {
            id: board.id,
            name: board.name,
            members: state.users
              .filter((u) => u.roles[board.id])
              .map((u) => ({ name: u.name, role: u.roles[board.id] })),
          },
        },
      };
    case 'list_meetings':
      return { status: 200, body: { data: on(state.meetings) } };
    case 'list_documents':
      return { status: 200, body: { data: on(state.documents) } };
    case 'list_reports':
      return { status: 200, body: { data: on(state.reports) } };
    case 'list_notifications':
      return { status: 200, body: { data: on(state.notifications) } };
    case 'list_audit_events':
      return { status: 200, body: { data: on(state.audit) } };
    case 'list_functions':
      return { status: 200, body: { data: on(state.functions) } };
    case 'get_document': {
      const doc = on(state.documents).find((d) => d.id === params.documentId);
      return doc ? { status: 200, body: { data: doc } } : err(404, 'RESOURCE_NOT_FOUND', 'Resource not found');
    }
    case 'get_meeting':
    case 'update_meeting': {
      const meeting = on(state.meetings).find((m) => m.id === params.meetingId);
      if (!meeting) return err(404, 'RESOURCE_NOT_FOUND', 'Resource not found');
      if (op === 'update_meeting')
        for (const k of ['title', 'startsAt', 'location', 'status']) if (body[k] !== undefined) meeting[k] = body[k];
      return { status: 200, body: { data: meeting } };
    }
    case 'create_meeting': {
      if (typeof body.title !== 'string' || typeof body.startsAt !== 'string')
        return err(400, 'VALIDATION_ERROR', 'title and startsAt are required');
      const meeting = {
        id: `mtg_${crypto.randomBytes(4).toString('hex')}`,
        boardId: board.id,
        title: body.title,
        startsAt: body.startsAt,
        location: body.location ?? null,
        status: 'scheduled',
        agenda: [],
      };
      state.meetings.push(meeting);
      return { status: 201, body: { data: meeting } };
    }
    case 'create_document': {
      if (typeof body.title !== 'string' || typeof body.content !== 'string')
        return err(400, 'VALIDATION_ERROR', 'title and content are required');
      const doc = {
        id: `doc_${crypto.randomBytes(4).toString('hex')}`,
        boardId: board.id,
        title: body.title,
        content: body.content,
        folder: body.folder ?? 'Unfiled',
        updatedAt: new Date().toISOString(),
      };
      state.documents.push(doc);
      return { status: 201, body: { data: doc } };
    }
  }
}
