import crypto from 'node:crypto';
import type { SecretStore } from './secret-store.js';

/**
 * The most bytes one keychain entry may hold. Windows Credential Manager refuses a secret over 2,560 bytes
 * (`CRED_MAX_CREDENTIAL_BLOB_SIZE`); Bridgekeeper stays well inside that everywhere so a keychain that works on
 * one system works on all of them.
 */
export const MAX_ENTRY_BYTES = 2_048;

/** First characters of a head entry that describes a secret stored in parts (no real secret starts like this). */
const HEAD_PREFIX = 'bk-chunked-secret:v1:';
/** Room kept in a head entry for its description: prefix, generation, part count, digest and separators. */
const HEAD_OVERHEAD_BYTES = HEAD_PREFIX.length + 16 + 1 + 4 + 1 + 43 + 1;
/** How often a read starts over when a writer replaced the secret while it was being read. */
const READ_ATTEMPTS = 4;

interface Head {
  generation: string;
  parts: number;
  digest: string;
  /** The first part, kept in the head entry itself. */
  first: string;
}

function digestOf(secret: string): string {
  return crypto.createHash('sha256').update(secret, 'utf8').digest('base64url');
}

function parseHead(raw: string): Head | undefined {
  if (!raw.startsWith(HEAD_PREFIX)) return undefined;
  const match = /^([0-9a-f]{16}):(\d{1,4}):([A-Za-z0-9_-]{43}):/.exec(raw.slice(HEAD_PREFIX.length));
  if (!match) return undefined;
  return {
    generation: match[1]!,
    parts: Number(match[2]),
    digest: match[3]!,
    first: raw.slice(HEAD_PREFIX.length + match[0].length),
  };
}

/** Splits a string into pieces of at most `maxBytes` UTF-8 bytes each, never inside a character. */
export function splitByBytes(text: string, firstMaxBytes: number, maxBytes: number): string[] {
  const pieces: string[] = [];
  let current = '';
  let size = 0;
  for (const char of text) {
    const bytes = Buffer.byteLength(char, 'utf8');
    const limit = pieces.length === 0 ? firstMaxBytes : maxBytes;
    if (size + bytes > limit) {
      pieces.push(current);
      current = '';
      size = 0;
    }
    current += char;
    size += bytes;
  }
  pieces.push(current);
  return pieces;
}

/**
 * A `SecretStore` that keeps every entry of the store beneath it within `maxEntryBytes` (default
 * {@link MAX_ENTRY_BYTES}). A secret that fits is stored as is. A longer one (an OAuth grant with a JWT access token
 * and its server's metadata is ~3 KB) is split: the entry under its own account holds a head (a generation, the part
 * count, a SHA-256 digest of the whole secret, and the first part), and parts 2..n live under
 * `<account>#<generation>.<n>`. A write stores the new generation's parts before it replaces the head and only then
 * deletes the old parts, so a reader never mixes two generations; a read whose parts do not match the digest (a
 * writer replaced them meanwhile) starts over, and a secret that stays damaged reads as none.
 *
 * A secret stored in one oversized entry by an older version is moved into parts the first time it is read,
 * unless it changed while being moved.
 */
export class ChunkedSecretStore implements SecretStore {
  readonly #entries: SecretStore;
  readonly #maxEntryBytes: number;

  constructor(entries: SecretStore, options: { maxEntryBytes?: number } = {}) {
    this.#entries = entries;
    this.#maxEntryBytes = options.maxEntryBytes ?? MAX_ENTRY_BYTES;
    if (this.#maxEntryBytes < HEAD_OVERHEAD_BYTES + 64) throw new RangeError('maxEntryBytes is too small');
  }

  async get(account: string): Promise<string | null> {
    let previous: string | null | undefined;
    for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
      const raw = await this.#entries.get(account);
      if (raw === null) return null;
      const head = parseHead(raw);
      if (!head) {
        if (Buffer.byteLength(raw, 'utf8') > this.#maxEntryBytes) await this.#migrate(account, raw);
        return raw;
      }
      const secret = await this.#assemble(account, head);
      if (secret !== undefined) return secret;
      // Unchanged head and still no match: the parts are damaged, not in the middle of being replaced.
      if (raw === previous) return null;
      previous = raw;
    }
    return null;
  }

  async set(account: string, secret: string): Promise<void> {
    const old = parseHead((await this.#entries.get(account)) ?? '');
    if (Buffer.byteLength(secret, 'utf8') <= this.#maxEntryBytes && !secret.startsWith(HEAD_PREFIX)) {
      await this.#entries.set(account, secret);
    } else {
      await this.#entries.set(account, await this.#storeParts(account, secret));
    }
    // The new secret is in place: failing to tidy the old parts must not make the write look failed.
    if (old) await this.#deleteParts(account, old).catch(() => undefined);
  }

  async delete(account: string): Promise<boolean> {
    const head = parseHead((await this.#entries.get(account)) ?? '');
    const deleted = await this.#entries.delete(account);
    if (head) await this.#deleteParts(account, head);
    return deleted;
  }

  /** Stores parts 2..n of a new generation and returns the head entry that describes them. */
  async #storeParts(account: string, secret: string): Promise<string> {
    const generation = crypto.randomBytes(8).toString('hex');
    const digest = digestOf(secret);
    const pieces = splitByBytes(secret, this.#maxEntryBytes - HEAD_OVERHEAD_BYTES, this.#maxEntryBytes);
    for (let index = 1; index < pieces.length; index++) {
      await this.#entries.set(partAccount(account, generation, index + 1), pieces[index]!);
    }
    return `${HEAD_PREFIX}${generation}:${pieces.length}:${digest}:${pieces[0]}`;
  }

  async #assemble(account: string, head: Head): Promise<string | undefined> {
    let secret = head.first;
    for (let part = 2; part <= head.parts; part++) {
      const piece = await this.#entries.get(partAccount(account, head.generation, part));
      if (piece === null) return undefined;
      secret += piece;
    }
    return digestOf(secret) === head.digest ? secret : undefined;
  }

  async #deleteParts(account: string, head: Head): Promise<void> {
    for (let part = 2; part <= head.parts; part++) {
      await this.#entries.delete(partAccount(account, head.generation, part));
    }
  }

  /** Moves a legacy oversized entry into parts; leaves it alone if another writer changed it meanwhile. */
  async #migrate(account: string, raw: string): Promise<void> {
    try {
      const head = await this.#storeParts(account, raw);
      if ((await this.#entries.get(account)) === raw) {
        await this.#entries.set(account, head);
      } else {
        await this.#deleteParts(account, parseHead(head)!);
      }
    } catch {
      // Best effort: the secret was read; moving it is tried again on the next read.
    }
  }
}

/** The keychain account of part `part` (2..n) of one generation of a secret stored in parts. */
export function partAccount(account: string, generation: string, part: number): string {
  return `${account}#${generation}.${part}`;
}
