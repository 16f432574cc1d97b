/** Small statistics helpers for the benchmarks. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Median of `values`. */
export function median(values: number[]): number {
  return percentile(values, 50);
}

/** Milliseconds with two decimals. */
export function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

/** A difference in milliseconds with its sign: `+0.37 ms`, `−0.20 ms`. */
export function deltaMs(value: number): string {
  return `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(2)} ms`;
}

/** Times `fn` in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}
