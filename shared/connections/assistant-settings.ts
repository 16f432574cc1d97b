import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { ensurePrivateDir, withFileLock } from '../util/file-lock.js';
import { AssistantKeySchema, TOOL_MODES, type ToolMode } from './assistant-keys.js';
import { readSettingsFile, writeSettingsFile } from './settings-file.js';
import { watchStoreFile } from './watch.js';

export { AssistantKeySchema, TOOL_MODES, type ToolMode };

/**
 * Per-assistant choices, kept in `<home>/assistants.json` next to the connection store:
 * - `connections`: the ids of the connections this assistant sees (absent: all of them; new ones included);
 * - `toolMode`: how the gateway lists tools to it: `full` (every tool), `compact` (a few gateway tools that find and
 *   call the others) or `auto` (compact above `COMPACT_THRESHOLD` tools; the default). A gateway started without an
 *   assistant id lists every tool.
 *
 * Forward compatible like the connection store: unknown keys (top level and per assistant) are kept on write; a
 * `connections` value of a shape this version cannot read hides every connection from that assistant (it is a
 * restriction, so it fails closed) and an unknown `toolMode` reads as `auto`. Writes are read-modify-write under
 * the same kind of cross-process lock, atomic renames, mode 0600.
 */

/** In `auto` mode, more visible tools than this switch the assistant to compact mode (some assistants cap near 40). */
export const COMPACT_THRESHOLD = 40;

/** The tool mode of an assistant nobody chose one for: compact only when its list grows past the threshold. */
export const DEFAULT_TOOL_MODE: ToolMode = 'auto';

/** One assistant's choices as this version reads them. */
export interface AssistantSettings {
  /** Connection ids it sees; undefined = all. */
  connections?: string[];
  toolMode: ToolMode;
  /** Set when the file holds something this version cannot read for this assistant (it then sees no connection). */
  problem?: string;
}

const FILE_NAME = 'assistants.json';
const SCHEMA_VERSION = 1;
const FileSchema = z.looseObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  assistants: z.record(z.string(), z.unknown()),
});
const ConnectionsSchema = z.array(z.string().min(1));
const ToolModeSchema = z.enum(TOOL_MODES).catch('auto');

type Raw = Record<string, unknown>;

/** Where the settings live. */
export function assistantSettingsPath(home: string): string {
  return path.join(home, FILE_NAME);
}

function readRaw(home: string): Raw {
  return readSettingsFile(
    assistantSettingsPath(home),
    FileSchema,
    { schemaVersion: SCHEMA_VERSION, assistants: {} },
    {
      contents: "the assistants' choices",
      kind: 'assistant settings',
      notJsonFix: 'Fix or delete the file (every assistant then sees every connection again).',
    },
  );
}

/** Reads one raw entry as this version understands it. */
function interpret(entry: unknown): AssistantSettings {
  if (entry === undefined) return { toolMode: DEFAULT_TOOL_MODE };
  if (!entry || typeof entry !== 'object' || Array.isArray(entry))
    return { connections: [], toolMode: DEFAULT_TOOL_MODE, problem: 'its entry is not an object' };
  const raw = entry as Raw;
  const toolMode = raw.toolMode === undefined ? DEFAULT_TOOL_MODE : ToolModeSchema.parse(raw.toolMode);
  if (raw.connections === undefined) return { toolMode };
  const connections = ConnectionsSchema.safeParse(raw.connections);
  if (!connections.success)
    return { connections: [], toolMode, problem: 'its connection choice has a shape this version cannot read' };
  return { connections: connections.data, toolMode };
}

/**
 * One assistant's settings. A file that cannot be read at all throws an `InputError`; callers that must not fail
 * (the gateway) catch it and fail closed.
 */
export function readAssistantSettings(home: string, assistant: string): AssistantSettings {
  return interpret((readRaw(home).assistants as Raw)[assistant]);
}

/** Every assistant that has settings, by id. */
export function readAllAssistantSettings(home: string): Record<string, AssistantSettings> {
  const raw = readRaw(home).assistants as Raw;
  return Object.fromEntries(Object.entries(raw).map(([id, entry]) => [id, interpret(entry)]));
}

/** A change to one assistant's settings: `connections: null` means "all connections" again. */
export interface AssistantSettingsChange {
  connections?: string[] | null;
  toolMode?: ToolMode;
}

/**
 * Applies `change` to one assistant's entry under the lock, keeping every key this version does not know.
 * Returns the settings as written.
 */
export async function updateAssistantSettings(
  home: string,
  assistant: string,
  change: AssistantSettingsChange,
): Promise<AssistantSettings> {
  const id = AssistantKeySchema.safeParse(assistant);
  if (!id.success)
    throw new InputError(`'${assistant}' is not an assistant id.`, `Use ${id.error.issues[0]!.message}.`);
  ensurePrivateDir(home);
  const file = assistantSettingsPath(home);
  return withFileLock(file, () => {
    const raw = readRaw(home);
    const assistants = { ...(raw.assistants as Raw) };
    const before = assistants[id.data];
    const entry: Raw = before && typeof before === 'object' && !Array.isArray(before) ? { ...(before as Raw) } : {};
    if (change.connections === null) delete entry.connections;
    else if (change.connections !== undefined) entry.connections = [...new Set(change.connections)];
    if (change.toolMode !== undefined) entry.toolMode = change.toolMode;
    assistants[id.data] = entry;
    writeSettingsFile(file, { ...raw, schemaVersion: SCHEMA_VERSION, assistants });
    return interpret(entry);
  });
}

/** Watches the settings file (changes from any process); `onChange` is debounced. */
export function watchAssistantSettings(home: string, onChange: () => void): () => void {
  ensurePrivateDir(home);
  return watchStoreFile(home, FILE_NAME, onChange);
}
