import crypto from 'node:crypto';
import type { Connection, ProviderId } from '../connections/model.js';

/** MCP tool names: letters, digits, `_` and `-`, at most 64 characters. */
export const MAX_TOOL_NAME_LENGTH = 64;
const INVALID = /[^A-Za-z0-9_-]+/g;

/** Short, stable provider prefixes used in gateway tool names. */
export const PROVIDER_SHORT_NAMES: Record<ProviderId, string> = {
  sessionboard: 'sessionboard',
  'sessions-website': 'sessionsweb',
  'session-services': 'sessionsvc',
  imboard: 'imboard',
  'remote-mcp': 'mcp',
};

/** First `length` hex characters of sha256(text): deterministic disambiguation. */
export function shortHash(text: string, length = 6): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** A label as a name fragment: lowercase, runs of other characters become `-`, no leading/trailing `-`. */
export function labelSlug(label: string): string {
  return label
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24)
    .replace(/-+$/g, '');
}

/**
 * The `<provider-short>_<label-slug>` prefix of every connection, unique across `connections`: connections of
 * one provider whose labels slug the same (or to nothing) get a short hash of their id appended.
 */
export function connectionPrefixes(connections: Connection[]): Map<string, string> {
  const base = new Map(connections.map((c) => [c.id, `${PROVIDER_SHORT_NAMES[c.provider]}_${labelSlug(c.label)}`]));
  const counts = new Map<string, number>();
  for (const prefix of base.values()) counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const c of connections) {
    const prefix = base.get(c.id)!;
    const needsHash = counts.get(prefix)! > 1 || prefix.endsWith('_');
    out.set(c.id, needsHash ? `${prefix}${prefix.endsWith('_') ? '' : '-'}${shortHash(c.id, 4)}` : prefix);
  }
  return out;
}

/**
 * `<prefix>__<tool>`, made valid and at most 64 characters. Invalid characters in the upstream tool name become
 * `_` (plus a hash so two names can't merge); names that are too long are cut and end in `_<hash>` of the full name.
 */
export function namespacedToolName(prefix: string, tool: string): string {
  const clean = tool.replace(INVALID, '_');
  const toolPart = clean === tool ? tool : `${clean}_${shortHash(tool, 4)}`;
  const full = `${prefix}__${toolPart}`;
  if (full.length <= MAX_TOOL_NAME_LENGTH) return full;
  const hash = shortHash(full, 6);
  return `${full.slice(0, MAX_TOOL_NAME_LENGTH - hash.length - 1)}_${hash}`;
}

/** True when `name` is a valid MCP tool name under our rules. */
export function isValidToolName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_TOOL_NAME_LENGTH && !/[^A-Za-z0-9_-]/.test(name);
}
