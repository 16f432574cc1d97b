import { z } from 'zod';
import { ConnectionStateSchema } from '../contract/views.js';

/** Services Bridgekeeper knows. `remote-mcp` is any Streamable-HTTP MCP server. */
export const PROVIDER_IDS = ['sessionboard', 'sessions-website', 'session-services', 'imboard', 'remote-mcp'] as const;
export const ProviderIdSchema = z.enum(PROVIDER_IDS);
export type ProviderId = z.infer<typeof ProviderIdSchema>;

/** How the connection authenticates: a pasted token, an OAuth grant, a tenant id alone, or nothing. */
export const AuthKindSchema = z.enum(['token', 'oauth', 'tenant', 'none']);
export type AuthKind = z.infer<typeof AuthKindSchema>;

/** Per-connection policies the gateway enforces. */
export const PoliciesSchema = z.object({
  readOnly: z.boolean().default(false),
  disabledTools: z.array(z.string()).default([]),
  confirmWrites: z.boolean().default(false),
  redactPii: z.boolean().default(false),
  /** Offer tools the token certainly cannot use (server-reported or learned missing scopes); off (absent) by default. */
  showUnusableTools: z.boolean().optional(),
});
export type Policies = z.infer<typeof PoliciesSchema>;

/** A scope the service refused at call time (a 403 we learned from). */
export const LearnedGapSchema = z.object({
  scope: z.string(),
  tool: z.string(),
  at: z.string(),
});
export type LearnedGap = z.infer<typeof LearnedGapSchema>;

/** States of a connection's health this version knows: the contract's own list (one home for both). */
export { ConnectionStateSchema };

/**
 * Health of the connection as last seen by any process. A state written by a newer Bridgekeeper reads as
 * `unchecked` here (and stays as written on disk until this version records a status itself).
 */
export const ConnectionStatusSchema = z.object({
  state: ConnectionStateSchema.catch('unchecked'),
  reason: z.string().optional(),
  at: z.string().optional(),
});
export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>;

/** Non-secret facts shown in lists and the whoami panel. Values are plain scalars so they are safe to display. */
export const MetadataSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

/** One connected account. Never holds a secret: secrets live in the keychain under `secretAccount(id)`. */
export const ConnectionSchema = z.object({
  id: z.string().regex(/^c_[a-z0-9]{8,}$/),
  label: z.string().min(1).max(64),
  provider: ProviderIdSchema,
  region: z.enum(['us', 'eu']).optional(),
  baseUrl: z.string().url().optional(),
  authKind: AuthKindSchema,
  enabled: z.boolean().default(true),
  metadata: MetadataSchema.default({}),
  declaredScopes: z.array(z.string()).default([]),
  /** Scopes the service itself reported (whoami, OAuth token response). */
  serverScopes: z.array(z.string()).optional(),
  /**
   * Scopes expected but not reported by the service (unverified JWT claims, documented defaults the service never
   * confirmed). Shown as "expected"; never used to refuse a call.
   */
  expectedScopes: z.array(z.string()).optional(),
  learnedGaps: z.array(LearnedGapSchema).default([]),
  policies: PoliciesSchema.default({ readOnly: false, disabledTools: [], confirmWrites: false, redactPii: false }),
  status: ConnectionStatusSchema.default({ state: 'unchecked' }),
  lastUsedAt: z.string().optional(),
  createdAt: z.string(),
  /** When the configuration last changed (routine bookkeeping: status, last use, learned gaps, leaves it). */
  updatedAt: z.string(),
});
export type Connection = z.infer<typeof ConnectionSchema>;

/** The whole store file. `revision` increases on every write (cheap change detection for watchers). */
export const STORE_SCHEMA_VERSION = 1;
export const StoreFileSchema = z.object({
  schemaVersion: z.literal(STORE_SCHEMA_VERSION),
  revision: z.number().int().nonnegative(),
  connections: z.array(ConnectionSchema),
});
export type StoreFile = z.infer<typeof StoreFileSchema>;

/** An empty store. */
export function emptyStore(): StoreFile {
  return { schemaVersion: STORE_SCHEMA_VERSION, revision: 0, connections: [] };
}
