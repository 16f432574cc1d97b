/**
 * Bridgekeeper's typed errors. Every failure a person can cause has one of these, with a message that says
 * what happened and a `hint` that says what to do next. One place (`describeError`) turns them into text for
 * the CLI, IPC responses and MCP `isError` results; `exitCodeFor` maps them to CLI exit codes.
 */

/**
 * A fix a person can apply for an error, as data: each surface renders its own words from it (the CLI names
 * flags and commands, the app offers a one-click button). The error's `hint` stays the CLI's wording.
 */
export type ErrorFix =
  /** The token works in the other region (Sessionboard US/EU). */
  | { kind: 'switch_region'; region: 'us' | 'eu'; regionLabel: string }
  /** The token looks like another service's. */
  | { kind: 'use_service'; service: string; serviceName: string }
  /** The stored or pasted token is refused, revoked, expired or missing: paste a new one. */
  | { kind: 'replace_token' }
  /** Another connection already uses this name; `suggestion` is a free one. */
  | { kind: 'pick_another_name'; label: string; suggestion: string }
  /** The token does not look like this service's, but the person may know better. */
  | { kind: 'save_anyway' }
  /** The OAuth grant is gone: sign in with the browser again. */
  | { kind: 'sign_in_again' };

/** Base class: `code` is stable (scripts and the UI switch on it), `hint` is the next step for a person. */
export class BridgekeeperError extends Error {
  readonly code: string;
  readonly hint: string;
  /** A structured fix, when one exists (rendered by each surface in its own words). */
  readonly fix: ErrorFix | undefined;
  constructor(code: string, message: string, hint: string, options?: { cause?: unknown; fix?: ErrorFix }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = hint;
    this.fix = options?.fix;
  }
}

/** The OS keychain (Secret Service, macOS Keychain, Windows Credential Manager) cannot be reached or is locked. */
export class KeychainUnavailableError extends BridgekeeperError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super('keychain_unavailable', `The system keychain is not available: ${detail}.`, keychainHint(), options);
  }
}

function keychainHint(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'darwin':
      return 'Open Keychain Access and make sure your login keychain is unlocked, then try again.';
    case 'win32':
      return 'Make sure Windows Credential Manager is running (services.msc → Credential Manager), then try again.';
    default:
      return (
        'Bridgekeeper stores secrets only in a Secret Service keyring and never in a file. Install and unlock one ' +
        '(e.g. `sudo apt install gnome-keyring libsecret-1-0` and log in to a desktop session, or run ' +
        '`dbus-run-session` with `gnome-keyring-daemon --unlock`), then try again.'
      );
  }
}

/** A connection has no secret in the keychain (deleted by hand, or created on another machine). */
export class SecretMissingError extends BridgekeeperError {
  constructor(label: string) {
    super(
      'secret_missing',
      `No secret is stored in the keychain for connection '${label}'.`,
      `Give it a token again with \`bridgekeeper connections update "${label}" --token-stdin\`.`,
      { fix: { kind: 'replace_token' } },
    );
  }
}

/** Something the user typed or passed is not acceptable. */
export class InputError extends BridgekeeperError {
  constructor(message: string, hint: string, fix?: ErrorFix) {
    super('invalid_input', message, hint, fix ? { fix } : undefined);
  }
}

/** No connection matches the given id or label. */
export class ConnectionNotFoundError extends BridgekeeperError {
  constructor(ref: string) {
    super(
      'connection_not_found',
      `No connection has the id or label '${ref}'.`,
      'Run `bridgekeeper connections list` to see your connections.',
    );
  }
}

/** Another connection already uses this label. */
export class DuplicateLabelError extends BridgekeeperError {
  constructor(label: string, taken: string[] = [label]) {
    super(
      'duplicate_label',
      `A connection labelled '${label}' already exists.`,
      'Pick another --label, or remove the existing connection first.',
      {
        fix: { kind: 'pick_another_name', label, suggestion: freeLabel(label, taken) },
      },
    );
  }
}

