import { describe, expect, it } from 'vitest';
import { callLoad } from './call-load.js';
import { canarySweep } from './canary-sweep.js';
import { faultMatrix } from './fault-matrix.js';
import type { PartFigures } from './figures.js';
import { killCliAdds, killStoreWriters } from './kill-nine.js';
import { multiGateway } from './multi-gateway.js';
import { redirectBinding } from './redirect-binding.js';
import { SCALES } from './suite.js';
import { stdinFuzz } from './stdin-fuzz.js';

// The fast scale of `npm run proof` (issue 17): the same parts with small counts, asserting the figures the fixed
// product must show. The long runs (tens of thousands of frames, 100+ kills, 10k+ calls) are `npm run proof` only.
const fast = SCALES.fast;
const explain = (f: PartFigures) => `${f.part}: ${f.notes.join('; ')}`;

describe('proof suite, fast scale', () => {
  it(
    'stdin fuzz: no crash, no invalid stdout line, nothing served before initialize, every probe answered',
    { timeout: 120_000 },
    async () => {
      const f = await stdinFuzz(fast.stdin);
      expect(f.tried, explain(f)).toBeGreaterThanOrEqual(fast.stdin.frames);
      expect({ failed: f.failed, lost: f.lost }, explain(f)).toEqual({ failed: 0, lost: 0 });
    },
  );

  it(
    'upstream fault matrix: every fault answered with a clear isError text, no crash',
    { timeout: 180_000 },
    async () => {
      const f = await faultMatrix(fast.faults);
      expect(f.tried, explain(f)).toBeGreaterThan(40);
      expect({ failed: f.failed, lost: f.lost }, explain(f)).toEqual({ failed: 0, lost: 0 });
    },
  );

  it('canary sweep: a credential the upstream echoes appears in no output', { timeout: 180_000 }, async () => {
    const f = await canarySweep(fast.canary);
    expect(f.failed, explain(f)).toBe(0); // the upstream did receive the credential
    expect(f.found, explain(f)).toBe(0);
  });

  it('redirects: no token reaches another origin', { timeout: 60_000 }, async () => {
    const f = await redirectBinding(fast.redirects);
    expect(f.tried, explain(f)).toBe(75);
    expect({ failed: f.failed, found: f.found }, explain(f)).toEqual({ failed: 0, found: 0 });
  });

  it(
    'kill -9 of store writers: store readable, nothing lost, a dead lock taken over in under a second',
    { timeout: 120_000 },
    async () => {
      const f = await killStoreWriters(fast.storeKills);
      expect(f.tried, explain(f)).toBe(fast.storeKills.kills);
      expect({ failed: f.failed, lost: f.lost }, explain(f)).toEqual({ failed: 0, lost: 0 });
    },
  );

  it(
    'kill -9 of connections add: store readable, no connection without its secret, no orphaned secret',
    { timeout: 180_000 },
    async () => {
      const f = await killCliAdds(fast.cliKills);
      expect(f.tried, explain(f)).toBe(fast.cliKills.kills);
      expect({ failed: f.failed, lost: f.lost, found: f.found }, explain(f)).toEqual({ failed: 0, lost: 0, found: 0 });
    },
  );

  it('gateways under concurrent CLI changes converge on the same tool list', { timeout: 120_000 }, async () => {
    const f = await multiGateway(fast.gateways);
    expect({ failed: f.failed, lost: f.lost, found: f.found }, explain(f)).toEqual({ failed: 0, lost: 0, found: 0 });
  });

  it(
    'call load: every call answered, no crash (memory is judged by the long run of npm run proof)',
    { timeout: 120_000 },
    async () => {
      const f = await callLoad(fast.load);
      expect(f.tried, explain(f)).toBeGreaterThanOrEqual(fast.load.calls);
      expect({ failed: f.failed, lost: f.lost }, explain(f)).toEqual({ failed: 0, lost: 0 });
    },
  );
});
