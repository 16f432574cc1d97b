import type { ToolDefinition } from './types.js';

/** Where scopes that are shown and used to predict, but never to refuse, come from. */
export type ExpectedScopesSource = 'declared' | 'expected';

/** What we know about a connection's scopes at call time. */
export interface GrantedScopes {
  /**
   * Effective scopes the service itself vouches for (reported, or implied by a documented rule such as a legacy
   * token), after the provider's implications; undefined when the service said nothing (unknown).
   */
  effective: Set<string> | undefined;
  /** Scopes the service refused before (learned from 403s). */
  learnedMissing: Iterable<string>;
  /**
   * Scopes someone other than the service claims (the person's declaration, unverified JWT claims), after the
   * provider's implications. Used to predict when `effective` is unknown; never to refuse.
   */
  expected?: Set<string> | undefined;
  /** Where `expected` comes from (labels the prediction: "declared" by the person, or "expected" from claims). */
  expectedFrom?: ExpectedScopesSource;
}

/** Result of a scope check: the same function drives gateway refusals and the UI's tool × scope matrix. */
export type ScopeCheckResult =
  | { status: 'allowed'; required: string[] }
  | { status: 'missing'; required: string[]; missing: string[]; learned: boolean }
  | {
      status: 'unknown';
      required: string[];
      /**
       * Scopes expected to be missing, but without the service's word for it: the requirement is only assumed, or the
       * grant is only declared / claimed (forwarded; the service decides and a 403 is learned).
       */
      expectedMissing?: string[];
      /** Set when the prediction rests on declared or claimed scopes rather than on what the service reported. */
      expectedFrom?: ExpectedScopesSource;
    };

/**
 * Decides whether `tool` called with `args` will be allowed by the granted scopes.
 * - no scopes required → allowed
 * - a required scope the service refused before (learned) → missing
 * - granted scopes known → allowed, or missing [which] when the tool's requirement is documented
 * - granted scopes known but the requirement only assumed (`scopeBasis: 'assumed'`) → unknown, with the scopes
 *   expected to be missing: the call is forwarded and the service's own answer decides (a 403 is then learned)
 * - granted scopes unknown but declared by the person or claimed by an unverified token → unknown, with the scopes
 *   expected to be missing and where that expectation comes from (`expectedFrom`): forwarded, never refused
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
  if (!granted.effective) return predicted(required, granted);
  const missing = required.filter((s) => !granted.effective!.has(s));
  if (missing.length > 0 && tool.scopeBasis === 'assumed')
    return { status: 'unknown', required, expectedMissing: missing };
  return missing.length === 0
    ? { status: 'allowed', required }
    : { status: 'missing', required, missing, learned: false };
}

/** No word from the service: what the declared or claimed scopes predict, if any (always forwarded). */
function predicted(required: string[], granted: GrantedScopes): ScopeCheckResult {
  if (!granted.expected) return { status: 'unknown', required };
  const expectedMissing = required.filter((s) => !granted.expected!.has(s));
  return {
    status: 'unknown',
    required,
    ...(expectedMissing.length > 0 ? { expectedMissing } : {}),
    expectedFrom: granted.expectedFrom ?? 'expected',
  };
}
