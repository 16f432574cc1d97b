import fs from 'node:fs';
import type { z } from 'zod';
import { InputError } from '../errors.js';

/** How one settings file is named in errors, and what fixing it means. */
export interface SettingsFileWords {
  /** What cannot be read when the file is not JSON, e.g. "the assistants' choices". */
  contents: string;
  /** What this version cannot read, e.g. "assistant settings". */
  kind: string;
  /** What to do about a file that is not JSON. */
  notJsonFix: string;
}

/**
 * Reads a small settings file of the home (`settings.json`, `assistants.json`): `empty` when there is none; an
 * `InputError` saying what is wrong and what to do when it is not JSON or not of `schema`.
 */
export function readSettingsFile<T>(file: string, schema: z.ZodType<T>, empty: T, words: SettingsFileWords): T {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return empty;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InputError(`${file} is not valid JSON, so ${words.contents} cannot be read.`, words.notJsonFix);
  }
  const read = schema.safeParse(parsed);
  if (!read.success) {
    throw new InputError(
      `${file} does not hold ${words.kind} this version can read (${read.error.issues[0]?.message ?? 'invalid'}).`,
      'Update Bridgekeeper, or fix or delete the file.',
    );
  }
  return read.data;
}

/** Replaces a settings file with `value` (2-space JSON, temp file renamed over it, mode 0600). Call under its lock. */
export function writeSettingsFile(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}
