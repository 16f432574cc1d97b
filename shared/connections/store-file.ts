import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { StoreError } from '../errors.js';
import { migrateStore } from './migrations.js';
import {
  type Connection,
  ConnectionSchema,
  emptyStore,
  PoliciesSchema,
  STORE_SCHEMA_VERSION,
  type StoreFile,
} from './model.js';

/**
 * Reading and writing the store file so that a newer Bridgekeeper's data survives an older one (forward
 * compatibility within one `schemaVersion`):
 * - unknown top-level keys and unknown keys inside a connection are kept as they are on disk;
 * - a connection this version cannot read (an unknown provider, auth kind or region, a value of a new shape) or
 *   enforce (a policy it does not know) is kept untouched and hidden from this version, never dropped, and never
 *   a reason to move the file aside;
 * - an unknown status state reads as `unchecked` and stays on disk until this version sets a status itself;
 * - a write puts only the fields a change touched on top of what is on disk (read under the lock), so routine
 *   bookkeeping (status, last used, learned gaps) rewrites nothing else, and defaults are not written out.
 * Damage (not JSON, not an object, a connection without an id or label) is still damage: the caller moves it aside.
 */

type Raw = Record<string, unknown>;

/** One connection entry as found on disk. */
type Entry =
  | { kind: 'known'; raw: Raw; connection: Connection }
  | { kind: 'foreign'; raw: Raw; id: string; label: string };

/** What is on disk, as this version sees it (`view`) and as it was written (`raw`, `entries`). */
export interface Snapshot {
  raw: Raw;
  entries: Entry[];
  view: StoreFile;
}

const TopLevelSchema = z.looseObject({
  schemaVersion: z.literal(STORE_SCHEMA_VERSION),
  revision: z.number().int().nonnegative(),
  connections: z.array(z.unknown()),
});

/** The least a connection entry must have to be a connection at all (of this version or a newer one). */
const EnvelopeSchema = z.looseObject({ id: z.string().min(1), label: z.string().min(1) });

function corrupt(detail: string): StoreError {
  return new StoreError(
    'store_corrupt',
    `The connections file does not match the expected shape: ${detail}.`,
    'It will be moved aside.',
  );
}

const KNOWN_POLICIES = new Set(Object.keys(PoliciesSchema.shape));

/**
 * Policies restrict what the gateway may do: a policy this version does not know cannot be enforced, so a
 * connection carrying one is not served here (fail closed) rather than served with the restriction ignored.
 */
function enforceable(raw: Raw): boolean {
  return !isPlainObject(raw.policies) || Object.keys(raw.policies).every((key) => KNOWN_POLICIES.has(key));
}

/** Parses a raw store object (as `conf` read it); throws `StoreError` (`store_corrupt`, `store_too_new`) on damage. */
export function parseSnapshot(stored: Raw): Snapshot {
  if (Object.keys(stored).length === 0) return { raw: {}, entries: [], view: emptyStore() };
  const { store } = migrateStore(stored);
  const top = TopLevelSchema.safeParse(store);
  if (!top.success) throw corrupt(top.error.issues[0]?.message ?? 'invalid');
  const entries = top.data.connections.map((rawEntry, index): Entry => {
    const envelope = EnvelopeSchema.safeParse(rawEntry);
    if (!envelope.success) throw corrupt(`connection ${index + 1}: ${envelope.error.issues[0]?.message ?? 'invalid'}`);
    const raw = rawEntry as Raw;
    const parsed = ConnectionSchema.safeParse(raw);
    return parsed.success && enforceable(raw)
      ? { kind: 'known', raw, connection: parsed.data }
      : { kind: 'foreign', raw, id: envelope.data.id, label: envelope.data.label };
  });
  const connections = entries.flatMap((e) => (e.kind === 'known' ? [e.connection] : []));
  return {
    raw: store,
    entries,
    view: { schemaVersion: STORE_SCHEMA_VERSION, revision: top.data.revision, connections },
  };
}

/** Entries this version cannot read (kept on disk untouched). */
export function foreignEntries(snapshot: Snapshot): Array<{ id: string; label: string }> {
  return snapshot.entries.flatMap((e) => (e.kind === 'foreign' ? [{ id: e.id, label: e.label }] : []));
}

function isPlainObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `after` laid over `raw`, changing only what differs between `before` (how this version read `raw`) and
 * `after`: keys this version does not know are kept; unchanged array items keep their raw form.
 */
export function mergeChanges(raw: unknown, before: unknown, after: unknown): unknown {
  if (isDeepStrictEqual(before, after)) return raw;
  if (isPlainObject(raw) && isPlainObject(before) && isPlainObject(after)) {
    const out: Raw = { ...raw };
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (after[key] === undefined) {
        if (before[key] !== undefined) delete out[key];
      } else if (!isDeepStrictEqual(before[key], after[key])) {
        out[key] = mergeChanges(raw[key], before[key], after[key]);
      }
    }
    return out;
  }
  if (Array.isArray(raw) && Array.isArray(before) && Array.isArray(after) && raw.length === before.length) {
    const unused = new Set(before.keys());
    return after.map((item) => {
      const match = [...unused].find((i) => isDeepStrictEqual(before[i], item));
      if (match === undefined) return item;
      unused.delete(match);
      return raw[match];
    });
  }
  return after;
}

/**
 * The raw object to write for `next` (a validated view derived from `snapshot.view`): connections this version
 * changed are merged into their raw entries, removed ones dropped, new ones appended, foreign ones kept as they are.
 */
export function rawForWrite(snapshot: Snapshot, next: StoreFile): Raw {
  const nextById = new Map(next.connections.map((c) => [c.id, c]));
  const written = new Set<string>();
  const connections: unknown[] = [];
  for (const entry of snapshot.entries) {
    if (entry.kind === 'foreign') {
      connections.push(entry.raw);
      continue;
    }
    const after = nextById.get(entry.connection.id);
    if (!after) continue;
    connections.push(written.has(after.id) ? entry.raw : mergeChanges(entry.raw, entry.connection, after));
    written.add(after.id);
  }
  for (const added of next.connections) if (!written.has(added.id)) connections.push(added);
  return { ...snapshot.raw, schemaVersion: next.schemaVersion, revision: next.revision, connections };
}
