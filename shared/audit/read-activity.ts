import fs from 'node:fs';
import { homePaths } from '../paths.js';
import { rotatedFiles } from './audit-log.js';
import { type AuditRecord, AuditRecordSchema } from './audit-record.js';

/** Which records to return. */
export interface ActivityFilter {
  /** Connection id or label (case-insensitive). */
  connection?: string;
  /** Only this many of the most recent matches (default 50). */
  limit?: number;
  /** Only records at or after this ISO time. */
  since?: string;
  outcome?: AuditRecord['outcome'];
}

/** Parses JSONL text into valid records, skipping damaged lines. */
export function parseActivityLines(text: string): AuditRecord[] {
  const out: AuditRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = AuditRecordSchema.safeParse(JSON.parse(line));
      if (parsed.success) out.push(parsed.data);
    } catch {
      // a torn or damaged line: skip it
    }
  }
  return out;
}

/** True when `record` matches the filter (ignoring `limit`). */
export function matchesActivity(record: AuditRecord, filter: ActivityFilter): boolean {
  if (filter.connection) {
    const ref = filter.connection.toLowerCase();
    if (record.connectionId !== filter.connection && record.connectionLabel.toLowerCase() !== ref) return false;
  }
  if (filter.since && record.time < filter.since) return false;
  if (filter.outcome && record.outcome !== filter.outcome) return false;
  return true;
}

/**
 * The most recent gateway activity (all gateway processes), oldest first, from the current log and its rotated
 * files. Used by `bridgekeeper activity` and the desktop app's activity view.
 */
export function readActivity(home: string, filter: ActivityFilter = {}): AuditRecord[] {
  const limit = filter.limit ?? 50;
  const file = homePaths(home).audit;
  const matches: AuditRecord[] = [];
  for (const candidate of [file, ...rotatedFiles(file, 5)]) {
    let text: string;
    try {
      text = fs.readFileSync(candidate, 'utf8');
    } catch {
      continue;
    }
    const records = parseActivityLines(text).filter((r) => matchesActivity(r, filter));
    matches.unshift(...records);
    if (matches.length >= limit) break;
  }
  return limit > 0 ? matches.slice(-limit) : [];
}
