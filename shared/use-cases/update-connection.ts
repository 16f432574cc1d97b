import type { Core } from '../connections/core.js';
import { DuplicateLabelError, InputError } from '../errors.js';
import { assertConnectionUrl } from '../connections/connection-urls.js';
import { getProvider } from '../providers/registry.js';
import { reportedExpectedScopes, reportedServerScopes } from '../providers/reported-scopes.js';
import type { Whoami } from '../providers/types.js';
import { checkConnection } from './whoami-service.js';
import { maskSecret } from '../secrets/mask.js';
import { secretAccount } from '../secrets/secret-store.js';
import { identityMetadata, type Validator } from './add-connection.js';
import type { Connection } from '../connections/model.js';

/** What a person may change on a saved connection; every field is optional (unchanged when left out). */
export interface UpdateConnectionInput {
  label?: string | undefined;
  /** A new, already shape-checked token (replace or rotate). */
  secret?: string | undefined;
  region?: 'us' | 'eu' | undefined;
  handle?: string | undefined;
  tenantId?: string | undefined;
  url?: string | undefined;
  headerName?: string | undefined;
  /**
   * Forget the scopes the service refused before ("try these tools again"), for when the person has since granted
   * them on the same token. Not a policy: the service still enforces its own scopes, so this only lets calls reach it.
   */
  forgetRefusals?: boolean | undefined;
}

/** What `updateConnection` did. `checked` is true when the service confirmed the changed connection live. */
export interface UpdateConnectionResult {
  connection: Connection;
  whoami?: Whoami;
  checked: boolean;
  changed: string[];
  /**
   * Refusals learned before that were forgotten: asked for (`forgetRefusals`), or because a change other than a
   * rename (a new token, region, handle, tenant, URL or header) makes lessons about the old token or place stale.
   */
  forgottenRefusals: Array<{ scope: string; tool: string }>;
}

/**
 * Edits a connection in place: id and policies are kept. A new token or a new place (region, handle, tenant, URL,
 * header) is checked live with `validate` BEFORE anything is written, so a token that fails never replaces the one
 * that works; after any failed check the stored connection's status is refreshed (its old token may be the revoked
 * one). Such a change also forgets the scopes the service refused before (they were about the old token or place);
 * a rename keeps them, and `forgetRefusals` forgets them without any other change (no live check: nothing sent
 * changes). Running gateways see the store change and tell their assistants `tools/list_changed`.
 */
