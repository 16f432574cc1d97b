import { z } from 'zod';
import { AuditLog } from '../audit/audit-log.js';
import { homePaths } from '../paths.js';
import type { Connection, Policies } from '../connections/model.js';
import type { Core } from '../connections/core.js';
import { InputError } from '../errors.js';
import { loadedProvider } from '../providers/load-provider.js';
import { grantedScopesOf } from '../providers/granted-scopes.js';
import { scopeCheck } from '../providers/scope-check.js';
import type { Provider, ToolDefinition } from '../providers/types.js';
import { withLearnedRequirements } from './gateway-tool.js';
import { PROVIDER_SHORT_NAMES } from './tool-names.js';

/** Why a tool is not offered by the gateway, if it is not. */
export type HiddenReason = 'read_only' | 'disabled' | 'connection_disabled' | 'missing_scope';

/** Argument variants worth checking: every value of an `action` enum (Sessionboard `manage_*`), or no arguments. */
export function actionVariants(tool: Pick<ToolDefinition, 'inputSchema'>): Array<Record<string, unknown>> {
  const action = (tool.inputSchema?.properties as Record<string, { enum?: unknown[] }> | undefined)?.action;
  return Array.isArray(action?.enum) && action.enum.length > 0 ? action.enum.map((value) => ({ action: value })) : [{}];
}

/**
 * True when the token certainly cannot use `tool`: for every action, the scope check says `missing` (scopes the
 * service reported, or a refusal it gave before). Never for `unknown`, an assumed requirement, or scopes the person
 * only declared.
 */
export function certainlyUnusable(
  tool: ToolDefinition,
  connection: Connection,
  provider: Pick<Provider, 'effectiveScopes' | 'expectedScopes'> | undefined = loadedProvider(connection.provider),
): boolean {
  if (!provider) return false; // cannot tell without the provider's scope rules: offer it
  const granted = grantedScopesOf(provider, connection);
  const definition = withLearnedRequirements(tool, connection.learnedGaps);
  return actionVariants(tool).every((args) => scopeCheck(definition, args, granted).status === 'missing');
}

function isFullTool(tool: Partial<ToolDefinition>): tool is ToolDefinition {
  return typeof tool.requiredScopes === 'function';
}
function isFullConnection(connection: Partial<Connection>): connection is Connection {
  return typeof connection.provider === 'string' && Array.isArray(connection.learnedGaps);
}

/**
 * Whether the gateway offers `tool` under the connection's policies: read-only hides writes, disabled tools are
 * hidden, and tools the token certainly cannot use are hidden unless the person turned "show tools this token
 * can't use" on. A signed-in (OAuth) connection's tools stay offered: a call asks for the missing scope.
 */
export function toolVisibility(
  tool: Pick<ToolDefinition, 'name' | 'access'> & Partial<ToolDefinition>,
  connection: Pick<Connection, 'enabled' | 'policies'> & Partial<Connection>,
  /** The connection's provider (the gateway has it loaded; the CLI and app pass theirs). */
  provider?: Pick<Provider, 'effectiveScopes' | 'expectedScopes'>,
): { visible: boolean; hiddenBecause?: HiddenReason } {
  if (!connection.enabled) return { visible: false, hiddenBecause: 'connection_disabled' };
  if (connection.policies.disabledTools.includes(tool.name)) return { visible: false, hiddenBecause: 'disabled' };
  if (connection.policies.readOnly && tool.access === 'write') return { visible: false, hiddenBecause: 'read_only' };
  // A sign-in (OAuth) is not "certainly unusable": calling the tool asks for the missing scope (step-up).
  if (
    !connection.policies.showUnusableTools &&
    connection.authKind !== 'oauth' &&
    isFullTool(tool) &&
    isFullConnection(connection) &&
    certainlyUnusable(tool, connection, provider ?? loadedProvider(connection.provider))
  ) {
    return { visible: false, hiddenBecause: 'missing_scope' };
  }
  return { visible: true };
}

/** A change to a connection's policies (what the CLI flags and the app's toggles send). */
export const PolicyPatchSchema = z
  .object({
    readOnly: z.boolean().optional(),
    confirmWrites: z.boolean().optional(),
    redactPii: z.boolean().optional(),
    showUnusableTools: z.boolean().optional(),
    /** Tool names (plain, e.g. `create_session`, or the gateway's namespaced name) to hide. */
    disable: z.array(z.string().min(1).max(128)).optional(),
    /** Tool names to offer again. */
    enable: z.array(z.string().min(1).max(128)).optional(),
  })
  .strict();
export type PolicyPatch = z.infer<typeof PolicyPatchSchema>;

