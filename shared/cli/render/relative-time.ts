/** "in 3 days", "2 hours ago", "in 5 minutes": rough, for people. */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const diff = Date.parse(iso) - now.getTime();
  if (!Number.isFinite(diff)) return 'unknown';
  const abs = Math.abs(diff);
  const units: Array<[string, number]> = [
    ['year', 365 * 86_400_000],
    ['month', 30 * 86_400_000],
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ];
  const [unit, size] = units.find(([, ms]) => abs >= ms) ?? ['minute', 60_000];
  const n = Math.max(1, Math.round(abs / size));
  const text = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return diff >= 0 ? `in ${text}` : `${text} ago`;
}

/** An expiry for people: "never", "unknown", or the time with how far away it is (and "EXPIRED" when past). */
export function describeExpiry(expiresAt: string | null | undefined, now: Date = new Date()): string {
  if (expiresAt === null) return 'never';
  if (expiresAt === undefined) return 'unknown';
  const past = Date.parse(expiresAt) <= now.getTime();
  return `${expiresAt} (${past ? 'EXPIRED ' : ''}${relativeTime(expiresAt, now)})`;
}
