import { z } from 'zod';

/**
 * JSON-safe, secret-free shapes the renderer sees. They mirror the core's models but are declared here (with
 * only `zod` as a dependency) so the renderer bundle never pulls in Node code. Objects are `z.object` (unknown
 * keys are stripped), so a field the core adds later can never leak through the contract by accident.
 */

export const SERVICE_IDS = ['sessionboard', 'sessions-website', 'session-services', 'imboard', 'remote-mcp'] as const;
export const ServiceIdSchema = z.enum(SERVICE_IDS);
export type ServiceId = z.infer<typeof ServiceIdSchema>;

export const RegionSchema = z.enum(['us', 'eu']);
export const AuthKindViewSchema = z.enum(['token', 'oauth', 'tenant', 'none']);

/** Extra facts the wizard asks for, per service. */
export const ConnectionFieldSchema = z.enum(['region', 'handle', 'tenantId', 'url']);
export type ConnectionField = z.infer<typeof ConnectionFieldSchema>;

/** A service as the wizard shows it: help texts come from the provider's `credentialHelp` (the seed docs). */
export const ServiceInfoSchema = z.object({
  id: ServiceIdSchema,
  displayName: z.string(),
  authKinds: z.array(AuthKindViewSchema),
  regions: z.array(z.object({ id: RegionSchema, label: z.string() })),
  fields: z.array(ConnectionFieldSchema),
  /** True when a token is optional (Session Services: tenant id alone reads public data). */
  tokenOptional: z.boolean(),
  credentialHelp: z.object({ whereToGet: z.string(), tips: z.array(z.string()), placeholder: z.string() }),
  scopes: z.array(z.object({ id: z.string(), description: z.string(), access: z.enum(['read', 'write', 'admin']) })),
});
export type ServiceInfo = z.infer<typeof ServiceInfoSchema>;

export const ConnectionStateSchema = z.enum([
  'ok',
  'unchecked',
  'needs_sign_in',
  'expired',
  'revoked',
  'invalid',
  'suspended',
  'keychain_locked',
  'error',
]);
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;

/** One row of the Connections screen. `maskedToken` is already masked by the core. */
export const ConnectionSummarySchema = z.object({
  id: z.string(),
  label: z.string(),
  service: ServiceIdSchema,
  serviceName: z.string(),
  authKind: AuthKindViewSchema,
  region: RegionSchema.optional(),
  place: z.string().optional(),
  /** The non-secret "where" facts, for the edit form: business handle, tenant id, MCP server URL and header name. */
  target: z
    .object({
      handle: z.string().optional(),
      tenantId: z.string().optional(),
      url: z.string().optional(),
      headerName: z.string().optional(),
    })
    .optional(),
  principalName: z.string().optional(),
  principalType: z.string().optional(),
  tokenKind: z.string().optional(),
  maskedToken: z.string().optional(),
  status: z.object({ state: ConnectionStateSchema, reason: z.string().optional(), at: z.string().optional() }),
  lastUsedAt: z.string().optional(),
  createdAt: z.string(),
  /**
   * Scopes the service refused before, per tool: those tools are refused locally (and not offered) until the person
   * chooses "Try these tools again" (`forgetRefusals`) or a service that reports scopes says they are granted.
   */
  learnedRefusals: z.array(z.object({ scope: z.string(), tool: z.string(), at: z.string() })).optional(),
  policies: z.object({
    readOnly: z.boolean(),
    confirmWrites: z.boolean(),
    redactPii: z.boolean(),
    showUnusableTools: z.boolean().optional(),
    disabledTools: z.array(z.string()),
  }),
});
export type ConnectionSummary = z.infer<typeof ConnectionSummarySchema>;

/**
 * Where a granted scope came from. `server` and `learned` are the service's word (a local refusal may rest on
 * them); `declared` (the person's own declaration) and `expected` (unverified JWT claims, a default the document
 * implies but the service never confirmed) are not: shown to the person and used to predict, never used to refuse a
 * call. The core's `providers/types.ts` re-exports this one definition.
 */
export const ScopeProvenanceSchema = z.enum(['server', 'declared', 'learned', 'expected']);

const PrincipalViewSchema = z.object({
  type: z.string(),
  id: z.string().optional(),
  name: z.string().optional(),
  email: z.string().optional(),
});

/** Facts about a credential shown as flags (the core's `Whoami` uses this same schema). */
export const WhoamiFlagsSchema = z.object({
  hidePii: z.boolean().optional(),
  legacyToken: z.boolean().optional(),
  boardPinned: z.boolean().optional(),
  mcpAccess: z.boolean().optional(),
  eventRestrictions: z.array(z.string()).optional(),
  tenantOnly: z.boolean().optional(),
});

/** The whoami panel: who a token is, what it may do, when it ends. */
export const WhoamiViewSchema = z.object({
  service: z.string(),
  serviceName: z.string(),
  host: z.string(),
  region: z.string().optional(),
  principal: PrincipalViewSchema,
  context: z.array(PrincipalViewSchema),
  tokenKind: z.string(),
  tokenKindLabel: z.string(),
  maskedToken: z.string().optional(),
  scopes: z.array(
    z.object({ scope: z.string(), provenance: ScopeProvenanceSchema, description: z.string().optional() }),
  ),
  missingScopes: z.array(z.object({ scope: z.string(), tool: z.string().optional() })),
  expiresAt: z.string().nullable().optional(),
  flags: WhoamiFlagsSchema,
  notes: z.array(z.string()),
  checkedAt: z.string(),
});
export type WhoamiView = z.infer<typeof WhoamiViewSchema>;

