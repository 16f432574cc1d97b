import fs from 'node:fs';
import { InputError } from '../errors.js';
import { ASSISTANT_IDS, ASSISTANTS, type AssistantId, configLocation } from './assistant-configs.js';
import { claudeCodePresence } from './claude-code-route.js';
import { editJsonc, readConfig } from './config-file.js';

/** Where to look: the same options `installAssistant` takes. */
export interface AssistantLookup {
  home?: string;
  platform?: NodeJS.Platform;
  appData?: string;
  serverName?: string;
  now?: Date;
}

/** Whether an assistant has Bridgekeeper in its MCP config, read from the file itself. */
export interface AssistantStatus {
  assistant: AssistantId;
  displayName: string;
  path: string;
  configured: boolean;
  /** The command the entry starts (to spot an outdated one), when configured. */
  command?: string;
  /** Set when the file exists but cannot be read as JSON/JSONC. */
  problem?: string;
  /** Where the entry applies, when the assistant has scopes (Claude Code: every project, or some projects only). */
  where?: string;
}

function where(assistant: AssistantId, options: AssistantLookup) {
  const format = ASSISTANTS[assistant];
  return {
    format,
    file: format.configPath(configLocation(options)),
    name: options.serverName ?? 'bridgekeeper',
  };
}

function assertAssistant(assistant: string): asserts assistant is AssistantId {
  if (!(ASSISTANT_IDS as readonly string[]).includes(assistant))
    throw new InputError(`Unknown assistant '${assistant}'.`, `Use one of: ${ASSISTANT_IDS.join(', ')}.`);
}

/** Reads one assistant's config file and says whether the Bridgekeeper entry is there. Never writes. */
export function assistantStatus(assistant: string, options: AssistantLookup = {}): AssistantStatus {
  assertAssistant(assistant);
  const { format, file, name } = where(assistant, options);
  const base = { assistant, displayName: format.displayName, path: file };
  try {
    if (assistant === 'claude-code') return { ...base, ...claudeCodeState(options.home, name) };
    const servers = readConfig(file)?.value[format.serversKey];
    const entry = servers && typeof servers === 'object' ? (servers as Record<string, unknown>)[name] : undefined;
    if (!entry || typeof entry !== 'object') return { ...base, configured: false };
    const command = (entry as { command?: unknown }).command;
    return { ...base, configured: true, ...(typeof command === 'string' ? { command } : {}) };
  } catch (error) {
    return { ...base, configured: false, problem: error instanceof Error ? error.message : String(error) };
  }
}

/** Claude Code's state: user scope (every project) first, else the projects with a local-scope entry. */
function claudeCodeState(
  home: string | undefined,
  name: string,
): Pick<AssistantStatus, 'configured' | 'command' | 'where'> {
  const presence = claudeCodePresence(home, name);
  if (presence.user)
    return {
      configured: true,
      ...(presence.user.command ? { command: presence.user.command } : {}),
      where: 'for every project (user scope)',
    };
  if (presence.localProjects.length > 0)
    return { configured: true, where: `only in ${presence.localProjects.join(', ')} (local scope)` };
  return { configured: false };
}

/** Every known assistant's status. */
export function allAssistantStatuses(options: AssistantLookup = {}): AssistantStatus[] {
  return ASSISTANT_IDS.map((id) => assistantStatus(id, options));
}

/**
 * Removes the Bridgekeeper entry from an assistant's MCP config, keeping every other server and setting (JSONC
 * comments too). The previous file is backed up first. A missing entry changes nothing.
 */
export function uninstallAssistant(
  assistant: string,
  options: AssistantLookup = {},
): { assistant: AssistantId; path: string; changed: boolean; backupPath?: string } {
  assertAssistant(assistant);
  const { format, file, name } = where(assistant, options);
  const existing = readConfig(file);
  const servers = existing?.value[format.serversKey];
  if (!existing || !servers || typeof servers !== 'object' || !(name in (servers as Record<string, unknown>)))
    return { assistant, path: file, changed: false };
  const next = existing.jsonc
    ? editJsonc(existing.text, [format.serversKey, name], undefined)
    : `${JSON.stringify({ ...existing.value, [format.serversKey]: Object.fromEntries(Object.entries(servers as Record<string, unknown>).filter(([key]) => key !== name)) }, null, 2)}\n`;
  const backupPath = `${file}.bridgekeeper-backup-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
  fs.copyFileSync(file, backupPath);
  const mode = fs.statSync(file).mode & 0o777;
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, next, { mode });
  fs.renameSync(tmp, file);
  return { assistant, path: file, changed: true, backupPath };
}
