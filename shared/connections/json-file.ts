import fs from 'node:fs';
import { writeFileSync as atomicWriteFileSync } from 'atomically';

/**
 * The connections file on disk: JSON, tab-indented (the format `conf`/electron-store write), replaced atomically
 * (a temp file renamed over it, via `atomically`), owner-only.
 *
 * Why not `conf`, which the store used before: `conf` writes through this same `atomically` call, but loading it
 * also loads ajv, ajv-formats, semver, dot-prop and env-paths, none of which the store uses (no schema, no
 * migrations, no dot paths). In the all-day gateway process that cost 2.9 MB of idle RSS (measured with 4 upstream
 * sessions, 7 runs each, before/after). Reading and writing one JSON file needs only what is here.
 */
export class JsonFile {
  constructor(
    readonly path: string,
    readonly mode = 0o600,
  ) {}

  /** What is on disk (an object without prototype), `{}` when there is no file; throws `SyntaxError` when it is not JSON. */
  read(): Record<string, unknown> {
    let text: string;
    try {
      text = fs.readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Object.create(null) as Record<string, unknown>;
      throw error;
    }
    return Object.assign(Object.create(null) as Record<string, unknown>, JSON.parse(text) as unknown);
  }

  /** Replaces the file atomically with `value`. */
  write(value: Record<string, unknown>): void {
    const data = JSON.stringify(value, undefined, '\t');
    try {
      atomicWriteFileSync(this.path, data, { mode: this.mode });
    } catch (error) {
      // Windows can refuse the rename across what it sees as devices (as conf also works around): write in place.
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      fs.writeFileSync(this.path, data, { mode: this.mode });
    }
  }
}
