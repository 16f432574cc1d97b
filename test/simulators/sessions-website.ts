/**
 * sessions.website partner-API simulator: `POST /@<handle>/api/graphql` with `Authorization: Bearer sk_live_…`.
 *
 * Businesses: `@acme-yoga` (Acme Yoga Studio, every grant) and `@harbour-climbing` (Harbour Climbing Gym, no
 * purchases:read grant). Keys (`handle.tokens`, see `SESSIONS_WEBSITE_TOKENS`): `acmeFull`, `acmeReadOnly`,
 * `acmeProductsOnly`, `acmeRevoked`, `acmeExpired`, `harbourFull`. A key is refused (403 KEY_BUSINESS_MISMATCH) on
 * another business's handle; fields outside key scopes or business grants answer null + FORBIDDEN errors.
 *
 * Other paths (e.g. `/@<handle>/api/mcp`, `/.well-known/…`) go to `options.extraHandler` when given (the MCP/OAuth
 * simulator mounts there), else 404. Test infrastructure only.
 *
 * Profiles: `assumed` (default) serves everything Bridgekeeper guessed (identity extras `apiKey`,
 * `activeBusiness { handle grantedScopes }`, `reason`/`requiredScope` extensions, 200 + errors for unknown fields).
 * `documented` serves only what seed 002 documents: strict validation like Apollo (an unknown field or argument →
 * HTTP 400 `GRAPHQL_VALIDATION_FAILED`), the query `{ activeBusiness { id name } }` and nothing else (no identity
 * extras, no data fields, no mutations), and refusals with Apollo's standard codes only (no `reason`, no
 * `requiredScope`): a key on another business's handle gets 403 `FORBIDDEN`. With `assumedDataPaths: true` it also
 * serves the data fields and webhook mutations Bridgekeeper assumed behind the six scopes (same strict validation;
 * a field outside the key's scopes or the business's grants answers `null` + `FORBIDDEN`): for tests of those tools.
 */
import type http from 'node:http';
import { readJsonBody, sendJson, startServer } from './sim-server.js';
import {
  SESSIONS_WEBSITE_TOKENS,
  seedBusinesses,
  seedKeys,
  type SimBusiness,
  type SimKey,
} from './sessions-website-data.js';
import { parseOperation, project } from './sessions-website-graphql.js';
import {
  documentedSchema,
  LIST_ROOTS,
  strictSchema,
  reshapeList,
  validationError,
  type ListEnvelope,
} from './sessions-website-schema.js';
import {
  INTROSPECTION_BUSINESS_FIELDS,
  INTROSPECTION_FIELDS,
  MUTATION_FIELDS,
  QUERY_FIELDS,
  SimGraphqlError,
} from './sessions-website-resolvers.js';

export { SESSIONS_WEBSITE_TOKENS } from './sessions-website-data.js';

/** Options for `startSessionsWebsiteSimulator`. */
export interface SessionsWebsiteSimulatorOptions {
  port?: number;
  /** `assumed` (default): Bridgekeeper's guesses served too; `documented`: only the documented surface (see above). */
  profile?: 'assumed' | 'documented';
  /** Documented profile only: also serve the data fields and mutations Bridgekeeper assumed (default false). */
  assumedDataPaths?: boolean;
  /** Documented profile only: how lists are shaped (default Relay `nodes`; `edges`, or `plain` lists without paging). */
  listEnvelope?: ListEnvelope;
  /** Report `apiKey` and `activeBusiness.grantedScopes` (default true); false simulates a server that cannot tell. */
  keyIntrospection?: boolean;
  /** Handles requests that are not `/@<handle>/api/graphql` (return true when handled). */
  extraHandler?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean | Promise<boolean>;
}

/** One received request, for assertions (headers as received, including the Authorization header). */
export interface SessionsWebsiteLogEntry {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  operation?: string;
}

/** A running simulator. */
export interface SessionsWebsiteSimulator {
  url: string;
  profile: 'assumed' | 'documented';
  /** Whether the assumed data fields are served (always on the `assumed` profile; opt-in on `documented`). */
  assumedDataPaths: boolean;
  /** `{ 'business.sessions.website': url }` for `BRIDGEKEEPER_HOST_OVERRIDES`. */
  hostOverrides: Record<string, string>;
  tokens: typeof SESSIONS_WEBSITE_TOKENS;
  /** Business handles served. */
  handles: string[];
  businesses: Map<string, SimBusiness>;
  requests: SessionsWebsiteLogEntry[];
  /** Revokes a key (subsequent requests get 401 KEY_REVOKED). */
  revoke(token: string): void;
  /** Answers the next `count` GraphQL requests with 429 and `Retry-After: retryAfterSeconds`. */
  rateLimit(count: number, retryAfterSeconds: number): void;
  /** Adds latency to every request. */
  setLatency(ms: number): void;
  close(): Promise<void>;
}