export async function updateConnection(
  core: Core,
  ref: string,
  input: UpdateConnectionInput,
  validate?: Validator,
): Promise<UpdateConnectionResult> {
  const current = core.store.get(ref);
  const provider = getProvider(current.provider);
  const changed: string[] = [];
  const next: Connection = { ...current, metadata: { ...current.metadata } };

  const label = checkRename(core, current, input.label);
  if (label !== undefined) {
    next.label = label;
    changed.push('name');
  }
  if (input.region !== undefined && input.region !== current.region) {
    if (!provider.regions?.some((r) => r.id === input.region)) {
      throw new InputError(
        `${provider.displayName} has no region '${input.region}'.`,
        provider.regions ? `Use one of: ${provider.regions.map((r) => r.id).join(', ')}.` : 'Leave out --region.',
      );
    }
    next.region = input.region;
    changed.push('region');
  }
  const metadataChange = (key: string, value: string | undefined, what: string, allowed: boolean) => {
    if (value === undefined || value === current.metadata[key]) return;
    if (!allowed)
      throw new InputError(`${provider.displayName} connections have no ${what}.`, `Leave out the ${what}.`);
    next.metadata[key] = value;
    changed.push(what);
  };
  metadataChange('handle', input.handle, 'business handle', provider.id === 'sessions-website');
  metadataChange('tenantId', input.tenantId, 'tenant id', provider.id === 'session-services');
  metadataChange('url', input.url, 'server address', provider.id === 'remote-mcp');
  metadataChange('headerName', input.headerName, 'header name', provider.id === 'remote-mcp');
  if (input.url !== undefined && provider.id === 'remote-mcp') assertConnectionUrl(input.url, 'server URL');
  if (input.headerName !== undefined && !/^[A-Za-z0-9-]{1,64}$/.test(input.headerName)) {
    throw new InputError(
      `'${input.headerName}' is not a header name.`,
      'A header name is letters, digits and - (e.g. X-Api-Key).',
    );
  }
  if (input.secret !== undefined) {
    if (current.authKind === 'oauth') {
      throw new InputError(
        `'${current.label}' signs in with the browser; it has no token to replace.`,
        `Sign in again with \`bridgekeeper login "${current.label}"\`.`,
        { kind: 'sign_in_again' },
      );
    }
    next.authKind = 'token';
    next.metadata.maskedToken = maskSecret(input.secret);
    changed.push('token');
  }
  // Anything but a rename changes what is sent where: lessons about the old token or place no longer hold.
  const movedOrReplaced = changed.some((c) => c !== 'name');
  const forget = movedOrReplaced || input.forgetRefusals === true;
  if (changed.length === 0) {
    if (!forget || current.learnedGaps.length === 0)
      return { connection: current, checked: false, changed, forgottenRefusals: [] };
    return forgetOnly(core, current.id);
  }
  provider.checkNewConnection?.(next);

  // Check such a change live first (OAuth grants are checked at sign-in).
  const needsCheck = movedOrReplaced && next.authKind !== 'oauth';
  let whoami: Whoami | undefined;
  if (needsCheck && validate) {
    const secret =
      input.secret ?? (next.authKind === 'token' ? await core.secrets.get(secretAccount(current.id)) : null);
    try {
      whoami = await validate(next, secret);
    } catch (error) {
      // The old connection stays as it was; refresh its status so the app does not say "Working" for a dead token.
      await checkConnection(core, current.id).catch(() => undefined);
      throw error;
    }
  }

  const account = secretAccount(current.id);
  const previousSecret = input.secret !== undefined ? await core.secrets.get(account) : null;
  if (input.secret !== undefined) await core.secrets.set(account, input.secret);
  let forgottenRefusals: UpdateConnectionResult['forgottenRefusals'] = [];
  try {
    const serverScopes = whoami ? reportedServerScopes(whoami) : undefined;
    const connection = await core.store.update(current.id, (latest) => ({
      ...(forget ? forgetAll(latest, (gaps) => (forgottenRefusals = gaps)) : {}),
      label: next.label,
      authKind: next.authKind,
      ...(next.region ? { region: next.region } : {}),
      metadata: { ...latest.metadata, ...next.metadata, ...(whoami ? identityMetadata(whoami) : {}) },
      // Scopes the service reported for the old token or place are not the new one's: only a fresh report counts.
      ...(needsCheck ? { serverScopes, expectedScopes: undefined } : {}),
      ...(whoami
        ? {
            status: { state: 'ok' as const, at: whoami.checkedAt },
            ...(serverScopes ? { serverScopes } : {}),
            expectedScopes: reportedExpectedScopes(whoami),
          }
        : needsCheck
          ? { status: { state: 'unchecked' as const } }
          : {}),
    }));
    return {
      connection,
      ...(whoami ? { whoami } : {}),
      checked: whoami !== undefined,
      changed,
      forgottenRefusals,
    };
  } catch (error) {
    if (input.secret !== undefined) {
      if (previousSecret) await core.secrets.set(account, previousSecret).catch(() => undefined);
      else await core.secrets.delete(account).catch(() => undefined);
    }
    throw error;
  }
}

/** Forgets every learned refusal of a connection and nothing else (a bookkeeping write: the configuration stays). */
async function forgetOnly(core: Core, id: string): Promise<UpdateConnectionResult> {
  let forgottenRefusals: UpdateConnectionResult['forgottenRefusals'] = [];
  const connection = await core.store.update(id, (latest) => forgetAll(latest, (gaps) => (forgottenRefusals = gaps)));
  return { connection, checked: false, changed: [], forgottenRefusals };
}

/** The store patch that empties `learnedGaps`, reporting what it removed (as of the store's latest state). */
function forgetAll(
  latest: Connection,
  report: (gaps: UpdateConnectionResult['forgottenRefusals']) => void,
): Pick<Connection, 'learnedGaps'> {
  report(latest.learnedGaps.map(({ scope, tool }) => ({ scope, tool })));
  return { learnedGaps: [] };
}

/**
 * A new name for `current`, checked (required, at most 64 characters, not another connection's), or undefined when
 * it is no change. Needs no secret and no network: the CLI runs it before it asks for a new token.
 */
export function checkRename(core: Core, current: Connection, rawLabel: string | undefined): string | undefined {
  if (rawLabel === undefined || rawLabel.trim() === current.label) return undefined;
  const label = rawLabel.trim();
  if (!label)
    throw new InputError('A name is required.', 'Pass --label "Acme production" (any name you will recognise).');
  if (label.length > 64) throw new InputError('The name is longer than 64 characters.', 'Use a shorter --label.');
  const others = core.store.list().filter((c) => c.id !== current.id);
  if (others.some((c) => c.label.toLowerCase() === label.toLowerCase()))
    throw new DuplicateLabelError(
      label,
      core.store.list().map((c) => c.label),
    );
  return label;
}
