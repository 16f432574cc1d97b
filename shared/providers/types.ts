import { z } from 'zod';
import type { Connection, ProviderId } from '../connections/model.js';
import { type ConnectionField, type ScopeProvenanceSchema, WhoamiViewSchema } from '../contract/views.js';
import type { UpstreamError } from '../errors.js';
import type { HttpClient } from '../net/http-client.js';
import type { McpHttpFailure } from '../upstream-mcp/http-failure.js';

export type { McpHttpFailure } from '../upstream-mcp/http-failure.js';

export { ScopeProvenanceSchema } from '../contract/views.js';
/** Where a granted scope came from (defined once, in the contract: `ScopeProvenanceSchema`). */
export type ScopeProvenance = z.infer<typeof ScopeProvenanceSchema>;

/**
 * A fact a connection needs besides its credential: the wizard's fields (`ConnectionField`) and a remote MCP
 * server's header name. Checked by `use-cases/connection-fields.ts` for the CLI and the app alike.
 */
export type ConnectionFieldName = ConnectionField | 'headerName';

/** One scope in a service's vocabulary, with words a person understands. */
export interface ScopeInfo {
  id: string;
  description: string;
  access: 'read' | 'write' | 'admin';
}

/** The principal a token acts as. */
export const PrincipalSchema = z.object({
  type: z.enum(['user', 'org', 'business', 'board', 'tenant', 'service']),
  id: z.string().optional(),
  name: z.string().optional(),
  email: z.string().optional(),
});
export type Principal = z.infer<typeof PrincipalSchema>;

/**
 * The normalized answer to "who is this token?", the same shape for every service: the whoami panel's
 * `WhoamiViewSchema` (the one definition of the shared fields) with what only the core keeps (typed principals,
 * defaults, whether the service reported its scope list, the learned provenance of missing scopes).
 */
export const WhoamiSchema = WhoamiViewSchema.extend({
  principal: PrincipalSchema,
  /** Other identities worth showing (the org of a user, the business of a key). */
  context: z.array(PrincipalSchema).default([]),
  /**
   * True when the service itself reported the token's scope list, even if that list is empty (so "no scopes" is
   * a fact, not a gap in our knowledge). Optional: when absent, any `server` scope counts as a report.
   */
  scopesReported: z.boolean().optional(),
  /** Scopes known to be missing (learned from 403s). */
  missingScopes: z
    .array(z.object({ scope: z.string(), provenance: z.literal('learned'), tool: z.string().optional() }))
    .default([]),
  /** Caveats a person should read (e.g. "JWT claims are unverified"). */
  notes: z.array(z.string()).default([]),
});
export type Whoami = z.infer<typeof WhoamiSchema>;

/** JSON Schema for a tool's input (MCP `inputSchema`). */
export type JsonSchemaObject = {
  type: 'object';
  properties?: Record<string, unknown>;
  required?: string[];
  additionalProperties?: boolean;
  [k: string]: unknown;
};

/** One tool a provider offers for its API. */
export interface ToolDefinition {
  /** snake_case, unique within the provider, e.g. `list_sessions`. */
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchemaObject;
  access: 'read' | 'write';
  /** Deletes or irreversibly changes data. */
  destructive?: boolean;
  /** Scopes the call needs; may depend on arguments (e.g. Sessionboard `manage_*` `action`). Empty = none. */
  requiredScopes: (args: Record<string, unknown>) => string[];
  /**
   * Whether the tool → scope mapping is stated by the service's documentation (default) or assumed by Bridgekeeper.
   * An assumed requirement never refuses a call locally: the tool matrix shows it as "expected (assumed)", the call
   * is forwarded, and the service's own 403 teaches the gateway (a learned gap is evidence).
   */
  scopeBasis?: 'documented' | 'assumed';
}

/** What a tool call returns before the gateway shapes it for MCP. */
export interface ToolOutput {
  /** JSON-serialisable data. */
  data: unknown;
  /** Upstream HTTP status, for the audit log. */
  status?: number;
}

/** Everything a provider needs to talk to its service for one connection. */
export interface ProviderContext {
  connection: Connection;
  /** The secret (token) or null for tenant-only/none connections. Never log it. */
  secret: string | null;
  http: HttpClient;
  signal?: AbortSignal;
}