/** A gateway tool name's `<provider-short>_<label-slug>__` prefix (the slug never holds `_`, so the first `__` ends it). */
const GATEWAY_PREFIX = new RegExp(`^(?:${Object.values(PROVIDER_SHORT_NAMES).join('|')})_[a-z0-9-]*__`);

/**
 * `sessionboard_acme__create_session` → `create_session`; plain names (even ones holding `__`, as upstream MCP tool
 * names may) pass through.
 */
export function plainToolName(name: string): string {
  return name.replace(GATEWAY_PREFIX, '');
}

/** Applies a patch to policies (pure). */
export function applyPolicyPatch(policies: Policies, patch: PolicyPatch): Policies {
  const disabled = new Set(policies.disabledTools);
  for (const name of patch.disable ?? []) disabled.add(plainToolName(name));
  for (const name of patch.enable ?? []) disabled.delete(plainToolName(name));
  return {
    readOnly: patch.readOnly ?? policies.readOnly,
    confirmWrites: patch.confirmWrites ?? policies.confirmWrites,
    redactPii: patch.redactPii ?? policies.redactPii,
    showUnusableTools: patch.showUnusableTools ?? policies.showUnusableTools,
    disabledTools: [...disabled].sort(),
  };
}

/**
 * Changes the policies of the connection `ref` (id or label) under the store lock; running gateways pick the change
 * up through the store watch and tell their clients the tool list changed.
 */
export async function setPolicy(
  core: Core,
  ref: string,
  patch: PolicyPatch,
  options: { by?: 'app' | 'cli' } = {},
): Promise<Connection> {
  const parsed = PolicyPatchSchema.safeParse(patch);
  if (!parsed.success)
    throw new InputError(
      `Invalid policy change: ${parsed.error.issues[0]?.message ?? 'invalid'}.`,
      'See `bridgekeeper tools --help`.',
    );
  const connection = core.store.get(ref);
  const before = connection.policies;
  const updated = await core.store.update(connection.id, (current) => ({
    policies: applyPolicyPatch(current.policies, parsed.data),
  }));
  const changes = policyChanges(before, updated.policies);
  if (options.by && changes.length > 0) {
    await new AuditLog(homePaths(core.home).audit).append({
      time: new Date().toISOString(),
      connectionId: updated.id,
      connectionLabel: updated.label,
      provider: updated.provider,
      tool: 'policy',
      upstreamTool: 'policy',
      access: 'write',
      outcome: 'allowed',
      durationMs: 0,
      client: options.by === 'app' ? 'Bridgekeeper app' : 'bridgekeeper CLI',
      argumentNames: [],
      policyChange: { by: options.by, changes },
    });
  }
  return updated;
}

/** Each rule that differs between two policy sets, in words: `read-only on`, `tool delete_item turned off` … */
export function policyChanges(before: Policies, after: Policies): string[] {
  const changes: string[] = [];
  const flag = (name: string, a: boolean | undefined, b: boolean | undefined) => {
    if (Boolean(a) !== Boolean(b)) changes.push(`${name} ${b ? 'on' : 'off'}`);
  };
  flag('read-only', before.readOnly, after.readOnly);
  flag('confirm writes', before.confirmWrites, after.confirmWrites);
  flag('redact personal data', before.redactPii, after.redactPii);
  flag("show tools the token can't use", before.showUnusableTools, after.showUnusableTools);
  for (const tool of after.disabledTools.filter((t) => !before.disabledTools.includes(t)))
    changes.push(`tool ${tool} turned off`);
  for (const tool of before.disabledTools.filter((t) => !after.disabledTools.includes(t)))
    changes.push(`tool ${tool} turned on`);
  return changes;
}

/**
 * True when `patch` would loosen a rule the person set: read-only, confirm-writes or redact-PII off, a tool turned
 * on again, or tools the token cannot use shown. Such changes from the CLI need an interactive confirmation.
 */
export function loosens(policies: Policies, patch: PolicyPatch): string[] {
  const loosened: string[] = [];
  if (patch.readOnly === false && policies.readOnly) loosened.push('read-only off');
  if (patch.confirmWrites === false && policies.confirmWrites) loosened.push('confirm writes off');
  if (patch.redactPii === false && policies.redactPii) loosened.push('redact personal data off');
  if (patch.showUnusableTools === true && !policies.showUnusableTools) loosened.push("show tools the token can't use");
  for (const name of patch.enable ?? [])
    if (policies.disabledTools.includes(plainToolName(name))) loosened.push(`tool ${plainToolName(name)} on`);
  return loosened;
}
