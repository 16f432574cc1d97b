import { z } from 'zod';

/** What was asked of the gateway: a tool call, a prompt get or a resource read. */
export const AuditKindSchema = z.enum(['tool', 'prompt', 'resource']);
export type AuditKind = z.infer<typeof AuditKindSchema>;

/** Outcome of one gateway tool call (or prompt get, or resource read). */
export const AuditOutcomeSchema = z.enum(['allowed', 'refused', 'error']);
export type AuditOutcome = z.infer<typeof AuditOutcomeSchema>;

/**
 * One line of the audit log (`<home>/audit/activity.jsonl`). Never holds secrets or argument values: only the
 * argument *names* are recorded, so personal data passed to a tool or prompt never lands on disk (resource URIs are
 * recorded without their query, with emails and phone numbers masked).
 */
export const AuditRecordSchema = z.object({
  time: z.string(),
  connectionId: z.string(),
  connectionLabel: z.string(),
  provider: z.string(),
  /** A tool call when absent (records written before prompts and resources were carried). */
  kind: AuditKindSchema.optional(),
  /** The gateway's (namespaced) tool or prompt name, or the resource's gateway URI (query left out). */
  tool: z.string(),
  /** The tool's or prompt's own name at the service, or the resource's own URI there (query left out). */
  upstreamTool: z.string(),
  access: z.enum(['read', 'write']),
  outcome: AuditOutcomeSchema,
  /** Why it was refused or failed, as a stable code (e.g. `missing_scope`, `policy_confirm_unsupported`, `upstream_timeout`). */
  reason: z.string().optional(),
  /** Upstream HTTP status, when there was one. */
  status: z.number().int().optional(),
  durationMs: z.number().nonnegative(),
  /** The assistant that asked (from MCP initialize `clientInfo`). */
  client: z.string().optional(),
  argumentNames: z.array(z.string()).default([]),
  /**
   * Set on a policy change instead of a tool call (`tool` is then `policy`): who made it and what changed, e.g.
   * `{ by: 'cli', changes: ['read-only off'] }`.
   */
  policyChange: z.object({ by: z.enum(['app', 'cli']), changes: z.array(z.string()) }).optional(),
});
export type AuditRecord = z.infer<typeof AuditRecordSchema>;
