import fs from 'node:fs';
import {
  applyEdits,
  format,
  type FormattingOptions,
  modify,
  parse as parseJsonc,
  type ParseError,
  type ParseOptions,
  printParseErrorCode,
  visit,
} from 'jsonc-parser';
import { InputError } from '../errors.js';

/** An existing config file: its text and what it holds. `jsonc` when it parses only as JSONC (comments, trailing commas). */
export interface ExistingConfig {
  text: string;
  value: Record<string, unknown>;
  jsonc: boolean;
}

const PARSE_OPTIONS: ParseOptions = { allowTrailingComma: true, disallowComments: false };

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

/** Reads an assistant's config file: undefined when it does not exist; an `InputError` (pointing at `--print`) when it is not a JSON(C) object. */
export function readConfig(file: string): ExistingConfig | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(
      `Cannot read ${file}: ${(error as Error).message}.`,
      'Check the file permissions, then try again.',
    );
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
    throw new InputError(
      `${file} does not hold a JSON object, so Bridgekeeper did not change it.`,
      'Fix or move the file, or add the entry by hand (see --print).',
    );
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
export function editJsonc(text: string, jsonPath: [string, string], value: unknown): string {
  const edits = modify(text, jsonPath, value, {});
  const edit = edits[0];
  if (edits.length !== 1 || !edit) return applyEdits(text, edits);
  const edited = applyEdits(text, edits);
  const range = { offset: Math.max(edit.offset - 1, 0), length: edit.content.length + 2 };
  return applyEdits(edited, format(edited, range, detectFormatting(text)));
}