/** What a token's shape alone tells us. */
export interface TokenRecognition {
  /** The token looks like one this provider issues. */
  matches: boolean;
  /** e.g. 'pat', 'board_token', 'jwt', 'sk_live', 'api_token'. */
  kind?: string;
  /** Said to the user when the token looks like another service's, or malformed. */
  warning?: string;
}

/** Help text for the add-connection wizard and CLI, taken from the service's documentation. */
export interface CredentialHelp {
  /** Where in the service's UI to create the credential. */
  whereToGet: string;
  /** Extra advice (e.g. enable MCP Access + read:insights, keep Hide PII on). */
  tips: string[];
  /** Placeholder showing the token format. */
  placeholder: string;
}

/**
 * A service Bridgekeeper connects to. One folder per provider under `shared/providers/<id>/` holds every fact
 * about that service (hosts, headers, token formats, scopes, errors, tools). Nothing else hard-codes them.
 */
export interface Provider {
  id: ProviderId;
  displayName: string;
  /** Auth kinds a connection of this provider may use. */
  authKinds: Connection['authKind'][];
  regions?: Array<{ id: 'us' | 'eu'; label: string }>;
  /** What a connection needs besides its credential (region, business handle, tenant id, server URL, header name). */
  connectionFields: readonly ConnectionFieldName[];
  credentialHelp: CredentialHelp;
  scopes: ScopeInfo[];
  /** Where a missing scope is granted, in the service's own words (for refusals and the UI). */
  grantHint(scope: string): string;
  recognizeToken(token: string): TokenRecognition;
  /**
   * Scopes the service itself vouches for (reported by it, or implied by a rule its documents state: FULL → all;
   * legacy empty list → all reads …). `undefined` = unknown. Never the person's declaration or unverified token
   * claims: only these scopes may refuse a call locally.
   */
  effectiveScopes(connection: Connection): Set<string> | undefined;
  /**
   * Scopes the person declared or an unverified token claims (`declaredScopes`, `expectedScopes`), expanded with the
   * provider's implications; `undefined` when there are none. Shown and used to predict ("expected to lack X"),
   * never to refuse. Optional: without it the listed scopes are taken as they are.
   */
  expectedScopes?(connection: Connection): Set<string> | undefined;
  /** The API base URL this connection talks to (after region/handle/baseUrl). */
  apiBaseUrl(connection: Connection): string;
  /** Headers that carry the credential for this connection (sent only to its own origin). */
  authHeaders(connection: Connection, secret: string | null): Record<string, string>;
  /**
   * The service's own MCP endpoint, when it has one (Sessionboard, sessions.website, I'mBoard). A connection with
   * `metadata.mode === 'mcp'` is served by re-exposing that endpoint's tools instead of the provider's API tools.
   */
  mcpEndpoint?(connection: Connection): string | undefined;
  /** Scopes an upstream MCP tool needs, when the service documents it (e.g. Sessionboard MCP: read:insights). */
  mcpToolScopes?(toolName: string, args: Record<string, unknown>): string[] | undefined;
  /** Whether `mcpToolScopes` for this tool is documented or assumed (default documented); see `ToolDefinition.scopeBasis`. */
  mcpToolScopeBasis?(toolName: string): 'documented' | 'assumed';
  /**
   * Maps a failed HTTP response (already read: status, parsed JSON body or text, headers) from this provider's own MCP
   * endpoint to a typed error, when the service documents its MCP errors (e.g. Sessionboard's 403 naming which MCP
   * prerequisite is off → `mcp_access_disabled`). `undefined` = use the generic remote-MCP mapping.
   */
  mapMcpHttpError?(response: McpHttpFailure): UpstreamError | undefined;
  /**
   * Refuses (throws an `InputError`), when a connection is added, a combination the service's documents rule out,
   * before anything is stored or sent (e.g. sessions.website: an API key with `--mode mcp`). Optional.
   */
  checkNewConnection?(connection: Connection): void;
  whoami(ctx: ProviderContext): Promise<Whoami>;
  tools(connection: Connection): ToolDefinition[];
  callTool(ctx: ProviderContext, tool: string, args: Record<string, unknown>): Promise<ToolOutput>;
}
