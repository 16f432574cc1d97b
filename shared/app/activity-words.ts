/**
 * The Activity screen's words for the audit log's stable codes: the log keeps codes (machine-readable, stable for
 * the CLI's `--json` and old lines), the app shows what they mean. One place for both the screen and its export.
 */

/** How each outcome reads in the app. */
export const OUTCOME_WORDS: Record<string, string> = {
  allowed: 'Went through',
  refused: 'Stopped',
  error: 'Failed',
};

/** Why a call was stopped or failed, in plain words (by the audit log's `reason` code). */
const REASON_WORDS: Record<string, string> = {
  missing_scope: 'The token lacks a permission this tool needs.',
  read_only: 'Read-only is on for this connection.',
  disabled: 'You turned this tool off.',
  policy_read_only: 'Read-only is on for this connection.',
  policy_disabled: 'You turned this tool off.',
  policy_missing_scope: "The token can't use this tool, so it is not offered.",
  policy_connection_disabled: 'This connection is turned off.',
  policy_confirm_declined: 'You said no when asked to confirm the change.',
  policy_confirm_unsupported: 'The change needed your confirmation, but this assistant cannot ask for it.',
  cancelled: 'The assistant cancelled the call.',
  url_elicitation_required: 'The service asked you to finish a step in your browser first.',
  internal_error: 'Something went wrong inside Bridgekeeper.',
  upstream_tool_error: 'The service ran the tool and reported a problem.',
  upstream_unauthenticated: 'The service did not accept the token.',
  upstream_invalid_token: 'The service did not accept the token.',
  upstream_expired: 'The token has expired.',
  upstream_revoked: 'The token was revoked.',
  upstream_needs_sign_in: 'You need to sign in again.',
  upstream_session_expired: 'The service restarted; the next call starts afresh.',
  upstream_wrong_region: 'The account lives in the other region.',
  upstream_wrong_handle: 'The service does not know that business.',
  upstream_forbidden: 'The service refused: the account may not do this.',
  upstream_missing_scope: 'The service refused: the token lacks a permission.',
  upstream_mcp_access_disabled: 'Assistant access is turned off in the service’s settings.',
  upstream_account_suspended: 'The account is suspended.',
  upstream_account_inactive: 'The account is inactive.',
  upstream_billing_restricted: 'The service limits this on the account’s current plan.',
  upstream_not_found: 'The service could not find what was asked for.',
  upstream_bad_request: 'The service did not accept what the assistant sent.',
  upstream_rate_limited: 'Too many requests: the service asked to slow down.',
  upstream_server_error: 'The service had a problem of its own.',
  upstream_network: 'The service could not be reached.',
  upstream_timeout: 'The service took too long to answer.',
  upstream_insecure_url: 'The server address is not secure (https) so it was not called.',
  upstream_bad_response: 'The service sent an answer Bridgekeeper could not read.',
  upstream_protocol_error: 'The server broke the MCP protocol.',
};

/** The plain words for an outcome (unknown ones are shown as they are). */
export function outcomeWords(outcome: string): string {
  return OUTCOME_WORDS[outcome] ?? outcome;
}

/**
 * The plain words for a reason code. A code this list does not know yet is never shown raw: it becomes a general
 * sentence by its family (`upstream_…`: the service; `policy_…`: a rule), else "Something went wrong.".
 */
export function reasonWords(reason: string): string {
  const known = REASON_WORDS[reason];
  if (known) return known;
  if (reason.startsWith('upstream_')) return 'The service reported a problem.';
  if (reason.startsWith('policy_')) return 'One of your rules stopped it.';
  return 'Something went wrong.';
}

/** Every reason code with words (for tests: nothing the gateway writes is left raw). */
export const KNOWN_REASONS: readonly string[] = Object.keys(REASON_WORDS);
