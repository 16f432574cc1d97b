import fs from 'node:fs';
import path from 'node:path';
import { withFileLock } from '../util/file-lock.js';
import { redactSecrets } from '../secrets/redact.js';
import type { AuditRecord } from './audit-record.js';

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

/** How long an idle log keeps its file open (a gateway appends often; a one-off writer lets go soon). */
const IDLE_CLOSE_MS = 5_000;

/**
 * Appends audit records as JSON lines. Several gateway processes share the file: each line is one `O_APPEND`
 * write, and rotation happens under a cross-process lock (re-checking the size once locked). Secrets are
 * redacted from every line as a last line of defence; writing never throws into a tool call.
 *
 * Written after the answer and kept cheap, since a gateway writes one per call: records are built by Bridgekeeper
 * itself (typed, not parsed again here; readers parse every line with `AuditRecordSchema`), and the file stays open
 * while in use. Each append checks the path's size and identity with one `stat`: a file another process rotated
 * away is reopened before writing, so no line lands in a rotated file.
 */
export class AuditLog {
  readonly file: string;
  readonly #maxBytes: number;
  readonly #keep: number;
  readonly #secrets: () => Iterable<string>;
  #queue: Promise<void> = Promise.resolve();
  #dirReady = false;
  #open: { fd: number; ino: number } | undefined;
  #idle: NodeJS.Timeout | undefined;

  constructor(file: string, options: RotationOptions & { knownSecrets?: () => Iterable<string> } = {}) {
    this.file = file;
    this.#maxBytes = options.maxBytes ?? (Number(process.env.BRIDGEKEEPER_AUDIT_MAX_BYTES) || 5 * 1024 * 1024);
    this.#keep = options.keep ?? 5;
    this.#secrets = options.knownSecrets ?? (() => []);
  }

  /** Queues one record; resolves when it is on disk (failures resolve to false). */
  append(record: AuditRecord): Promise<boolean> {
    // Deferred to the next turn of the event loop, so a tool result is sent before its audit line is written.
    const write = this.#queue
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(async () => {
        const line = `${redactSecrets(JSON.stringify(record), this.#secrets())}\n`;
        if (!this.#dirReady) {
          fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
          this.#dirReady = true;
        }
        let now = this.#stat();
        if (now && now.size >= this.#maxBytes) {
          await this.#rotate();
          now = this.#stat();
        }
        fs.writeSync(this.#fd(now?.ino), line);
      })
      .catch((error: unknown) => {
        this.#close(); // a failed write may mean a bad descriptor: the next append opens the file afresh
        throw error;
      })
      .finally(() => this.#closeWhenIdle());
    this.#queue = write.catch(() => undefined);
    return write.then(
      () => true,
      () => false,
    );
  }

  #stat(): { size: number; ino: number } | undefined {
    try {
      const { size, ino } = fs.statSync(this.file);
      return { size, ino };
    } catch {
      return undefined;
    }
  }

  /** The descriptor for the file now at the path (`ino`; undefined when it does not exist yet). */
  #fd(ino: number | undefined): number {
    if (this.#open && this.#open.ino === ino) return this.#open.fd;
    this.#close();
    const fd = fs.openSync(this.file, 'a', 0o600);
    this.#open = { fd, ino: fs.fstatSync(fd).ino };
    return fd;
  }

  #close(): void {
    if (!this.#open) return;
    const { fd } = this.#open;
    this.#open = undefined;
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
  }

  #closeWhenIdle(): void {
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => this.#close(), IDLE_CLOSE_MS);
    this.#idle.unref();
  }

  async #rotate(): Promise<void> {
    await withFileLock(
      this.file,
      () => {
        if ((this.#stat()?.size ?? 0) < this.#maxBytes) return; // another process rotated first
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
