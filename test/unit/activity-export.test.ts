import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../shared/audit/audit-log.js';
import type { AuditRecord } from '../../shared/audit/audit-record.js';
import { KNOWN_REASONS, reasonWords } from '../../shared/app/activity-words.js';
import { csvField } from '../../shared/app/activity-export.js';
import { invokeOperation } from '../../shared/app/handlers.js';
import { homePaths } from '../../shared/paths.js';
import { testAppHandlers } from '../helpers/app-handlers.js';

// Real parts: the real audit log file in a temp home, read by the real app handlers through the contract.
const homes: string[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) fs.rmSync(home, { recursive: true, force: true });
});

const SECRET = 'sk_live_7hisIsAFakeLiveKey0123456789';

function record(i: number, extra: Partial<AuditRecord> = {}): AuditRecord {
  return {
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    connectionId: 'c_board000',
    connectionLabel: 'Board, main',
    provider: 'imboard',
    tool: `imboard_board__t${i}`,
    upstreamTool: `t${i}`,
    access: 'read',
    outcome: 'allowed',
    durationMs: i,
    argumentNames: [],
    ...extra,
  };
}

async function setUp() {
  const { home, handlers } = testAppHandlers(fs.mkdtempSync(path.join(os.tmpdir(), 'bk-activity-export-')));
  homes.push(home);
  return { home, handlers };
}

describe('activity in plain words, exportable', () => {
  it('shows no raw codes: every known reason, an unknown upstream code and an unknown code get words', async () => {
    const { home, handlers } = await setUp();
    const log = new AuditLog(homePaths(home).audit);
    const reasons = [...KNOWN_REASONS, 'upstream_something_new', 'brand_new_code'];
    for (const [i, reason] of reasons.entries())
      await log.append(record(i, { outcome: i % 2 ? 'refused' : 'error', reason, status: 400, client: 'claude-ai' }));
    const reply = await invokeOperation(handlers, 'listActivity', { limit: 1000 });
    if (!reply.ok) throw new Error(reply.error.message);
    expect(reply.value.entries).toHaveLength(reasons.length);
    for (const entry of reply.value.entries) {
      expect(entry.detail).toMatch(/^[A-Z].*\. · HTTP 400$/);
      expect(entry.detail).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
      expect(['Stopped', 'Failed']).toContain(entry.outcomeLabel);
      expect(entry.client).toBe('claude-ai');
    }
    expect(reply.value.entries.map((e) => e.detail)).toContain(
      'The service did not accept what the assistant sent. · HTTP 400',
    );
    expect(reasonWords('upstream_bad_request')).toBe('The service did not accept what the assistant sent.');
    expect(reasonWords('upstream_something_new')).toBe('The service reported a problem.');
    expect(reasonWords('brand_new_code')).toBe('Something went wrong.');
  });

  it('exports the filtered entries as CSV and JSON, newest first, with secrets redacted and formulas defused', async () => {
    const { home, handlers } = await setUp();
    const log = new AuditLog(homePaths(home).audit);
    await log.append(record(1));
    await log.append(record(2, { outcome: 'refused', reason: 'missing_scope', access: 'write' }));
    await log.append(record(3, { client: '=HYPERLINK("http://x")' }));
    // A line written by something that did not mask (an older version): the export redacts it anyway.
    fs.appendFileSync(homePaths(home).audit, `${JSON.stringify(record(4, { client: `bot ${SECRET}` }))}\n`);

    const csv = await invokeOperation(handlers, 'exportActivity', { format: 'csv' });
    if (!csv.ok) throw new Error(csv.error.message);
    expect(csv.value).toMatchObject({ mimeType: 'text/csv', count: 4 });
    expect(csv.value.fileName).toMatch(/^bridgekeeper-activity-[\d-]+\.csv$/);
    const lines = csv.value.content.split('\r\n');
    expect(lines[0]).toBe('Time,Connection,Tool,Access,Outcome,Details,Assistant,Duration (ms)');
    expect(lines).toHaveLength(6); // heading, 4 rows, final empty string after the last CRLF
    expect(lines[1]).toMatch(/^2026-01-01T00:00:04.000Z,"Board, main",t4,read,Went through,,bot sk_live_…6789,4$/);
    expect(lines[2]).toContain(`,"'=HYPERLINK(""http://x"")",`);
    expect(lines[3]).toContain('Stopped,The token lacks a permission this tool needs.,');
    expect(csv.value.content).not.toContain(SECRET);

    const json = await invokeOperation(handlers, 'exportActivity', { format: 'json', outcome: 'refused' });
    if (!json.ok) throw new Error(json.error.message);
    expect(json.value).toMatchObject({ mimeType: 'application/json', count: 1 });
    const parsed = JSON.parse(json.value.content) as { exportedAt: string; entries: unknown[] };
    expect(parsed.entries).toEqual([
      {
        at: '2026-01-01T00:00:02.000Z',
        connection: 'Board, main',
        tool: 't2',
        access: 'write',
        outcomeLabel: 'Stopped',
        detail: 'The token lacks a permission this tool needs.',
        durationMs: 2,
      },
    ]);
    const all = await invokeOperation(handlers, 'exportActivity', { format: 'json' });
    expect(all.ok && all.value.content).not.toContain(SECRET);
    expect(all.ok && all.value.content).toContain('sk_live_…6789');
  });

  it('quotes CSV fields only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(12)).toBe('12');
    expect(csvField(undefined)).toBe('');
  });
});
