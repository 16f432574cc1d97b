import type { Connection, ConnectionStatus } from '../connections/model.js';
import { BridgekeeperError, describeError, UpstreamError } from '../errors.js';
import type { Provider } from '../providers/types.js';
import type { ScopeCheckResult } from '../providers/scope-check.js';
import { asSignInAdvice } from '../auth/oauth/scope-advice.js';

/** What the gateway does about a failed call. */
export interface FailureAnalysis {
  /** The `isError` text: what happened and what to do. */
  text: string;
  /** Stable code for the audit log. */
  reason: string;
  status?: number;
  /** Scopes to record as learned gaps. */
  learnedScopes: string[];
  /** New connection status when the credential itself is the problem. */
  credentialState?: ConnectionStatus['state'];
}

const CREDENTIAL_STATES: Partial<Record<UpstreamError['kind'], ConnectionStatus['state']>> = {
  unauthenticated: 'invalid',
  invalid_token: 'invalid',
  expired: 'expired',
  revoked: 'revoked',
  needs_sign_in: 'needs_sign_in',
  account_suspended: 'suspended',
  account_inactive: 'suspended',
};

/** The connection status a credential failure should set, if it is one. */
export function credentialStateFor(error: unknown): ConnectionStatus['state'] | undefined {
  return error instanceof UpstreamError ? CREDENTIAL_STATES[error.kind] : undefined;
}

/** Scopes a 403 tells us are missing: what the service named, or (when scope-shaped) the tool's not-granted required scopes. */
export function learnedScopesFrom(
  error: UpstreamError,
  check: ScopeCheckResult,
  effective: Set<string> | undefined,
): string[] {
  if (error.kind !== 'missing_scope' && error.kind !== 'forbidden') return [];
  if (error.missingScopes && error.missingScopes.length > 0) return [...new Set(error.missingScopes)];
  if (error.kind !== 'missing_scope') return [];
  return check.required.filter((s) => !effective?.has(s));
}

/** Turns any failure of a forwarded call into the text and bookkeeping the gateway needs. */
export function analyzeFailure(
  error: unknown,
  ctx: {
    toolName: string;
    connection: Connection;
    provider: Provider;
    check: ScopeCheckResult;
    effective: Set<string> | undefined;
  },
): FailureAnalysis {
  const account = `${ctx.provider.displayName} '${ctx.connection.label}'`;
  if (!(error instanceof UpstreamError)) {
    const reason = error instanceof BridgekeeperError ? error.code : 'internal_error';
    return { text: `${ctx.toolName} on ${account} failed. ${describeError(error)}`, reason, learnedScopes: [] };
  }
  const learnedScopes = learnedScopesFrom(error, ctx.check, ctx.effective);
  const base = { reason: error.code, ...(error.status !== undefined ? { status: error.status } : {}), learnedScopes };
  if (learnedScopes.length > 0 && ctx.connection.authKind === 'oauth') {
    // A sign-in, not a token: the error says how to sign in again for the scope (see auth/oauth/step-up.ts).
    return {
      ...base,
      text: `${ctx.toolName} was refused by ${account}. ${describeError(asSignInAdvice(error, ctx.connection, ctx.toolName))}`,
    };
  }
  if (learnedScopes.length > 0) {
    const hints = learnedScopes.map((s) => `${s}: ${ctx.provider.grantHint(s)}`).join('; ');
    return {
      ...base,
      text: `${ctx.toolName} was refused by ${account}: the token lacks ${learnedScopes.join(', ')}. Grant it (${hints}), then try again. Bridgekeeper will refuse this tool until then.`,
    };
  }
  const state = CREDENTIAL_STATES[error.kind];
  if (state) {
    return {
      ...base,
      credentialState: state,
      text: `${account} no longer accepts its credential. ${describeError(error)} Until then every tool of '${ctx.connection.label}' will fail.`,
    };
  }
  if (error.kind === 'server_error' || error.kind === 'network' || error.kind === 'timeout') {
    return {
      ...base,
      text: `${ctx.toolName} could not be completed: ${describeError(error)} Nothing was confirmed as changed; for a write, check its effect before retrying.`,
    };
  }
  if (error.kind === 'rate_limited') {
    return {
      ...base,
      text: `${account} is rate-limiting requests and Bridgekeeper's retries ran out. ${error.hint} Make fewer calls in a row.`,
    };
  }
  return { ...base, text: `${ctx.toolName} on ${account} failed. ${describeError(error)}` };
}
