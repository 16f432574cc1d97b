import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { ASSISTANT_IDS, ASSISTANTS, type AssistantId, configLocation } from './assistant-configs.js';
import { editJsonc, readConfig } from './config-file.js';
import { buildLaunchCommand, type LaunchCommand, launchForAssistant } from './launch-command.js';

/** Options for `installAssistant`. */
export interface InstallOptions {
  /** Home folder to install under (default `BRIDGEKEEPER_INSTALL_HOME` or the user's home). */
  home?: string;
  platform?: NodeJS.Platform;
  /** Windows roaming app data (default `%APPDATA%`, or `<home>/AppData/Roaming` when `home` is given). */
  appData?: string;
  /** How to start the gateway (the desktop app passes its own binary). Default: this node + this CLI. */
  launch?: LaunchCommand;
  /** Only build the snippet; write nothing. */
  print?: boolean;
  /** Name of the server entry (default `bridgekeeper`). */
  serverName?: string;
  now?: Date;
}

/** What an install did (or, with `print`, would do). */
export interface InstallResult {
  assistant: AssistantId;
  path: string;
  /** Copy of the previous file, when one existed and was changed. */
  backupPath?: string;
  /** False when the entry was already up to date (nothing written). */
  changed: boolean;
  /** The JSON to paste by hand: `{ "<serversKey>": { "bridgekeeper": … } }`. */
  snippet: string;
  afterInstall: string;
}

/**
 * Adds (or updates) the gateway's entry in an assistant's MCP config, keeping every other server and setting.
 * Idempotent: an up-to-date entry writes nothing and makes no backup. A changed file is backed up first
 * (`<file>.bridgekeeper-backup-<time>`) and replaced atomically, keeping its file mode.
 *
 * Plain JSON is rewritten with 2-space indentation and a final newline. JSONC (JSON with comments and trailing
 * commas, as VS Code's `mcp.json` often is) is edited in place: only `"<serversKey>": { "<name>": … }` is inserted
 * or replaced, formatted with the file's own indentation and line ends, and every comment and all other text is
 * kept byte for byte. Refuses (with an `InputError` pointing at `--print`) a file that does not parse even as
 * JSONC, one whose top level is not an object, and one whose servers key is not an object; with `print`, such a file
 * still gets the snippet to add by hand.
 */
export function installAssistant(assistant: string, options: InstallOptions = {}): InstallResult {
  if (!(ASSISTANT_IDS as readonly string[]).includes(assistant)) {
    throw new InputError(`Unknown assistant '${assistant}'.`, `Use one of: ${ASSISTANT_IDS.join(', ')}.`);
  }
  const format = ASSISTANTS[assistant as AssistantId];
  const file = format.configPath(configLocation(options));
  const name = options.serverName ?? 'bridgekeeper';
  const launch = options.launch ?? buildLaunchCommand();
  const entry = format.entry(launchForAssistant(launch, format.id));
  const snippet = JSON.stringify({ [format.serversKey]: { [name]: entry } }, null, 2);
  const base = {
    assistant: format.id,
    path: file,
    snippet,
    afterInstall: launch.warning ? `${format.afterInstall} ${launch.warning}` : format.afterInstall,
  };
  let existing: ReturnType<typeof readConfig>;
  let servers: unknown;
  try {
    existing = readConfig(file);
    servers = existing?.value[format.serversKey];
    if (servers !== undefined && (typeof servers !== 'object' || servers === null || Array.isArray(servers))) {
      throw new InputError(
        `"${format.serversKey}" in ${file} is not an object, so Bridgekeeper did not change it.`,
        'Fix it by hand (see --print for the entry).',
      );
    }
  } catch (error) {
    // --print is the way out the refusals point to: it must still hand over the entry to add by hand.
    if (options.print && error instanceof InputError) return { ...base, changed: true };
    throw error;
  }
  const current = (servers as Record<string, unknown> | undefined)?.[name];
  if (JSON.stringify(current) === JSON.stringify(entry)) return { ...base, changed: false };
  if (options.print) return { ...base, changed: true };
  const next = existing?.jsonc
    ? editJsonc(existing.text, [format.serversKey, name], entry)
    : `${JSON.stringify({ ...(existing?.value ?? {}), [format.serversKey]: { ...((servers as Record<string, unknown>) ?? {}), [name]: entry } }, null, 2)}\n`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let backupPath: string | undefined;
  if (existing !== undefined) {
    backupPath = `${file}.bridgekeeper-backup-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
    fs.copyFileSync(file, backupPath);
  }
  const mode = existing !== undefined ? fs.statSync(file).mode & 0o777 : 0o600;
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, next, { mode });
  fs.renameSync(tmp, file);
  return { ...base, changed: true, ...(backupPath ? { backupPath } : {}) };
}