/** What a pasted token is, offline. Never the raw token. The core's `TokenIntrospectionSchema` narrows `kind`. */
export const TokenInspectionSchema = z.object({
  kind: z.string(),
  kindLabel: z.string(),
  guessedService: z.string().optional(),
  guessedServiceName: z.string().optional(),
  maskedToken: z.string(),
  length: z.number().int(),
  isSecret: z.boolean(),
  jwt: z
    .object({
      verified: z.literal(false),
      algorithm: z.string().optional(),
      subject: z.string().optional(),
      issuer: z.string().optional(),
      audience: z.array(z.string()),
      scopes: z.array(z.string()),
      issuedAt: z.string().optional(),
      notBefore: z.string().optional(),
      email: z.string().optional(),
    })
    .optional(),
  expiresAt: z.string().nullable().optional(),
  expired: z.boolean().optional(),
  notes: z.array(z.string()),
});
export type TokenInspection = z.infer<typeof TokenInspectionSchema>;

/** One cell of the tool × scope matrix. */
export const ToolRowSchema = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  access: z.enum(['read', 'write']),
  destructive: z.boolean(),
  scope: z.enum(['allowed', 'missing', 'unknown']),
  requiredScopes: z.array(z.string()),
  missingScopes: z.array(z.string()),
  /** The required scopes are Bridgekeeper's assumption, not the service's documentation (the call is forwarded). */
  scopeAssumed: z.boolean().optional(),
  /**
   * Scopes the grant is expected to lack without the service's word for it (an assumed requirement, or a grant only
   * declared or claimed): shown, never refused locally.
   */
  expectedMissing: z.array(z.string()).optional(),
  /**
   * The prediction (`expectedMissing`, or "expected to work") rests on scopes the person declared (`declared`) or on
   * unverified token claims (`expected`), not on scopes the service reported: the call is forwarded either way.
   */
  expectedFrom: z.enum(['declared', 'expected']).optional(),
  /** Where to grant the missing scope, in the service's words. */
  grantHint: z.string().optional(),
  enabled: z.boolean(),
  /** Why it is off, in plain words (read-only mode, turned off by you). */
  disabledReason: z.string().optional(),
  /** Which rule hides it: read_only, disabled (by the person), missing_scope (the token cannot use it), connection_disabled. */
  hiddenBecause: z.enum(['read_only', 'disabled', 'connection_disabled', 'missing_scope']).optional(),
});
export type ToolRow = z.infer<typeof ToolRowSchema>;

export const PoliciesViewSchema = z.object({
  readOnly: z.boolean(),
  confirmWrites: z.boolean(),
  redactPii: z.boolean(),
  /** Offer tools the token certainly cannot use (off when absent). */
  showUnusableTools: z.boolean().optional(),
  disabledTools: z.array(z.string()),
});
export type PoliciesView = z.infer<typeof PoliciesViewSchema>;

/** One audit record as the Activity screen shows it (the audit log itself holds no secrets). */
export const ActivityEntrySchema = z.object({
  at: z.string(),
  connection: z.string().optional(),
  tool: z.string().optional(),
  access: z.enum(['read', 'write']).optional(),
  /** allowed (the call went through), refused (a rule or a missing scope stopped it), error (it failed). */
  outcome: z.string(),
  /** The outcome in plain words ("Went through", "Stopped", "Failed"). */
  outcomeLabel: z.string().optional(),
  /** Why, in plain words (never a raw code), plus the HTTP status and the assistant when known. */
  detail: z.string().optional(),
  /** The assistant that made the call (its MCP client name). */
  client: z.string().optional(),
  durationMs: z.number().optional(),
});
export type ActivityEntry = z.infer<typeof ActivityEntrySchema>;

export const ASSISTANT_IDS = ['claude-desktop', 'claude-code', 'cursor', 'vscode'] as const;
export const AssistantIdSchema = z.enum(ASSISTANT_IDS);
export type AssistantId = z.infer<typeof AssistantIdSchema>;

/** The outcome of writing Bridgekeeper into an assistant's config. */
export const InstallResultSchema = z.object({
  assistant: AssistantIdSchema,
  path: z.string(),
  backupPath: z.string().optional(),
  changed: z.boolean(),
  snippet: z.string(),
  /** How it was done: the config file written (`file`), the assistant's own CLI run (`cli`), or a command to run. */
  route: z.enum(['file', 'cli', 'command']).optional(),
  /** The assistant's own command that ran, or that the person should run (Claude Code: `claude mcp add …`). */
  command: z.string().optional(),
});
export type InstallResult = z.infer<typeof InstallResultSchema>;

/** A one-click fix the app can offer for an error (the core's `ErrorFix`, as data). */
export const ErrorFixSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('switch_region'), region: RegionSchema, regionLabel: z.string() }),
  z.object({ kind: z.literal('use_service'), service: ServiceIdSchema, serviceName: z.string() }),
  z.object({ kind: z.literal('replace_token') }),
  z.object({ kind: z.literal('pick_another_name'), label: z.string(), suggestion: z.string() }),
  z.object({ kind: z.literal('save_anyway') }),
  z.object({ kind: z.literal('sign_in_again') }),
]);
export type ErrorFixView = z.infer<typeof ErrorFixSchema>;

/**
 * A typed failure the UI can show: what happened and what to do next, in the app's words (buttons, not flags),
 * and the one-click fix when there is one. Never a stack or a secret.
 */
export const ErrorPayloadSchema = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string(),
  fix: ErrorFixSchema.optional(),
});
export type ErrorPayload = z.infer<typeof ErrorPayloadSchema>;
