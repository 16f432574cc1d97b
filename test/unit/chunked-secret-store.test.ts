import { describe, expect, it } from 'vitest';
import { ChunkedSecretStore, MAX_ENTRY_BYTES, splitByBytes } from '../../shared/secrets/chunked-secret-store.js';
import { MemorySecretStore } from '../../shared/secrets/memory-secret-store.js';
import type { SecretStore } from '../../shared/secrets/secret-store.js';
import { SizeLimitedSecretStore } from '../helpers/limited-secret-store.js';

/** A memory store that can list its entries (what a keychain browser would show). */
class ListingStore extends MemorySecretStore {
  readonly accounts = new Set<string>();
  override async set(account: string, secret: string): Promise<void> {
    this.accounts.add(account);
    await super.set(account, secret);
  }
  override async delete(account: string): Promise<boolean> {
    this.accounts.delete(account);
    return super.delete(account);
  }
  async entries(): Promise<Array<[string, string]>> {
    return Promise.all([...this.accounts].map(async (a) => [a, (await this.get(a))!] as [string, string]));
  }
}

function setup() {
  const memory = new ListingStore();
  const limited = new SizeLimitedSecretStore(memory, MAX_ENTRY_BYTES);
  return { memory, limited, store: new ChunkedSecretStore(limited) };
}

const big = (n: number, unit = 'grant-data-') => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

describe('ChunkedSecretStore: every keychain entry within 2,048 bytes', () => {
  it('stores a short secret as one plain entry, unchanged', async () => {
    const { memory, store } = setup();
    await store.set('c_1:token', 'imb_pat_short');
    expect(await memory.entries()).toEqual([['c_1:token', 'imb_pat_short']]);
    expect(await store.get('c_1:token')).toBe('imb_pat_short');
  });

  it('splits long secrets (ASCII and multi-byte) into entries of at most 2,048 bytes and reads them back', async () => {
    for (const secret of [big(2_049), big(2_900), big(9_000), big(5_000, 'ключ-🔑-')]) {
      const { memory, limited, store } = setup();
      await store.set('c_1:oauth-grant', secret);
      expect(limited.refusals).toBe(0);
      const entries = await memory.entries();
      expect(entries.length).toBeGreaterThan(1);
      for (const [, value] of entries) expect(Buffer.byteLength(value, 'utf8')).toBeLessThanOrEqual(MAX_ENTRY_BYTES);
      expect(await store.get('c_1:oauth-grant')).toBe(secret);
    }
  });

  it('without it, the limited store refuses the same write (the test store enforces the limit)', async () => {
    const { limited } = setup();
    await expect(limited.set('c_1:oauth-grant', big(2_900))).rejects.toThrow(/bad data/);
  });

  it('replacing or deleting a long secret leaves no parts of the old one behind', async () => {
    const { memory, store } = setup();
    await store.set('c_1:oauth-grant', big(6_000, 'a'));
    await store.set('c_1:oauth-grant', big(4_500, 'b'));
    expect((await memory.entries()).every(([, v]) => !v.includes('aaaa'))).toBe(true);
    await store.set('c_1:oauth-grant', 'short now');
    expect(await memory.entries()).toEqual([['c_1:oauth-grant', 'short now']]);
    await store.set('c_1:oauth-grant', big(4_500, 'c'));
    expect(await store.delete('c_1:oauth-grant')).toBe(true);
    expect(await memory.entries()).toEqual([]);
    expect(await store.get('c_1:oauth-grant')).toBeNull();
  });

  it('a damaged part fails the integrity check and reads as none, never as a different secret', async () => {
    const { memory, store } = setup();
    await store.set('c_1:oauth-grant', big(5_000));
    const [partAccount] = [...memory.accounts].filter((a) => a.includes('#'));
    await memory.set(partAccount!, big(2_000, 'tampered-'));
    expect(await store.get('c_1:oauth-grant')).toBeNull();
    await memory.delete(partAccount!);
    expect(await store.get('c_1:oauth-grant')).toBeNull();
  });

  it('a reader racing a writer gets the old or the new secret, never a mix', async () => {
    const { store } = setup();
    const versions = ['x', 'y', 'z', 'w'].map((c) => big(5_000, c));
    await store.set('c_1:oauth-grant', versions[0]!);
    const reads: Array<string | null> = [];
    const writer = (async () => {
      for (const version of versions.slice(1)) await store.set('c_1:oauth-grant', version);
    })();
    for (let i = 0; i < 20; i++) reads.push(await store.get('c_1:oauth-grant'));
    await writer;
    for (const read of reads) expect(versions).toContain(read);
  });

  it('moves a legacy oversized entry into parts on read (what an older version wrote on macOS or Linux)', async () => {
    const memory = new ListingStore();
    const legacy = big(2_900);
    await memory.set('c_1:oauth-grant', legacy);
    const store = new ChunkedSecretStore(memory);
    expect(await store.get('c_1:oauth-grant')).toBe(legacy);
    const entries = await memory.entries();
    expect(entries.length).toBe(2);
    for (const [, value] of entries) expect(Buffer.byteLength(value, 'utf8')).toBeLessThanOrEqual(MAX_ENTRY_BYTES);
    expect(await store.get('c_1:oauth-grant')).toBe(legacy);
  });

  it('does not move a legacy entry that changed while it was being moved', async () => {
    const memory = new ListingStore();
    await memory.set('c_1:oauth-grant', big(2_900, 'old-'));
    // A store beneath that lets another writer replace the entry right after the migration wrote its parts.
    const racing: SecretStore = {
      get: (a) => memory.get(a),
      delete: (a) => memory.delete(a),
      set: async (a, s) => {
        await memory.set(a, s);
        if (a.includes('#')) await memory.set('c_1:oauth-grant', 'newer grant');
      },
    };
    const store = new ChunkedSecretStore(racing);
    await store.get('c_1:oauth-grant');
    expect(await memory.entries()).toEqual([['c_1:oauth-grant', 'newer grant']]);
  });

  it('splits by bytes without cutting a character', () => {
    const pieces = splitByBytes('é'.repeat(10), 3, 5);
    expect(pieces.join('')).toBe('é'.repeat(10));
    for (const piece of pieces) expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(5);
    expect(Buffer.byteLength(pieces[0]!)).toBeLessThanOrEqual(3);
  });
});
