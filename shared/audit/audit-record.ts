import { z } from 'zod';

/** Outcome of one gateway tool call. */
export const AuditOutcomeSchema = z.enum(['allowed', 'refused', 'error']);
export type AuditOutcome = z.infer<typeof AuditOutcomeSchema>;

/**
 * One line of the audit log (`<home>/audit/activity.jsonl`). Never holds secrets or argument values: only the
 * argument *names* are recorded, so personal data passed to a tool never lands on disk.
 */
export const AuditRecordSchema = z.object({
  time: z.string(),
  connectionId: z.string(),
  connectionLabel: z.string(),
  provider: z.string(),
  /** The gateway's (namespaced) tool name. */
  tool: z.string(),
  /** The tool's own name at the service. */
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
