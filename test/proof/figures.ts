/**
 * The figures every proof part reports (issue 17): how many cases it tried, how many failed (a crash, an invalid
 * line, an unclear answer), how many were lost (stores, connections, pings that never came back) and how many
 * found what they hunted (canary hits, tokens seen at another origin, orphaned secrets). `ok` is the part's own
 * verdict on what the fixed product must show; `notes` say what was measured beyond the four counts.
 */
export interface PartFigures {
  part: string;
  tried: number;
  failed: number;
  lost: number;
  found: number;
  ok: boolean;
  notes: string[];
  ms: number;
}

/** Runs `body` and stamps its duration; an exception becomes a failed part (never a crashed suite). */
export async function timed(part: string, body: () => Promise<Omit<PartFigures, 'part' | 'ms'>>): Promise<PartFigures> {
  const started = Date.now();
  try {
    return { part, ...(await body()), ms: Date.now() - started };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      part,
      tried: 0,
      failed: 1,
      lost: 0,
      found: 0,
      ok: false,
      notes: [`the part itself failed: ${why.slice(0, 300)}`],
      ms: Date.now() - started,
    };
  }
}

/** A deterministic pseudo-random generator (mulberry32), so a run can be repeated with its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Resolves when `check` is true, polling every `everyMs`; false when `timeoutMs` passes first. */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 50,
): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The one table, as Markdown. */
export function figuresTable(parts: PartFigures[]): string {
  const rows = parts.map(
    (p) =>
      `| ${p.part} | ${p.tried} | ${p.failed} | ${p.lost} | ${p.found} | ${p.ok ? 'pass' : '**FAIL**'} | ${(p.ms / 1000).toFixed(1)} s | ${p.notes.join('; ').replace(/\|/g, '/')} |`,
  );
  return [
    '| part | tried | failed | lost | found | verdict | time | notes |',
    '|---|---:|---:|---:|---:|---|---:|---|',
    ...rows,
  ].join('\n');
}
