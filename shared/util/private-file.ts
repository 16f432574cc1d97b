import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Replaces `file` with `text` atomically and privately: its folder is made owner-only (0700) if missing, the text is
 * written to a temporary file beside it (0600, named for this process) and renamed over `file`, so a reader never
 * sees half a file and two processes never write the same temporary file. Throws what the file system throws.
 */
export function writePrivateFileAtomically(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temporary, text, { mode: 0o600 });
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * The JSON in `file`, or undefined when it is absent, larger than `maxBytes` (not read), unreadable or not JSON: a
 * cache file the caller then checks with its schema, falling back to empty when it does not match.
 */
export function readJsonFileWithin(file: string, maxBytes: number): unknown {
  try {
    if ((fs.statSync(file, { throwIfNoEntry: false })?.size ?? maxBytes + 1) > maxBytes) return undefined;
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}
