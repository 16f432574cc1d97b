import { UpstreamError, type UpstreamErrorKind } from '../../errors.js';

/** Why an interactive OAuth sign-in did not finish. Stable values: the app and scripts switch on them. */
export type SignInFailure =
  | 'consent_denied'
  | 'timeout'
  | 'cancelled'
  | 'wrong_account'
  | 'client_id_required'
  | 'not_oauth'
  | 'server_refused';

const KIND: Record<SignInFailure, UpstreamErrorKind> = {
  consent_denied: 'forbidden',
  timeout: 'timeout',
  cancelled: 'timeout',
  wrong_account: 'wrong_handle',
  client_id_required: 'bad_request',
  not_oauth: 'bad_response',
  server_refused: 'bad_response',
};

/**
 * An interactive sign-in failed in a way a person can act on (denied consent, browser never came back, wrong
 * account, server without Dynamic Client Registration …). It is an `UpstreamError` (CLI exit code 6) whose
 * `reason` says which case it is.
 */
export class SignInError extends UpstreamError {
  readonly reason: SignInFailure;
  constructor(reason: SignInFailure, message: string, hint: string, options?: { cause?: unknown }) {
    super(KIND[reason], message, hint, { cause: options?.cause });
    this.reason = reason;
  }
}

/** The typed error a gateway raises when a connection's OAuth grant is missing or dead. */
export function needsSignInError(label: string, why: string): UpstreamError {
  return new UpstreamError(
    'needs_sign_in',
    `The connection '${label}' needs you to sign in again: ${why}`,
    `Run \`bridgekeeper login "${label}"\` (or use Sign in on the connection in the Bridgekeeper app), then try again.`,
  );
}
