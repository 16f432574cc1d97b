import { describe, expect, it } from 'vitest';
import { isCompleteList, scaleConnections, slowestReachable } from '../../bench/scale-plan.js';
import {
  evaluateTargets,
  middle,
  ratio,
  type ScaleResult,
  scaleSectionOf,
  scaleTables,
  withScaleSection,
} from '../../bench/scale-report.js';

// The scale bench's pure parts: the connection mix, ratios and the targets it prints as met or missed. Timing
// itself is never tested.
function result(n: number, over: Partial<ScaleResult> = {}, fanOut: Partial<ScaleResult['fanOut']> = {}): ScaleResult {
  return {
    n,
    initializeMs: 400,
    firstStart: { firstAnswerMs: 500, completeMs: 500 },
    laterStart: { firstAnswerMs: 300, completeMs: 300 },
    overheadMs: 1,
    five: { initializeMs: [500, 600], completeMs: [700, 800], rssMb: [80, 82, 81, 90, 79] },
    fanOut: {
      others: 4,
      reread: 0,
      readsAfter: 4,
      readsBefore: 4,
      rebuilt: 0,
      upstreamLists: 0,
      upstreamInitializes: 0,
      listsPerGateway: 3,
      logLines: 0,
      cpuAfter: 10,
      cpuBefore: 10,
      writeSeen: true,
      ...fanOut,
    },
    ...over,
  };
}

describe('the scale mix', () => {
  it('nests: every N is the first N of 50, with the slow and down upstreams joining from N = 5', () => {
    const all = scaleConnections(50);
    expect(all).toHaveLength(50);
    expect(scaleConnections(16)).toEqual(all.slice(0, 16));
    expect(new Set(all.map((c) => c.label)).size).toBe(50);
    expect(all[0]).toMatchObject({ kind: 'mcp', latencyMs: 0, simIndex: 0 });
    expect(scaleConnections(4).some((c) => c.down || (c.latencyMs ?? 0) >= 300)).toBe(false);
    expect(scaleConnections(16).filter((c) => c.down)).toHaveLength(1);
    expect(all.filter((c) => c.kind === 'mcp').map((c) => c.simIndex)).toEqual(
      all.filter((c) => c.kind === 'mcp').map((_, i) => i),
    );
    expect(new Set(all.map((c) => c.kind)).size).toBeGreaterThanOrEqual(5);
    expect(() => scaleConnections(51)).toThrow(RangeError);
  });

  it('names the slowest upstream that answers, never the down one', () => {
    expect(slowestReachable(scaleConnections(50))).toMatchObject({ latencyMs: 600 });
    expect(slowestReachable(scaleConnections(4))).toMatchObject({ label: 'c02', latencyMs: 40 });
  });

  it('calls a list complete only with tools of every answering connection', () => {
    const seven = scaleConnections(7); // c06 is down
    const names = ['remotemcp_c00__a', 'sessionboard_c01__b', 'remotemcp_c02__c', 'sessionsweb_c03__d', 'x_c04__e'];
    expect(isCompleteList(names, seven)).toBe(false); // c05 missing
    expect(isCompleteList([...names, 'sessionsvc_c05__f'], seven)).toBe(true); // c06 (down) not needed
    expect(isCompleteList(['remotemcp_c000__a'], scaleConnections(1))).toBe(false);
  });
});

describe('scale targets', () => {
  const slowest = { completeMs: 1_000, firstAnswerMs: 1_000 };

  it('are met when the list, the call overhead, memory and the fan-out stay flat', () => {
    const checks = evaluateTargets(
      [
        result(1),
        result(4, { five: { ...result(4).five, rssMb: [80] } }),
        result(50, {
          laterStart: { firstAnswerMs: 1_050, completeMs: 1_100 },
          overheadMs: 1.1,
          five: { ...result(50).five, rssMb: [126] },
        }),
      ],
      slowest,
    );
    expect(checks.map((c) => c.met)).toEqual([true, true, true, true]);
    expect(checks[2]!.numbers).toContain('1.00 MB per connection');
  });

  it('are missed one by one, each just over its line', () => {
    const checks = evaluateTargets(
      [
        result(1),
        result(4, { five: { ...result(4).five, rssMb: [80] } }),
        result(
          50,
          {
            laterStart: { firstAnswerMs: 200, completeMs: 1_101 },
            overheadMs: 1.11,
            five: { ...result(50).five, rssMb: [126.5] },
          },
          { rebuilt: 1 },
        ),
      ],
      slowest,
    );
    expect(checks.map((c) => c.met)).toEqual([false, false, false, false]);
  });

  it('count a re-list, an unseen write, and fall back to re-reads when rebuilds cannot be counted', () => {
    const at = (fanOut: Partial<ScaleResult['fanOut']>) =>
      evaluateTargets([result(1), result(4), result(50, {}, fanOut)], slowest)[3]!;
    expect(at({ upstreamLists: 2 }).met).toBe(false);
    expect(at({ writeSeen: false }).met).toBe(false);
    expect(at({ rebuilt: null, reread: 0 }).met).toBe(true);
    expect(at({ rebuilt: null, reread: 2 })).toMatchObject({
      met: false,
      numbers: expect.stringContaining('re-read by 2'),
    });
  });

  it('print growth as ratios, with n/a for a zero base', () => {
    expect(ratio(4, 10)).toBe('2.50×');
    expect(ratio(0, 10)).toBe('n/a');
    expect(middle([3, 1, 2])).toBe(2);
    expect(middle([4, 1, 3, 2])).toBe(2.5);
    const tables = scaleTables(
      [result(1), result(4, {}, { readsAfter: 0 }), result(50, { initializeMs: 800 })],
      slowest,
    );
    expect(tables).toContain('| growth 4 → 50 | 2.00× |');
    expect(tables).toContain('store reads n/a');
    expect(tables).toMatch(/\| met \|/);
  });
});

describe('the scale section of RESULTS.md', () => {
  it('is appended once, replaced in place, and found again', () => {
    const doc = '# Gateway benchmark results\n\n| a |\n';
    const once = withScaleSection(doc, '## Scale\nfirst');
    expect(once.startsWith(doc)).toBe(true);
    const twice = withScaleSection(`${once}tail\n`, '## Scale\nsecond');
    expect(twice).toContain('second');
    expect(twice).not.toContain('first');
    expect(twice.endsWith('tail\n')).toBe(true);
    expect(scaleSectionOf(twice)).toContain('## Scale\nsecond');
    expect(scaleSectionOf(doc)).toBe('');
  });
});
