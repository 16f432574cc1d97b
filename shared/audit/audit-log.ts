import fs from 'node:fs';
import path from 'node:path';
import { withFileLock } from '../util/file-lock.js';
import { redactSecrets } from '../secrets/redact.js';
import { type AuditRecord, AuditRecordSchema } from './audit-record.js';

/** Size-based rotation: `activity.jsonl` → `activity.jsonl.1` … `.<keep>`. */
export interface RotationOptions {
  /** Rotate when the current file is at least this big. Default 5 MB (`BRIDGEKEEPER_AUDIT_MAX_BYTES`). */
  maxBytes?: number;
  /** Rotated files kept. Default 5. */
  keep?: number;
}

/** Rotated files of `file`, newest first (`.1` is the newest). */
export function rotatedFiles(file: string, keep: number): string[] {
  return Array.from({ length: keep }, (_, i) => `${file}.${i + 1}`);
}

/**
 * Appends audit records as JSON lines. Several gateway processes share the file: each line is one `O_APPEND`
 * write, and rotation happens under a cross-process lock (re-checking the size once locked). Secrets are
 * redacted from every line as a last line of defence; writing never throws into a tool call.
 */
export class AuditLog {
  readonly file: string;
  readonly #maxBytes: number;
  readonly #keep: number;
  readonly #secrets: () => Iterable<string>;
  #queue: Promise<void> = Promise.resolve();
  #dirReady = false;

  constructor(file: string, options: RotationOptions & { knownSecrets?: () => Iterable<string> } = {}) {
    this.file = file;
    this.#maxBytes = options.maxBytes ?? (Number(process.env.BRIDGEKEEPER_AUDIT_MAX_BYTES) || 5 * 1024 * 1024);
    this.#keep = options.keep ?? 5;
    this.#secrets = options.knownSecrets ?? (() => []);
  }

  /** Queues one record; resolves when it is on disk (failures, including an invalid record, resolve to false). */
  append(record: AuditRecord): Promise<boolean> {
    // Deferred to the next turn of the event loop, so a tool result is sent before its audit line is written.
    const write = this.#queue
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(async () => {
        const line = `${redactSecrets(JSON.stringify(AuditRecordSchema.parse(record)), this.#secrets())}\n`;
        if (!this.#dirReady) {
          fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
          this.#dirReady = true;
        }
        if (this.#size() >= this.#maxBytes) await this.#rotate();
        fs.appendFileSync(this.file, line, { mode: 0o600 });
      });
    this.#queue = write.catch(() => undefined);
    return write.then(
      () => true,
      () => false,
    );
  }

  #size(): number {
    try {
      return fs.statSync(this.file).size;
    } catch {
      return 0;
    }
  }

  async #rotate(): Promise<void> {
    await withFileLock(
      this.file,
      () => {
        if (this.#size() < this.#maxBytes) return; // another process rotated first
        const files = rotatedFiles(this.file, this.#keep);
        fs.rmSync(files[files.length - 1]!, { force: true });
        for (let i = files.length - 1; i > 0; i--)
          if (fs.existsSync(files[i - 1]!)) fs.renameSync(files[i - 1]!, files[i]!);
        fs.renameSync(this.file, files[0]!);
      },
      { waitMs: 5_000 },
    );
  }
}
