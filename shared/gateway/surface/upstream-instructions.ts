import path from 'node:path';
import { z } from 'zod';
import { readJsonFileWithin, writePrivateFileAtomically } from '../../util/private-file.js';

/**
 * Upstream `instructions`, merged into the gateway's own.
 *
 * The gateway answers `initialize` (which carries `instructions`) before it contacts any upstream: cold start is a
 * measured target, and an upstream may be slow or down. So the instructions an assistant gets are the ones the
 * previous gateway process learned, kept in `<home>/cache/upstream-instructions.json` (one small file read before
 * answering; no store, keychain or network). The running gateway rewrites it when an upstream's instructions change
 * and drops connections that were removed or disabled. A connection added since the last gateway start has its
 * instructions from the next start on.
 *
 * They are the upstream's text, not Bridgekeeper's: each block is labelled with its account and the namespace of its
 * tools, prompts and resources, bounded (per connection and in total), and masked (known secrets, PII when the
 * connection redacts it) before it is written.
 */
export const CachedInstructionsSchema = z.object({
  connectionId: z.string(),
  label: z.string(),
  service: z.string(),
  prefix: z.string(),
  text: z.string(),
});
export type CachedInstructions = z.infer<typeof CachedInstructionsSchema>;
const CacheFileSchema = z.object({ version: z.literal(1), connections: z.array(CachedInstructionsSchema) });

/** At most this much of one upstream's instructions (characters). */
export const MAX_INSTRUCTIONS_PER_CONNECTION = 2_000;
/** At most this much of all upstream instructions together (characters). */
export const MAX_INSTRUCTIONS_TOTAL = 8_000;
const MAX_FILE_BYTES = 256 * 1024;

/** Where the cache lives. */
export function instructionsCacheFile(home: string): string {
  return path.join(home, 'cache', 'upstream-instructions.json');
}

/** The cached instructions (empty when there are none, or the file is damaged or too big). Synchronous: read before `initialize` is answered. */
export function readCachedInstructions(home: string): CachedInstructions[] {
  const parsed = CacheFileSchema.safeParse(readJsonFileWithin(instructionsCacheFile(home), MAX_FILE_BYTES));
  return parsed.success ? parsed.data.connections : [];
}

/** Writes the cache atomically (temp file + rename, mode 0600); failures are reported, never thrown. */
export function writeCachedInstructions(
  home: string,
  connections: CachedInstructions[],
  onError: (error: unknown) => void,
): void {
  try {
    writePrivateFileAtomically(instructionsCacheFile(home), JSON.stringify({ version: 1, connections }, null, 2));
  } catch (error) {
    onError(error);
  }
}

function bounded(text: string, max: number): string {
  const trimmed = text.trim();
  return trimmed.length <= max
    ? trimmed
    : `${trimmed.slice(0, max)}… [cut by Bridgekeeper: ${trimmed.length} characters, the limit is ${max}]`;
}

/** The gateway's instructions followed by each upstream's, labelled and bounded. */
export function mergeInstructions(base: string, upstream: CachedInstructions[]): string {
  const blocks: string[] = [];
  let left = MAX_INSTRUCTIONS_TOTAL;
  for (const entry of upstream) {
    if (left <= 0) break;
    const text = bounded(entry.text, Math.min(MAX_INSTRUCTIONS_PER_CONNECTION, left));
    if (!text) continue;
    left -= text.length;
    blocks.push(
      `## From the MCP server of ${entry.service} account '${entry.label}' (its tools and prompts are named ${entry.prefix}__<name>, its resources bridgekeeper://${entry.prefix}/<uri>; the server's own words, not Bridgekeeper's)\n${text}`,
    );
  }
  if (blocks.length === 0) return base;
  return `${base}\n\n# Instructions of the connected MCP servers (as of the previous start)\n\n${blocks.join('\n\n')}`;
}

/**
 * Keeps the cache in step with what this process learns: an upstream's instructions when its session connects, and
 * the removal of connections that are no longer enabled upstream MCP connections.
 */
export class InstructionsRecorder {
  readonly #home: string;
  readonly #onError: (error: unknown) => void;
  #entries: CachedInstructions[];

  constructor(home: string, onError: (error: unknown) => void) {
    this.#home = home;
    this.#onError = onError;
    this.#entries = readCachedInstructions(home);
  }

  /** Records (or, for none, forgets) one connection's instructions; writes only on a change. */
  record(entry: Omit<CachedInstructions, 'text'> & { text: string | undefined }): void {
    const others = this.#entries.filter((e) => e.connectionId !== entry.connectionId);
    const next = entry.text?.trim()
      ? [...others, { ...entry, text: entry.text.slice(0, MAX_INSTRUCTIONS_PER_CONNECTION * 2) }]
      : others;
    next.sort((a, b) => a.label.localeCompare(b.label));
    this.#save(next);
  }

  /** Keeps only the connections in `enabledIds`. */
  retain(enabledIds: Set<string>): void {
    this.#save(this.#entries.filter((e) => enabledIds.has(e.connectionId)));
  }

  #save(next: CachedInstructions[]): void {
    if (JSON.stringify(next) === JSON.stringify(this.#entries)) return;
    this.#entries = next;
    writeCachedInstructions(this.#home, next, this.#onError);
  }
}
