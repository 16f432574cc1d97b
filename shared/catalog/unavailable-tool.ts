import { missingScopes, signInAgainCommand } from '../auth/oauth/scope-advice.js';
import type { Connection } from '../connections/model.js';
import { KeychainUnavailableError, UpstreamError } from '../errors.js';
import type { ConnectionTool } from './gateway-tool.js';

/** Name (before namespacing) of the entry that stands in for a connection whose tools cannot be listed. */
export const UNAVAILABLE_TOOL_NAME = 'tools_unavailable';

/** Name (before namespacing) of the entry that stands in for an OAuth connection whose list was refused for a scope. */
export const SIGN_IN_FOR_TOOLS_NAME = 'sign_in_for_tools';

/** An OAuth connection's tool list refused with `insufficient_scope`: the scopes the server named. */
export interface ScopeRefusedList {
  kind: 'scope';
  /** What the server named (possibly none). */
  named: string[];
  /** Of those, the ones the connection's sign-in lacks: a step-up can ask for them. Empty: signing in would not help. */
  lacking: string[];
}

function inChain<T>(error: unknown, pick: (e: unknown) => T | undefined): T | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const found = pick(e);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The scope refusal in a failed list of an OAuth connection, if it is one (else undefined). */
export function scopeRefusedList(error: unknown, connection: Connection): ScopeRefusedList | undefined {
  if (connection.authKind !== 'oauth') return undefined;
  const refusal = inChain(error, (e) => (e instanceof UpstreamError && e.kind === 'missing_scope' ? e : undefined));
  if (!refusal) return undefined;
  const named = refusal.missingScopes ?? [];
  return { kind: 'scope', named, lacking: missingScopes(connection.serverScopes ?? [], named) };
}

/**
 * The list failure the assistant must be told about on the list itself, if `error` is one (or was caused by one,
 * e.g. wrapped by the MCP SDK's OAuth flow): the keychain cannot be reached, or an OAuth connection's server refused
 * the list for a scope the sign-in lacks. Either way the connection's tools are missing for a reason the person can
 * fix (not a passing upstream fault).
 */
export function listedFailure(
  error: unknown,
  connection: Connection,
): KeychainUnavailableError | ScopeRefusedList | undefined {
  return (
    inChain(error, (e) => (e instanceof KeychainUnavailableError ? e : undefined)) ??
    scopeRefusedList(error, connection)
  );
}

/**
 * The entry listed in place of a connection's tools when they cannot be listed: its description says why and what
 * the person can do, and calling it checks again (listing the real tools once they can be) or answers with the
 * error. For a list refused for a scope the sign-in lacks, calling it signs in again for that scope once (the
 * person approves it in the browser or in the assistant's client, see `gateway/call-tool.ts`). Without it the
 * assistant would just see a shorter list.
 */
export function unavailableTool(
  connection: Connection,
  failure: KeychainUnavailableError | ScopeRefusedList,
): ConnectionTool {
  const empty = { inputSchema: { type: 'object' as const, properties: {} }, access: 'read' as const };
  if (failure instanceof KeychainUnavailableError) {
    return {
      source: 'unavailable',
      definition: {
        name: UNAVAILABLE_TOOL_NAME,
        title: 'Tools unavailable: keychain not reachable',
        description:
          `The tools of this account cannot be offered right now. ${failure.message} ${failure.hint} ` +
          `Tell the person; call this tool to check again once they have fixed it.`,
        ...empty,
        requiredScopes: () => [],
      },
    };
  }
  const scopes = failure.lacking.length > 0 ? failure.lacking : failure.named;
  const command = signInAgainCommand(connection, scopes);
  const what = scopes.length > 0 ? scopes.join(', ') : 'a permission it did not name';
  const description =
    failure.lacking.length > 0 || failure.named.length === 0
      ? `The server of '${connection.label}' refused to list its tools: the sign-in lacks ${what}. Calling this ` +
        `tool signs in again for it (the person approves it in the browser, once) and then offers the tools. ` +
        `The person can also run \`${command}\` or use Sign in in the Bridgekeeper app.`
      : `The server of '${connection.label}' refuses to list its tools for lack of ${what}, although the sign-in ` +
        `includes it, so signing in again would not help: tell the person to ask the server's administrator. ` +
        `Call this tool to check again.`;
  return {
    source: 'unavailable',
    definition: {
      name: SIGN_IN_FOR_TOOLS_NAME,
      title: `Tools unavailable: sign-in lacks ${what}`,
      description,
      ...empty,
      requiredScopes: () => [],
    },
  };
}
