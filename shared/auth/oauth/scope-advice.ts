import type { Connection } from '../../connections/model.js';
import { UpstreamError } from '../../errors.js';

/**
 * What an OAuth connection's scope refusal tells the person: a sign-in is what grants a scope (never "grant it to
 * the token"), so the advice names `bridgekeeper login "<label>" --scope "…"` and the app's Sign in. Pure text, no
 * OAuth code: the gateway uses it without loading the sign-in machinery.
 */

/** A `missing_scope` refusal already worded for a sign-in (what to run, or why signing in again will not help). */
export class ScopeSignInError extends UpstreamError {
  constructor(message: string, hint: string, missing: readonly string[]) {
    super('missing_scope', message, hint, { status: 403, missingScopes: [...missing] });
  }
}

/** Required scopes the grant lacks. */
export function missingScopes(granted: readonly string[], required: readonly string[]): string[] {
  const have = new Set(granted);
  return [...new Set(required)].filter((s) => !have.has(s));
}

/** The `bridgekeeper login` command that signs in again for `scopes` (what a person runs to step up by hand). */
export function signInAgainCommand(connection: Pick<Connection, 'label'>, scopes: readonly string[]): string {
  return `bridgekeeper login "${connection.label}"${scopes.length ? ` --scope "${scopes.join(' ')}"` : ''}`;
}

/** The error a refused call becomes when no browser can be opened for the step-up here. */
export function signInAgainError(
  connection: Pick<Connection, 'label'>,
  missing: readonly string[],
  toolName?: string,
): ScopeSignInError {
  const what = toolName ? `${toolName} needs` : 'this call needs';
  const scopes = missing.length ? missing.join(', ') : 'a permission the sign-in did not include';
  return new ScopeSignInError(
    `'${connection.label}' was signed in without ${scopes}, which ${what}.`,
    `Sign in again to grant it: run \`${signInAgainCommand(connection, missing)}\` or use Sign in for '${connection.label}' in the Bridgekeeper app, then try again.`,
    missing,
  );
}

/**
 * The error when the server refuses a scope a sign-in already asked for: refused again right after this call's own
 * step-up (`afterStepUp`), or refused before although the grant holds it. Bridgekeeper signs in at most once per
 * call, so this ends the call: another sign-in in the same breath would most likely be refused the same way.
 */
export function stillRefusedError(
  connection: Pick<Connection, 'label'>,
  missing: readonly string[],
  toolName: string,
  afterStepUp: boolean,
): ScopeSignInError {
  const scopes = missing.length ? missing.join(', ') : 'a permission it did not name';
  const it = missing.length > 1 ? 'them' : 'it';
  const when = afterStepUp
    ? `after signing in again for ${it} within this call (Bridgekeeper signs in at most once per call)`
    : `although the sign-in of '${connection.label}' includes ${it}, so signing in again would not help`;
  const command = `\`${signInAgainCommand(connection, missing)}\``;
  const hint = afterStepUp
    ? `Your account may not be allowed ${missing.length === 1 ? 'this scope' : 'these scopes'} on that server: ask its administrator. To try the sign-in again yourself, run ${command} or use Sign in for '${connection.label}' in the Bridgekeeper app, then try again.`
    : `The server refuses a token that carries ${it}: ask its administrator. Once they have fixed it, try again (a new sign-in, ${command}, also clears what Bridgekeeper learned from the refusal).`;
  return new ScopeSignInError(
    `'${connection.label}' still refuses ${toolName} for lack of ${scopes}, ${when}.`,
    hint,
    missing,
  );
}

/**
 * An `insufficient_scope` refusal of an OAuth connection (a tool call or a list) in sign-in words: the scopes it
 * names that the connection's grant lacks and the login command, or, when the grant holds every scope it names,
 * that signing in again would not help. Other errors, and token connections, are returned as they are.
 */
export function asSignInAdvice(error: unknown, connection: Connection, toolName = 'this call'): unknown {
  if (connection.authKind !== 'oauth' || !(error instanceof UpstreamError) || error.kind !== 'missing_scope')
    return error;
  if (error instanceof ScopeSignInError) return error;
  const named = error.missingScopes ?? [];
  const lacking = missingScopes(connection.serverScopes ?? [], named);
  if (named.length > 0 && lacking.length === 0) return stillRefusedError(connection, named, toolName, false);
  return signInAgainError(connection, lacking.length > 0 ? lacking : named, toolName);
}