/** `label (2)`, `label (3)` … : the first that no connection uses (case-insensitive), within 64 characters. */
export function freeLabel(label: string, taken: string[]): string {
  const used = new Set(taken.map((t) => t.toLowerCase()));
  const base = label.replace(/ \(\d+\)$/, '');
  for (let n = 2; ; n += 1) {
    const suffix = ` (${n})`;
    const candidate = `${base.slice(0, 64 - suffix.length)}${suffix}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/** The connection store file is damaged, written by a newer version, or cannot be locked. */
export class StoreError extends BridgekeeperError {
  constructor(
    code: 'store_corrupt' | 'store_too_new' | 'store_locked' | 'store_lock_lost' | 'store_io',
    message: string,
    hint: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, hint, options);
  }
}

/** A tool needs scopes the connection's token does not hold. */
export class MissingScopeError extends BridgekeeperError {
  readonly missing: string[];
  constructor(message: string, hint: string, missing: string[]) {
    super('missing_scope', message, hint);
    this.missing = missing;
  }
}

/** Kinds of upstream failure, each mapped from a service's own status/code by its provider. */
export type UpstreamErrorKind =
  | 'unauthenticated'
  | 'invalid_token'
  | 'expired'
  | 'revoked'
  | 'wrong_region'
  | 'wrong_handle'
  | 'forbidden'
  | 'missing_scope'
  | 'mcp_access_disabled'
  | 'account_suspended'
  | 'account_inactive'
  | 'billing_restricted'
  | 'not_found'
  | 'bad_request'
  | 'rate_limited'
  | 'server_error'
  | 'network'
  | 'timeout'
  | 'insecure_url'
  | 'needs_sign_in'
  | 'bad_response'
  /** A remote MCP server no longer knows the session (404 to a request carrying it; it restarted): open a new one. */
  | 'session_expired';

/** A call to a service failed. `status` is the HTTP status when there was one. */
export class UpstreamError extends BridgekeeperError {
  readonly kind: UpstreamErrorKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  /** Scopes the service said were missing, when it said so (feeds `learned` scope gaps). */
  readonly missingScopes: string[] | undefined;
  constructor(
    kind: UpstreamErrorKind,
    message: string,
    hint: string,
    extra: { status?: number; retryAfterMs?: number; missingScopes?: string[]; cause?: unknown; fix?: ErrorFix } = {},
  ) {
    super(`upstream_${kind}`, message, hint, { cause: extra.cause, ...(extra.fix ? { fix: extra.fix } : {}) });
    this.kind = kind;
    this.status = extra.status;
    this.retryAfterMs = extra.retryAfterMs;
    this.missingScopes = extra.missingScopes;
  }

  /** True when the credential itself is bad (the connection needs the user's attention). */
  get isCredentialProblem(): boolean {
    return [
      'unauthenticated',
      'invalid_token',
      'expired',
      'revoked',
      'needs_sign_in',
      'account_suspended',
      'account_inactive',
    ].includes(this.kind);
  }
}

/** One line for people: what happened, then what to do. */
export function describeError(error: unknown): string {
  if (error instanceof BridgekeeperError) return `${error.message} ${error.hint}`.trim();
  if (error instanceof Error) return `Unexpected error: ${error.message}`;
  return `Unexpected error: ${String(error)}`;
}

/** CLI exit codes: 2 bad input, 3 not found, 4 keychain, 5 store, 6 upstream/auth, 1 anything else. */
export function exitCodeFor(error: unknown): number {
  if (!(error instanceof BridgekeeperError)) return 1;
  if (error instanceof InputError || error instanceof DuplicateLabelError) return 2;
  if (error instanceof ConnectionNotFoundError) return 3;
  if (error instanceof KeychainUnavailableError || error instanceof SecretMissingError) return 4;
  if (error instanceof StoreError) return 5;
  if (error instanceof UpstreamError || error instanceof MissingScopeError) return 6;
  return 1;
}
