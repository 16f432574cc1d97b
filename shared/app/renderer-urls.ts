import type { Connection, ConnectionStatus } from '../connections/model.js';
import type { ServiceId } from '../contract.js';
import { BridgekeeperError, InputError, UpstreamError, type UpstreamErrorKind } from '../errors.js';
import { isLoopbackHost } from '../net/url-safety.js';

/**
 * The rule for addresses the renderer hands the main process (issue 17). The renderer is the least trusted part of
 * the app: if it were ever compromised it must not turn the main process into a proxy that POSTs to any loopback
 * port or HTTPS URL and reads the answer back. So:
 *
 * 1. Known services are reached only at their own hosts: the contract carries no `baseUrl`, and a `url` is refused
 *    for every service except a remote MCP server (`BRIDGEKEEPER_HOST_OVERRIDES`, which only tests and the demo set,
 *    is an environment variable of the main process and cannot be changed from the renderer).
 * 2. A remote MCP server address (the one the person typed) must be `https://`, or `http://` to this computer; no
 *    user name or password inside it, no fragment.
 * 3. What the renderer learns from a live check against such an address is the outcome only: an error is reduced to
 *    its kind, the HTTP status and a fixed message. Nothing from the response body, headers or network stack.
 * 4. Every error text shown to the renderer is bounded (`MAX_ERROR_TEXT`).
 */

/** Longest message or hint the renderer is shown (longer texts are cut with an ellipsis). */
export const MAX_ERROR_TEXT = 400;

/** Cuts `text` to `max` characters. */
export function bounded(text: string, max = MAX_ERROR_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Checks the address fields of an add / whoami request from the renderer before anything is sent: throws an
 * `InputError` that says what to type when the rule above is broken.
 */
export function assertRendererTarget(target: { service: ServiceId; url?: string | undefined }): void {
  const raw = target.url?.trim() ?? '';
  if (target.service !== 'remote-mcp') {
    if (raw)
      throw new InputError(
        'This service has a fixed address; an MCP server address is only used for "Remote MCP server".',
        'Clear the address field, or choose "Remote MCP server".',
      );
    return;
  }
  if (!raw) return; // metadataFor says the address is missing
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InputError(
      'The MCP server address is not a valid URL.',
      'Paste the full https:// address of the MCP server, e.g. https://mcp.example.com/mcp.',
    );
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new InputError(
      'The MCP server address must start with https:// (plain http:// only for a server on this computer).',
      'Paste the https:// address of the MCP server.',
    );
  }
  if (url.username || url.password) {
    throw new InputError(
      'The MCP server address contains a user name or password.',
      'Remove the part before "@"; Bridgekeeper asks for the token separately and keeps it in the keychain.',
    );
  }
  if (url.hash)
    throw new InputError('The MCP server address contains a "#" fragment.', 'Remove everything from "#" on.');
}

const FIXED_MESSAGES: Partial<Record<UpstreamErrorKind, string>> = {
  unauthenticated: 'The MCP server did not accept the credential.',
  invalid_token: 'The MCP server did not accept the credential.',
  expired: 'The MCP server says the credential has expired.',
  revoked: 'The MCP server says the credential was revoked.',
  forbidden: 'The MCP server refused access.',
  missing_scope: 'The MCP server says the credential lacks a permission.',
  needs_sign_in: 'The MCP server asks for a browser sign-in.',
  not_found: 'Nothing answers as an MCP server at that address.',
  rate_limited: 'The MCP server is rate limiting requests.',
  server_error: 'The MCP server had an error.',
  network: 'The MCP server could not be reached.',
  timeout: 'The MCP server did not answer in time.',
  insecure_url: 'The MCP server address is not allowed.',
  bad_response: 'The address did not answer like a Streamable-HTTP MCP server.',
};

/**
 * What the renderer may see of a failure of a live check against an address it supplied: for an upstream error, its
 * kind, the HTTP status and a fixed message with a fixed next step; anything we raised ourselves before sending
 * (input, keychain, store) passes unchanged. Nothing the server sent reaches the renderer.
 */
export function scrubRendererUrlError(error: unknown): unknown {
  if (!(error instanceof UpstreamError)) {
    if (error instanceof BridgekeeperError) return error;
    return new BridgekeeperError(
      'upstream_bad_response',
      FIXED_MESSAGES.bad_response!,
      'Check the address and that the MCP server is running, then try again.',
      { cause: error },
    );
  }
  const base = FIXED_MESSAGES[error.kind] ?? 'The MCP server answered with an error.';
  const message = error.status ? `${base.slice(0, -1)} (HTTP ${error.status}).` : base;
  return new UpstreamError(
    error.kind,
    message,
    'Check the address, the token and that the MCP server is running, then try again.',
    {
      ...(error.status ? { status: error.status } : {}),
      cause: error,
    },
  );
}

/** Runs a live check against a renderer-supplied address, scrubbing its failure (see `scrubRendererUrlError`). */
export async function withScrubbedErrors<T>(applies: boolean, run: () => Promise<T>): Promise<T> {
  if (!applies) return run();
  try {
    return await run();
  } catch (error) {
    throw scrubRendererUrlError(error);
  }
}

const FIXED_REASONS: Record<ConnectionStatus['state'], string> = {
  ok: 'Working.',
  unchecked: 'Not checked yet.',
  needs_sign_in: 'Sign in with your browser to continue.',
  expired: 'The credential has expired.',
  revoked: 'The credential was revoked.',
  invalid: 'The MCP server did not accept the credential.',
  suspended: 'The account is suspended.',
  keychain_locked: 'The system keychain is locked or unavailable.',
  error: 'The last check failed.',
};

/**
 * The status a connection summary shows: bounded for every service; for a remote MCP server (an address the
 * renderer supplied) the stored reason, which may quote the server, becomes a fixed text for its state.
 */
export function statusForRenderer(connection: Pick<Connection, 'provider' | 'status'>): ConnectionStatus {
  const { status } = connection;
  if (status.reason === undefined) return status;
  if (connection.provider !== 'remote-mcp') return { ...status, reason: bounded(status.reason) };
  return { ...status, reason: FIXED_REASONS[status.state] };
}
