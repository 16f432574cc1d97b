import type { ToolDefinition } from './types.js';

/** What we know about a connection's scopes at call time. */
export interface GrantedScopes {
  /** Effective scopes after the provider's implications; undefined when nobody knows (unknown). */
  effective: Set<string> | undefined;
  /** Scopes the service refused before (learned from 403s). */
  learnedMissing: Iterable<string>;
}

/** Result of a scope check: the same function drives gateway refusals and the UI's tool × scope matrix. */
export type ScopeCheckResult =
  | { status: 'allowed'; required: string[] }
  | { status: 'missing'; required: string[]; missing: string[]; learned: boolean }
  | {
      status: 'unknown';
      required: string[];
      /** Scopes the known grant lacks where the requirement itself is only assumed (forwarded; the service decides). */
      expectedMissing?: string[];
    };

/**
 * Decides whether `tool` called with `args` will be allowed by the granted scopes.
 * - no scopes required → allowed
 * - a required scope the service refused before (learned) → missing
 * - granted scopes known → allowed, or missing [which] when the tool's requirement is documented
 * - granted scopes known but the requirement only assumed (`scopeBasis: 'assumed'`) → unknown, with the scopes
 *   expected to be missing: the call is forwarded and the service's own answer decides (a 403 is then learned)
 * - granted scopes unknown → unknown (the gateway forwards and learns from a 403)
 */
export function scopeCheck(
  tool: ToolDefinition,
  args: Record<string, unknown>,
  granted: GrantedScopes,
): ScopeCheckResult {
  const required = [...new Set(tool.requiredScopes(args))];
  if (required.length === 0) return { status: 'allowed', required };
  const learned = new Set(granted.learnedMissing);
  const learnedMissing = required.filter((s) => learned.has(s));
  if (learnedMissing.length > 0 && !required.every((s) => granted.effective?.has(s))) {
    return { status: 'missing', required, missing: learnedMissing, learned: true };
  }
  if (!granted.effective) return { status: 'unknown', required };
  const missing = required.filter((s) => !granted.effective!.has(s));
  if (missing.length > 0 && tool.scopeBasis === 'assumed')
    return { status: 'unknown', required, expectedMissing: missing };
  return missing.length === 0
    ? { status: 'allowed', required }
    : { status: 'missing', required, missing, learned: false };
}
