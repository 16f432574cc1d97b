import fs from 'node:fs';
import path from 'node:path';
import { applyEdits, format, type FormattingOptions, modify, parse as parseJsonc, type ParseError, type ParseOptions, printParseErrorCode, visit } from 'jsonc-parser';
import { InputError } from '../errors.js';
import { ASSISTANT_IDS, ASSISTANTS, type AssistantId, installHome } from './assistant-configs.js';
import { buildLaunchCommand, type LaunchCommand } from './launch-command.js';

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

/** An existing config file: its text and what it holds. `jsonc` when it parses only as JSONC (comments, trailing commas). */
interface ExistingConfig {
  text: string;
  value: Record<string, unknown>;
  jsonc: boolean;
}

const PARSE_OPTIONS: ParseOptions = { allowTrailingComma: true, disallowComments: false };

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

function readConfig(file: string): ExistingConfig | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(`Cannot read ${file}: ${(error as Error).message}.`, 'Check the file permissions, then try again.');
  }
  if (!text.trim()) return { text, value: {}, jsonc: false };
  let parsed: unknown;
  let jsonc = false;
  try {
    parsed = JSON.parse(text);
  } catch {
    const errors: ParseError[] = [];
    parsed = parseJsonc(text, errors, PARSE_OPTIONS);
    const first = errors[0];
    if (first) {
      throw new InputError(
        `${file} is not valid JSON, even allowing comments and trailing commas (${printParseErrorCode(first.error)} at ${lineAndColumn(text, first.offset)}), so Bridgekeeper did not change it.`,
        'Fix or move the file, or add the entry by hand: run the same command with --print to see it.',
      );
    }
    jsonc = true;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError(`${file} does not hold a JSON object, so Bridgekeeper did not change it.`, 'Fix or move the file, or add the entry by hand (see --print).');
  }
  return { text, value: parsed as Record<string, unknown>, jsonc };
}

/** Indentation and line ends as the file already has them, so an inserted entry looks like its neighbours. */
function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let indent: string | undefined;
  // The indentation of the first top-level property that starts its own line (comment lines can be indented oddly).
  visit(
    text,
    {
      onObjectProperty: (_property, offset, _length, _line, _column, pathSupplier) => {
        if (indent !== undefined || pathSupplier().length > 0) return;
        const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
        const prefix = text.slice(lineStart, offset);
        if (/^[ \t]+$/.test(prefix)) indent = prefix;
      },
    },
    PARSE_OPTIONS,
  );
  if (indent?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent ? indent.length : 2, eol };
}

/**
 * `text` with only `[serversKey, name]` inserted or replaced; every comment and all other text kept byte for byte.
 * `modify`'s own formatting reformats whole lines around an insertion (a sibling entry on the same line included),
 * so the raw edit is formatted here over just the new text and the whitespace directly beside it.
 */
function editJsonc(text: string, jsonPath: [string, string], value: unknown): string {
  const edits = modify(text, jsonPath, value, {});
  const edit = edits[0];
  if (edits.length !== 1 || !edit) return applyEdits(text, edits);
  const edited = applyEdits(text, edits);
  const range = { offset: Math.max(edit.offset - 1, 0), length: edit.content.length + 2 };
  return applyEdits(edited, format(edited, range, detectFormatting(text)));
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
  const home = options.home ?? installHome();
  const platform = options.platform ?? process.platform;
  const appData = options.appData ?? (options.home || process.env.BRIDGEKEEPER_INSTALL_HOME ? undefined : process.env.APPDATA);
  const file = format.configPath({ home, platform, ...(appData ? { appData } : {}) });
  const name = options.serverName ?? 'bridgekeeper';
  const entry = format.entry(options.launch ?? buildLaunchCommand());
  const snippet = JSON.stringify({ [format.serversKey]: { [name]: entry } }, null, 2);
  const base = { assistant: format.id, path: file, snippet, afterInstall: format.afterInstall };
  let existing: ReturnType<typeof readConfig>;
  let servers: unknown;
  try {
    existing = readConfig(file);
    servers = existing?.value[format.serversKey];
    if (servers !== undefined && (typeof servers !== 'object' || servers === null || Array.isArray(servers))) {
      throw new InputError(`"${format.serversKey}" in ${file} is not an object, so Bridgekeeper did not change it.`, 'Fix it by hand (see --print for the entry).');
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
