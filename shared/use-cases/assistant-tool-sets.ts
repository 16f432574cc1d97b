import { AuditLog } from '../audit/audit-log.js';
import {
  type AssistantSettings,
  DEFAULT_TOOL_MODE,
  readAllAssistantSettings,
  readAssistantSettings,
  type ToolMode,
  updateAssistantSettings,
} from '../connections/assistant-settings.js';
import type { Core } from '../connections/core.js';
import type { Connection } from '../connections/model.js';
import { ASSISTANT_IDS, ASSISTANTS, type AssistantId } from '../install/assistant-configs.js';
import { homePaths } from '../paths.js';

/** One assistant's tool set as people see it: names, not ids. */
export interface AssistantToolSet {
  assistant: string;
  displayName: string;
  /** Connections it sees; `all` = every connection, including ones added later. */
  connections: 'all' | Array<{ id: string; label: string }>;
  toolMode: ToolMode;
  /** Chosen connections that no longer exist (removed since): shown so the person can tidy up. */
  missing: string[];
  problem?: string;
}

function displayName(assistant: string): string {
  return (ASSISTANT_IDS as readonly string[]).includes(assistant)
    ? ASSISTANTS[assistant as AssistantId].displayName
    : assistant;
}

function describe(assistant: string, settings: AssistantSettings, connections: Connection[]): AssistantToolSet {
  const byId = new Map(connections.map((c) => [c.id, c]));
  return {
    assistant,
    displayName: displayName(assistant),
    connections: settings.connections
      ? settings.connections.flatMap((id) => {
          const c = byId.get(id);
          return c ? [{ id: c.id, label: c.label }] : [];
        })
      : 'all',
    toolMode: settings.toolMode,
    missing: (settings.connections ?? []).filter((id) => !byId.has(id)),
    ...(settings.problem ? { problem: settings.problem } : {}),
  };
}

/** The tool set of one assistant. */
export function assistantToolSet(core: Core, assistant: string): AssistantToolSet {
  return describe(assistant, readAssistantSettings(core.home, assistant), core.store.list());
}

/** The tool sets of the known assistants plus any other assistant that has settings. */
export function allAssistantToolSets(core: Core): AssistantToolSet[] {
  const saved = readAllAssistantSettings(core.home);
  const connections = core.store.list();
  const ids = [...new Set([...ASSISTANT_IDS, ...Object.keys(saved)])];
  return ids.map((id) => describe(id, saved[id] ?? { toolMode: DEFAULT_TOOL_MODE }, connections));
}

/** A requested change: connection ids or labels (or `all`), and/or a tool mode. */
export interface ToolSetChange {
  connections?: 'all' | string[];
  toolMode?: ToolMode;
}

/** The change resolved to ids, with what it widens (connections the assistant did not see before). */
export interface ResolvedToolSetChange {
  connections?: string[] | null;
  toolMode?: ToolMode;
  /** Labels of connections the assistant gains ("all" counts every connection it did not see). */
  widens: string[];
}

/** Resolves labels to ids (throws the store's not-found error for an unknown one) and finds what it widens. */
export function resolveToolSetChange(core: Core, assistant: string, change: ToolSetChange): ResolvedToolSetChange {
  const current = readAssistantSettings(core.home, assistant);
  const all = core.store.list();
  const ids =
    change.connections === undefined
      ? undefined
      : change.connections === 'all'
        ? null
        : [...new Set(change.connections.map((ref) => core.store.get(ref).id))];
  const before = new Set(current.connections ?? all.map((c) => c.id));
  const after = ids === undefined ? before : new Set(ids ?? all.map((c) => c.id));
  const gains = all.filter((c) => after.has(c.id) && !before.has(c.id)).map((c) => c.label);
  // "All" also means every connection added later: a widening even when today's list is already complete.
  const widens =
    ids === null && current.connections ? (gains.length > 0 ? gains : ['every connection added later']) : gains;
  return {
    ...(ids !== undefined ? { connections: ids } : {}),
    ...(change.toolMode ? { toolMode: change.toolMode } : {}),
    widens,
  };
}

/**
 * Saves a resolved change and records it in the activity log (who: app or CLI). Running gateways of that assistant
 * pick it up through their file watch and send `tools/list_changed` when their list differs.
 */
export async function saveToolSetChange(
  core: Core,
  assistant: string,
  change: ResolvedToolSetChange,
  by: 'app' | 'cli',
): Promise<AssistantToolSet> {
  const before = assistantToolSet(core, assistant);
  await updateAssistantSettings(core.home, assistant, {
    ...(change.connections !== undefined ? { connections: change.connections } : {}),
    ...(change.toolMode ? { toolMode: change.toolMode } : {}),
  });
  const after = assistantToolSet(core, assistant);
  const label = (set: AssistantToolSet) =>
    set.connections === 'all' ? 'all connections' : set.connections.map((c) => c.label).join(', ') || 'no connection';
  const changes = [
    ...(label(before) !== label(after) ? [`${after.displayName} sees ${label(after)}`] : []),
    ...(before.toolMode !== after.toolMode ? [`${after.displayName} tool mode ${after.toolMode}`] : []),
  ];
  if (changes.length > 0) {
    await new AuditLog(homePaths(core.home).audit).append({
      time: new Date().toISOString(),
      connectionId: `assistant:${assistant}`,
      connectionLabel: after.displayName,
      provider: 'bridgekeeper',
      tool: 'policy',
      upstreamTool: 'assistant tool set',
      access: 'write',
      outcome: 'allowed',
      durationMs: 0,
      client: by === 'app' ? 'Bridgekeeper app' : 'bridgekeeper CLI',
      argumentNames: [],
      policyChange: { by, changes },
    });
  }
  return after;
}
