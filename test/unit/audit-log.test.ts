import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../shared/audit/audit-log.js';
import type { AuditRecord } from '../../shared/audit/audit-record.js';
import { followActivity } from '../../shared/audit/follow-activity.js';
import { readActivity } from '../../shared/audit/read-activity.js';
import { homePaths } from '../../shared/paths.js';

const record = (i: number, extra: Partial<AuditRecord> = {}): AuditRecord => ({
  time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  connectionId: i % 2 ? 'c_odd00000' : 'c_even0000',
  connectionLabel: i % 2 ? 'Odd' : 'Even',
  provider: 'imboard',
  tool: `imboard_x__t${i}`,
  upstreamTool: `t${i}`,
  access: 'read',
  outcome: 'allowed',
  durationMs: i,
  argumentNames: [],
  ...extra,
});

describe('audit log', () => {
  it('rotates by size, keeps at most N files, and readActivity reads across them oldest first', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-audit-'));
    const log = new AuditLog(homePaths(home).audit, { maxBytes: 1_000, keep: 2 });
    for (let i = 0; i < 40; i++) expect(await log.append(record(i))).toBe(true);
    const files = fs.readdirSync(homePaths(home).auditDir).filter((f) => f.startsWith('activity.jsonl'));
    expect(files.sort()).toEqual(['activity.jsonl', 'activity.jsonl.1', 'activity.jsonl.2']);
    for (const f of files) expect(fs.statSync(path.join(homePaths(home).auditDir, f)).size).toBeLessThan(1_400);
    const recent = readActivity(home, { limit: 5 });
    expect(recent.map((r) => r.upstreamTool)).toEqual(['t35', 't36', 't37', 't38', 't39']);
    expect(readActivity(home, { connection: 'odd', limit: 2 }).map((r) => r.upstreamTool)).toEqual(['t37', 't39']);
    expect(readActivity(home, { connection: 'c_even0000', limit: 1 })[0]!.connectionLabel).toBe('Even');
  });

  it('two writers on one file (two gateways): after one rotates, the other writes to the new file, not the rotated one', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-audit-'));
    const file = homePaths(home).audit;
    const a = new AuditLog(file, { maxBytes: 1_000, keep: 3 });
    const b = new AuditLog(file, { maxBytes: 1_000, keep: 3 });
    expect(await b.append(record(0))).toBe(true); // b holds the file open from here
    for (let i = 1; i < 8; i++) expect(await a.append(record(i))).toBe(true); // a rotates it away on the way
    expect(fs.existsSync(`${file}.1`)).toBe(true);
    expect(await b.append(record(8))).toBe(true);
    const current = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(current.at(-1)).toContain('"upstreamTool":"t8"');
    expect(fs.readFileSync(`${file}.1`, 'utf8')).not.toContain('"t8"');
    expect(readActivity(home, { limit: 100 }).map((r) => r.upstreamTool)).toEqual(
      Array.from({ length: 9 }, (_, i) => `t${i}`),
    );
  });

  it('masks anything credential-shaped that reaches a record, and skips damaged lines when reading', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-audit-'));
    const log = new AuditLog(homePaths(home).audit, { knownSecrets: () => ['my-very-secret-token'] });
    await log.append(record(1, { reason: 'failed with Bearer abcdefghijklmnop and my-very-secret-token' }));
    fs.appendFileSync(homePaths(home).audit, '{"torn":\n');
    await log.append(record(2));
    const raw = fs.readFileSync(homePaths(home).audit, 'utf8');
    expect(raw).not.toContain('abcdefghijklmnop');
    expect(raw).not.toContain('my-very-secret-token');
    expect(readActivity(home).map((r) => r.upstreamTool)).toEqual(['t1', 't2']);
  });

  it('followActivity delivers new matching records, across a rotation', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-audit-'));
    const log = new AuditLog(homePaths(home).audit, { maxBytes: 600, keep: 2 });
    await log.append(record(0));
    const seen: string[] = [];
    let delivered: (() => void) | undefined;
    const stop = followActivity(
      home,
      { connection: 'Odd' },
      (r) => {
        seen.push(r.upstreamTool);
        delivered?.();
      },
      { intervalMs: 20 },
    );
    try {
      for (let i = 1; i <= 6; i++) {
        // Each matching record is awaited until it is delivered (not a fixed pause), before the next may rotate it away.
        const arrived = i % 2 === 1 ? new Promise<void>((resolve) => (delivered = resolve)) : undefined;
        await log.append(record(i));
        await arrived;
      }
      expect(seen).toEqual(['t1', 't3', 't5']);
    } finally {
      stop();
    }
  });
});
