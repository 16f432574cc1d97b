import type { ActivityEntry } from '../contract.js';
import { redactSecrets } from '../secrets/redact.js';

/** The export's columns, in order, with their CSV headings (the JSON uses the same keys). */
const COLUMNS: Array<{ key: keyof ActivityEntry; heading: string }> = [
  { key: 'at', heading: 'Time' },
  { key: 'connection', heading: 'Connection' },
  { key: 'tool', heading: 'Tool' },
  { key: 'access', heading: 'Access' },
  { key: 'outcomeLabel', heading: 'Outcome' },
  { key: 'detail', heading: 'Details' },
  { key: 'client', heading: 'Assistant' },
  { key: 'durationMs', heading: 'Duration (ms)' },
];

/**
 * One CSV field (RFC 4180: quoted when it holds a comma, quote or line break). A value a spreadsheet would run as a
 * formula (starting with = + - @ or a tab) gets a leading apostrophe, so opening the export never executes anything.
 */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The entries as CSV with a heading row and CRLF line ends; every value redacted once more. */
export function activityCsv(entries: ActivityEntry[]): string {
  const rows = [COLUMNS.map((c) => c.heading).join(',')];
  for (const entry of entries) rows.push(COLUMNS.map((c) => csvField(redactValue(entry[c.key]))).join(','));
  return `${rows.join('\r\n')}\r\n`;
}

/** The entries as a JSON document: `{ exportedAt, entries: [...] }`, every value redacted once more. */
export function activityJson(entries: ActivityEntry[], now = new Date()): string {
  const clean = entries.map((entry) =>
    Object.fromEntries(
      COLUMNS.filter((c) => entry[c.key] !== undefined).map((c) => [c.key, redactValue(entry[c.key])]),
    ),
  );
  return `${JSON.stringify({ exportedAt: now.toISOString(), entries: clean }, null, 2)}\n`;
}

function redactValue(value: unknown): unknown {
  return typeof value === 'string' ? redactSecrets(value) : value;
}
