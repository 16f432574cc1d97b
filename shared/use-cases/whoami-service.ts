import type { Connection, ConnectionStatus } from '../connections/model.js';
import { identityMetadata } from './add-connection.js';
import type { Core } from '../connections/core.js';
import {
  describeError,
  KeychainUnavailableError,
  SecretMissingError,
  UpstreamError,
  type UpstreamErrorKind,
} from '../errors.js';
import { redactSecrets } from '../secrets/redact.js';
import { secretAccount } from '../secrets/secret-store.js';
import { getProvider } from '../providers/registry.js';
import { reportedExpectedScopes, reportedServerScopes } from '../providers/reported-scopes.js';
import type { Provider, Whoami } from '../providers/types.js';

/** Connection states each upstream failure kind leads to; kinds not listed (network, 429, 5xx) leave the state alone. */
const STATE_FOR_KIND: Partial<Record<UpstreamErrorKind, ConnectionStatus['state']>> = {
  expired: 'expired',
  revoked: 'revoked',
  invalid_token: 'invalid',
  unauthenticated: 'invalid',
  wrong_region: 'invalid',
  wrong_handle: 'invalid',
  account_suspended: 'suspended',
  account_inactive: 'suspended',
  needs_sign_in: 'needs_sign_in',
  billing_restricted: 'error',
  forbidden: 'error',
  mcp_access_disabled: 'error',
};

/**
 * Asks the service who a connection is, right now, and records the answer in the shared store.
 * - loads the credential from the keychain (pasted token, or a fresh OAuth access token);
 * - calls the provider's whoami and merges declared scopes (`declared`) and learned gaps (`missingScopes`, `learned`);
 * - updates status (ok / expired / revoked / invalid / suspended / needs_sign_in / keychain_locked / error with
 *   reason and time), `serverScopes`, identity metadata, and drops learned gaps the server now grants;
 * - on failure records the state and rethrows the typed error.
 */
export async function checkConnection(
  core: Core,
  connectionOrRef: Connection | string,
  options: { signal?: AbortSignal } = {},
): Promise<Whoami> {
  const connection = typeof connectionOrRef === 'string' ? core.store.get(connectionOrRef) : connectionOrRef;
  const provider = getProvider(connection.provider);
  try {
    const { secret, grantScopes } = await loadCredential(core, connection);
    const raw = await provider.whoami({
      connection,
      secret,
      http: core.http,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const whoami = withGrantScopes(raw, grantScopes);
    const serverScopes = reportedServerScopes(whoami);
    const granted = provider.effectiveScopes({ ...connection, ...(serverScopes ? { serverScopes } : {}) });
    const stillMissing = connection.learnedGaps.filter((g) => !granted?.has(g.scope));
    const updated = await core.store.update(connection.id, (current) => ({
      status: { state: 'ok', at: whoami.checkedAt },
      ...(serverScopes ? { serverScopes } : {}),
      expectedScopes: reportedExpectedScopes(whoami),
      metadata: {
        ...current.metadata,
        ...identityMetadata(whoami),
        ...(whoami.maskedToken ? { maskedToken: whoami.maskedToken } : {}),
      },
      learnedGaps: current.learnedGaps.filter((g) => !granted?.has(g.scope)),
    }));
    return mergeKnownScopes(whoami, { ...updated, learnedGaps: stillMissing }, provider);
  } catch (error) {
    const state = stateFor(error, connection);
    if (state) {
      await core.store
        .update(connection.id, () => ({
          status: { state, reason: redactSecrets(describeError(error)).slice(0, 300), at: new Date().toISOString() },
        }))
        .catch(() => undefined);
    }
    throw error;
  }
}

/** What the person's declared scopes are used for, in words (they are never the service's word). */
function declaredNote(declared: string[], whoami: Whoami, provider: Provider): string {
  const list = declared.join(', ');
  return reportedServerScopes(whoami)
    ? `You declared ${list}; ${provider.displayName} reported the token's own scopes, and only those count.`
    : `You declared ${list}: shown, and used to predict which tools should work, but never to refuse one. ${provider.displayName} has not confirmed them: every call is forwarded and Bridgekeeper learns a missing scope from the service's refusal.`;
}

/**
 * Adds what the user declared (labelled `declared`, with a note on what it is used for) and what calls taught us to a
 * provider's whoami.
 */
export function mergeKnownScopes(whoami: Whoami, connection: Connection, provider: Provider): Whoami {
  const describe = (scope: string) => provider.scopes.find((s) => s.id === scope)?.description;
  const present = new Set(whoami.scopes.map((s) => s.scope));
  const declared = connection.declaredScopes
    .filter((scope) => !present.has(scope))
    .map((scope) => ({
      scope,
      provenance: 'declared' as const,
      ...(describe(scope) ? { description: describe(scope) } : {}),
    }));
  const missing = connection.learnedGaps.map((g) => ({ scope: g.scope, provenance: 'learned' as const, tool: g.tool }));
  return {
    ...whoami,
    scopes: [...whoami.scopes, ...declared],
    missingScopes: [...whoami.missingScopes, ...missing],
    ...(declared.length > 0
      ? {
          notes: [
            ...whoami.notes,
            declaredNote(
              declared.map((s) => s.scope),
              whoami,
              provider,
            ),
          ],
        }
      : {}),
  };
}

async function loadCredential(
  core: Core,
  connection: Connection,
): Promise<{ secret: string | null; grantScopes: string[] }> {
  if (connection.authKind === 'oauth') {
    const { ensureFreshGrant } = await import('../auth/oauth/refresh.js');
    const grant = await ensureFreshGrant(core, connection.id);
    return { secret: grant.access_token, grantScopes: grant.scopes };
  }
  if (connection.authKind !== 'token') return { secret: null, grantScopes: [] };
  const secret = await core.secrets.get(secretAccount(connection.id, 'token'));
  if (!secret) throw new SecretMissingError(connection.label);
  return { secret, grantScopes: [] };
}

/** OAuth token responses name granted scopes: count them as reported by the server when whoami did not. */
function withGrantScopes(whoami: Whoami, grantScopes: string[]): Whoami {
  const present = new Set(whoami.scopes.map((s) => s.scope));
  const extra = grantScopes.filter((s) => !present.has(s)).map((scope) => ({ scope, provenance: 'server' as const }));
  return extra.length > 0 ? { ...whoami, scopes: [...whoami.scopes, ...extra] } : whoami;
}

function stateFor(error: unknown, connection: Connection): ConnectionStatus['state'] | undefined {
  if (error instanceof KeychainUnavailableError) return 'keychain_locked';
  if (error instanceof SecretMissingError) return connection.authKind === 'oauth' ? 'needs_sign_in' : 'invalid';
  if (error instanceof UpstreamError) return STATE_FOR_KIND[error.kind];
  return undefined;
}
