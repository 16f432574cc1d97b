import crypto from 'node:crypto';
import path from 'node:path';
import { type Tool, ToolSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { configurationKey } from '../connections/configuration.js';
import type { Connection } from '../connections/model.js';
import { redactJson } from '../secrets/redact.js';
import { readJsonFileWithin, writePrivateFileAtomically } from '../util/private-file.js';

/**
 * The last known tool list of each upstream MCP connection, so a gateway that starts answers the first tools/list at
 * once and reconciles with the live lists in the background. Kept in `<home>/cache/tool-lists.json` (folder 0700,
 * file 0600): tool definitions only, never a credential or a result. Each list is stored under its connection id with
 * a fingerprint of the connection's configuration and of what the session advertises, so a connection that changed
 * (endpoint, label, token update, policies) or an assistant with other capabilities never gets a stale list. A list
 * that failed is remembered too (`unreachable`), so a server that was down does not hold up the next gateway's first
 * answer: its tools come with `list_changed` once it answers. A damaged, foreign or oversized file is ignored (and
 * replaced on the next write).
 */
const CacheEntrySchema = z.object({
  fingerprint: z.string(),
  savedAt: z.string(),
  tools: z.array(ToolSchema),
  /** The last attempt to list failed (the server was down, refused, timed out): no tools, until it answers again. */
  unreachable: z.literal(true).optional(),
});
const CacheFileSchema = z.object({ version: z.literal(1), connections: z.record(z.string(), CacheEntrySchema) });
type CacheFile = z.infer<typeof CacheFileSchema>;

/** A bigger file is not read (fifty connections with large tool lists stay far below). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** A connection's last known tools, or that its last listing failed. */
export interface CachedTools {
  tools: Tool[];
  unreachable?: true;
}

/** Where the cache lives. */
export function toolListCacheFile(home: string): string {
  return path.join(home, 'cache', 'tool-lists.json');
}

/**
 * The fingerprint a cached list must carry to be served for `connection`: its whole configuration (with the time it
 * last changed) and `context` (the capabilities the upstream session advertises, which decide capability-gated tools).
 */
export function toolListFingerprint(connection: Connection, context: string): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([configurationKey(connection), connection.updatedAt, context]))
    .digest('hex');
}

/** Reads the file (empty when absent, damaged or too big). */
function readCacheFile(file: string): CacheFile {
  const parsed = CacheFileSchema.safeParse(readJsonFileWithin(file, MAX_FILE_BYTES));
  return parsed.success ? parsed.data : { version: 1, connections: {} };
}

/** The cached tool lists of one Bridgekeeper home (shared by every gateway process; last writer wins per connection). */
export class ToolListCache {
  readonly #file: string;
  readonly #onError: (error: unknown) => void;
  #loaded: CacheFile;

  /** Reads the file once (synchronously: before the first tools/list is answered). */
  constructor(home: string, onError: (error: unknown) => void) {
    this.#file = toolListCacheFile(home);
    this.#onError = onError;
    this.#loaded = readCacheFile(this.#file);
  }

  /**
   * The cached tools of `connectionId`, when they were saved for the same `fingerprint`; `unreachable` when its last
   * listing failed (then no tools).
   */
  get(connectionId: string, fingerprint: string): CachedTools | undefined {
    const entry = this.#loaded.connections[connectionId];
    if (!entry || entry.fingerprint !== fingerprint) return undefined;
    return entry.unreachable ? { tools: [], unreachable: true } : { tools: entry.tools };
  }

  /** Records that listing `connectionId` failed (its previous list, if any, is no longer offered on a start). */
  saveUnreachable(connectionId: string, fingerprint: string): void {
    const known = this.#loaded.connections[connectionId];
    if (known && known.fingerprint === fingerprint && known.unreachable) return;
    this.#write((file) => {
      file.connections[connectionId] = { fingerprint, savedAt: new Date().toISOString(), tools: [], unreachable: true };
    });
  }

  /**
   * Saves a live tool list (merged into what is on disk now: other gateways write too). Failures are reported.
   * A credential an upstream echoes into its definitions (a title, a description, a schema) is masked before it is
   * written, as it is in the tools/list answer.
   */
  save(connectionId: string, fingerprint: string, live: Tool[]): void {
    const tools = redactJson(live);
    const known = this.#loaded.connections[connectionId];
    const same = known && known.fingerprint === fingerprint && !known.unreachable;
    if (same && JSON.stringify(known.tools) === JSON.stringify(tools)) return;
    this.#write((file) => {
      file.connections[connectionId] = { fingerprint, savedAt: new Date().toISOString(), tools };
    });
  }

  /** Forgets the lists of connections not in `ids` (removed or disabled). */
  retain(ids: ReadonlySet<string>): void {
    if (Object.keys(this.#loaded.connections).every((id) => ids.has(id))) return;
    this.#write((file) => {
      for (const id of Object.keys(file.connections)) if (!ids.has(id)) delete file.connections[id];
    });
  }

  #write(change: (file: CacheFile) => void): void {
    try {
      const file = readCacheFile(this.#file);
      change(file);
      writePrivateFileAtomically(this.#file, JSON.stringify(file));
      this.#loaded = file;
    } catch (error) {
      this.#onError(error);
    }
  }
}