/** Starts the sessions.website simulator on 127.0.0.1 (random port unless `options.port`). */
export async function startSessionsWebsiteSimulator(
  options: SessionsWebsiteSimulatorOptions = {},
): Promise<SessionsWebsiteSimulator> {
  const businesses = seedBusinesses();
  const keys = seedKeys();
  const requests: SessionsWebsiteLogEntry[] = [];
  const state = { limited: 0, retryAfter: 1, latencyMs: 0 };
  const documented = options.profile === 'documented';
  const introspection = !documented && (options.keyIntrospection ?? true);
  const envelope: ListEnvelope = documented ? (options.listEnvelope ?? 'nodes') : 'nodes';
  const assumedDataPaths = !documented || options.assumedDataPaths === true;
  const schema = assumedDataPaths ? documentedSchema(envelope) : strictSchema();

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://sim').pathname;
    const entry: SessionsWebsiteLogEntry = { method: req.method ?? 'GET', path, headers: req.headers };
    requests.push(entry);
    if (state.latencyMs > 0) await new Promise((r) => setTimeout(r, state.latencyMs));
    const match = /^\/@([^/]+)\/api\/graphql$/.exec(path);
    if (!match) {
      if (options.extraHandler && (await options.extraHandler(req, res))) return;
      return sendJson(res, 404, { errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
    }
    if (req.method !== 'POST')
      return sendJson(
        res,
        405,
        { errors: [{ message: 'Use POST', extensions: { code: 'BAD_REQUEST' } }] },
        { allow: 'POST' },
      );
    if (state.limited > 0) {
      state.limited--;
      return sendJson(
        res,
        429,
        { errors: [{ message: 'Too many requests', extensions: { code: 'RATE_LIMITED' } }] },
        { 'retry-after': String(state.retryAfter) },
      );
    }
    const handle = decodeURIComponent(match[1]!);
    const business = businesses.get(handle);
    if (!business)
      return sendJson(res, 404, { errors: [{ message: `No business @${handle}`, extensions: { code: 'NOT_FOUND' } }] });
    const auth = authenticate(req.headers.authorization, keys, handle);
    if ('status' in auth) {
      const error = documented
        ? { message: auth.error.message, extensions: { code: auth.error.extensions.code } }
        : auth.error;
      return sendJson(
        res,
        auth.status,
        { errors: [error] },
        auth.status === 401 ? { 'www-authenticate': 'Bearer realm="sessions.website"' } : {},
      );
    }
    const body = (await readJsonBody(req)) as { query?: unknown; variables?: unknown } | null;
    if (!body || typeof body.query !== 'string')
      return sendJson(res, 400, { errors: [{ message: 'Missing query', extensions: { code: 'BAD_REQUEST' } }] });
    const variables =
      body.variables && typeof body.variables === 'object' ? (body.variables as Record<string, unknown>) : {};
    let operation;
    try {
      operation = parseOperation(body.query, variables);
    } catch (error) {
      return sendJson(res, 400, {
        errors: [{ message: (error as Error).message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }],
      });
    }
    entry.operation = operation.selections.map((f) => f.name).join(',');
    if (documented) {
      const invalid = validationError(operation, schema);
      if (invalid)
        return sendJson(res, 400, {
          errors: [{ message: invalid, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }],
        });
    }
    sendJson(res, 200, execute(operation, { business, key: auth.key, introspection, documented, envelope }));
  };
  const server = await startServer((req, res) => {
    handler(req, res).catch((error: unknown) =>
      sendJson(res, 500, { errors: [{ message: String(error), extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }),
    );
  }, options.port);

  return {
    url: server.url,
    profile: documented ? 'documented' : 'assumed',
    assumedDataPaths,
    hostOverrides: { 'business.sessions.website': server.url },
    tokens: SESSIONS_WEBSITE_TOKENS,
    handles: [...businesses.keys()],
    businesses,
    requests,
    revoke: (token) => {
      const key = keys.get(token);
      if (key) key.revoked = true;
    },
    rateLimit: (count, retryAfterSeconds) => Object.assign(state, { limited: count, retryAfter: retryAfterSeconds }),
    setLatency: (ms) => {
      state.latencyMs = ms;
    },
    close: () => server.close(),
  };
}

type AuthResult = { key: SimKey } | { status: number; error: { message: string; extensions: Record<string, unknown> } };

function authenticate(header: string | undefined, keys: Map<string, SimKey>, handle: string): AuthResult {
  const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  const key = token ? keys.get(token) : undefined;
  if (!key)
    return { status: 401, error: { message: 'A valid API key is required.', extensions: { code: 'UNAUTHENTICATED' } } };
  if (key.revoked)
    return {
      status: 401,
      error: { message: 'This API key was revoked.', extensions: { code: 'UNAUTHENTICATED', reason: 'KEY_REVOKED' } },
    };
  if (key.expiresAt && Date.parse(key.expiresAt) < Date.now())
    return {
      status: 401,
      error: { message: 'This API key expired.', extensions: { code: 'UNAUTHENTICATED', reason: 'KEY_EXPIRED' } },
    };
  if (key.handle !== handle)
    return {
      status: 403,
      error: {
        message: 'This API key belongs to another business.',
        extensions: { code: 'FORBIDDEN', reason: 'KEY_BUSINESS_MISMATCH' },
      },
    };
  return { key };
}

function execute(
  operation: ReturnType<typeof parseOperation>,
  ctx: { business: SimBusiness; key: SimKey; introspection: boolean; documented: boolean; envelope: ListEnvelope },
) {
  const fields = operation.kind === 'mutation' ? MUTATION_FIELDS : QUERY_FIELDS;
  const unknown = operation.selections.find(
    (f) => !fields[f.name] || (!ctx.introspection && INTROSPECTION_FIELDS.has(f.name)),
  );
  const unknownNested =
    !ctx.introspection &&
    operation.selections.some(
      (f) => f.name === 'activeBusiness' && f.selections.some((s) => INTROSPECTION_BUSINESS_FIELDS.has(s.name)),
    );
  if (unknown || unknownNested) {
    const name = unknown?.name ?? 'grantedScopes';
    return {
      errors: [
        {
          message: `Cannot query field "${name}" on type "${operation.kind === 'mutation' ? 'Mutation' : 'Query'}".`,
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        },
      ],
    };
  }
  const data: Record<string, unknown> = {};
  const errors: Array<Record<string, unknown>> = [];
  for (const field of operation.selections) {
    const resolver = fields[field.name]!;
    const key = field.alias ?? field.name;
    const scope = resolver.scope;
    if (scope && ctx.documented && !(ctx.key.scopes.includes(scope) && ctx.business.grantedScopes.includes(scope))) {
      data[key] = null;
      errors.push({
        message: `Not authorized to access ${field.name}.`,
        path: [key],
        extensions: { code: 'FORBIDDEN' },
      });
      continue;
    }
    if (scope && !ctx.key.scopes.includes(scope)) {
      data[key] = null;
      errors.push({
        message: `This API key lacks the ${scope} scope.`,
        path: [key],
        extensions: { code: 'FORBIDDEN', requiredScope: scope, reason: 'KEY_SCOPE_MISSING' },
      });
      continue;
    }
    if (scope && !ctx.business.grantedScopes.includes(scope)) {
      data[key] = null;
      errors.push({
        message: `The business does not have the ${scope} grant.`,
        path: [key],
        extensions: { code: 'FORBIDDEN', requiredScope: scope, reason: 'BUSINESS_GRANT_MISSING' },
      });
      continue;
    }
    try {
      data[key] = project(reshape(field.name, resolver.resolve(field.args, ctx), ctx.envelope), field.selections);
    } catch (error) {
      if (!(error instanceof SimGraphqlError)) throw error;
      data[key] = null;
      errors.push({ message: error.message, path: [key], extensions: error.extensions });
    }
  }
  return errors.length > 0 ? { data, errors } : { data };
}

/** Serves a resolved value in the configured list envelope (lists at the root and a webhook's deliveries). */
function reshape(root: string, value: unknown, envelope: ListEnvelope): unknown {
  if (envelope === 'nodes') return value;
  if (LIST_ROOTS.has(root)) return reshapeList(value, envelope);
  const record = value as Record<string, unknown> | null;
  if (record && typeof record.deliveries === 'function') {
    const deliveries = record.deliveries as (args: Record<string, unknown>) => unknown;
    return { ...record, deliveries: (args: Record<string, unknown>) => reshapeList(deliveries(args), envelope) };
  }
  return value;
}
