import type { Core } from '../connections/core.js';
import { DuplicateLabelError, InputError } from '../errors.js';
import { reportedExpectedScopes, reportedServerScopes } from '../providers/reported-scopes.js';
import type { Provider, Whoami } from '../providers/types.js';
import { maskSecret } from '../secrets/mask.js';
import { redactSecrets } from '../secrets/redact.js';
import { secretAccount } from '../secrets/secret-store.js';
import { pauseForTest } from '../util/test-pause.js';
import { assertConnectionUrl } from '../connections/connection-urls.js';
import type { AuthKind, Connection } from '../connections/model.js';
import { recordPendingSecret, sweepOrphanedSecrets } from '../connections/pending-secrets.js';
import { newConnectionId, type NewConnection } from '../connections/store.js';

/** What a person supplies to connect an account (CLI flags or the app's wizard). */
export interface AddConnectionInput {
  provider: Provider;
  label: string;
  region?: 'us' | 'eu';
  baseUrl?: string;
  authKind?: AuthKind;
  /** Provider-specific non-secret facts (handle, tenantId, headerName, url …). */
  metadata?: Record<string, string | number | boolean | null>;
  declaredScopes?: string[];
  /** Already shape-checked secret, or null for tenant-only / OAuth connections. */
  secret: string | null;
}

/** Live validation hook (whoami). Throws an `UpstreamError` with a plain-words message when the token is bad. */
export type Validator = (connection: Connection, secret: string | null) => Promise<Whoami>;

/**
 * Creates a connection: checks the label and addresses, optionally validates live, then stores the secret in the
 * keychain and the non-secret facts in the store. If the keychain write fails nothing is saved; if the store
 * write fails the keychain entry is removed again; if the process dies between the two, the pending-secret record
 * (written first) lets the next `sweepOrphanedSecrets` (run here first) remove the orphaned entry. A connection is
 * never saved without its secret.
 */
export async function addConnection(
  core: Core,
  input: AddConnectionInput,
  validate?: Validator,
): Promise<{ connection: Connection; whoami?: Whoami }> {
  await sweepOrphanedSecrets(core);
  const label = checkNewConnection(core, input.label, input.baseUrl);
  if (typeof input.metadata?.url === 'string') assertConnectionUrl(input.metadata.url, 'server URL');
  if (input.region && !input.provider.regions?.some((r) => r.id === input.region)) {
    throw new InputError(
      `${input.provider.displayName} has no region '${input.region}'.`,
      input.provider.regions
        ? `Use one of: ${input.provider.regions.map((r) => r.id).join(', ')}.`
        : 'Leave out --region.',
    );
  }
  const id = newConnectionId();
  const now = new Date().toISOString();
  const authKind: AuthKind = input.authKind ?? (input.secret ? 'token' : 'none');
  const draft: NewConnection & { id: string } = {
    id,
    label,
    provider: input.provider.id,
    authKind,
    ...(input.region ? { region: input.region } : {}),
    ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
    metadata: { ...(input.metadata ?? {}), ...(input.secret ? { maskedToken: maskSecret(input.secret) } : {}) },
    declaredScopes: input.declaredScopes ?? [],
  };
  let whoami: Whoami | undefined;
  const candidate = {
    ...draft,
    enabled: true,
    learnedGaps: [],
    policies: { readOnly: false, disabledTools: [], confirmWrites: false, redactPii: false },
    status: { state: 'unchecked' as const },
    createdAt: now,
    updatedAt: now,
    metadata: draft.metadata ?? {},
    declaredScopes: draft.declaredScopes ?? [],
  } satisfies Connection;
  input.provider.checkNewConnection?.(candidate);
  if (validate) {
    whoami = await validate(candidate, input.secret);
    draft.status = { state: 'ok', at: whoami.checkedAt };
    const serverScopes = reportedServerScopes(whoami);
    if (serverScopes) Object.assign(draft, { serverScopes });
    const expectedScopes = reportedExpectedScopes(whoami);
    if (expectedScopes) Object.assign(draft, { expectedScopes });
    draft.metadata = { ...draft.metadata, ...identityMetadata(whoami) };
  }
  if (!input.secret) return { connection: await core.store.add(draft), ...(whoami ? { whoami } : {}) };
  const settled = recordPendingSecret(core.home, id);
  await core.secrets.set(secretAccount(id), input.secret);
  await pauseForTest('add:after-secret');
  let connection: Connection;
  try {
    connection = await core.store.add(draft);
  } catch (error) {
    // Without the keychain entry gone the record must stay, so a later sweep removes it.
    if (
      await core.secrets.delete(secretAccount(id)).then(
        () => true,
        () => false,
      )
    )
      settled();
    throw error;
  }
  await pauseForTest('add:after-store');
  settled();
  return { connection, ...(whoami ? { whoami } : {}) };
}

/** The non-secret identity facts worth caching in the store for lists and offline display. */
export function identityMetadata(whoami: Whoami): Record<string, string | boolean | null> {
  // Names come from the service (a remote MCP server's own name, say): never stored with a secret it quoted.
  const name = whoami.principal.name ?? whoami.principal.email ?? whoami.principal.id;
  return {
    principalType: whoami.principal.type,
    principalName: name === undefined ? null : redactSecrets(name),
    ...(whoami.principal.id ? { principalId: redactSecrets(whoami.principal.id) } : {}),
    tokenKind: whoami.tokenKind,
    ...(whoami.expiresAt !== undefined ? { expiresAt: whoami.expiresAt } : {}),
    ...(whoami.flags.hidePii !== undefined ? { hidePii: whoami.flags.hidePii } : {}),
    ...(whoami.flags.legacyToken !== undefined ? { legacyToken: whoami.flags.legacyToken } : {}),
    ...(whoami.flags.boardPinned !== undefined ? { boardPinned: whoami.flags.boardPinned } : {}),
    ...(whoami.flags.mcpAccess !== undefined ? { mcpAccess: whoami.flags.mcpAccess } : {}),
  };
}

/**
 * The checks of a new connection that need no secret and no network: a label (required, at most 64 characters, not
 * already used) and a base URL override that is HTTPS (or HTTP to this computer). The CLI runs them before it asks
 * for the token, so a typo never costs a pasted secret. Returns the trimmed label.
 */
export function checkNewConnection(core: Core, rawLabel: string, baseUrl?: string): string {
  const label = rawLabel.trim();
  if (!label)
    throw new InputError('A label is required.', 'Pass --label "Acme production" (any name you will recognise).');
  if (label.length > 64) throw new InputError('The label is longer than 64 characters.', 'Use a shorter --label.');
  if (core.store.list().some((c) => c.label.toLowerCase() === label.toLowerCase()))
    throw new DuplicateLabelError(
      label,
      core.store.list().map((c) => c.label),
    );
  if (baseUrl) assertConnectionUrl(baseUrl, 'service address');
  return label;
}
