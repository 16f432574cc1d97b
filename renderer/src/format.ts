import type { ConnectionState } from '../../shared/contract';

/** Plain-words status labels and their tone. */
export const STATUS_TEXT: Record<
  ConnectionState,
  { label: string; tone: 'ok' | 'warn' | 'bad' | 'neutral'; help: string }
> = {
  ok: { label: 'Working', tone: 'ok', help: 'The service accepted this connection the last time it was checked.' },
  unchecked: { label: 'Not checked yet', tone: 'neutral', help: 'Use "Check again" to ask the service.' },
  needs_sign_in: { label: 'Needs sign-in', tone: 'warn', help: 'Sign in with your browser to finish connecting.' },
  expired: {
    label: 'Expired',
    tone: 'bad',
    help: 'The token passed its expiry date. Create a new one and add it again.',
  },
  revoked: {
    label: 'Revoked',
    tone: 'bad',
    help: 'The token was revoked in the service. Create a new one and add it again.',
  },
  invalid: {
    label: 'Token not accepted',
    tone: 'bad',
    help: 'The service did not accept the token. Check it, or add a new one.',
  },
  suspended: {
    label: 'Account suspended',
    tone: 'bad',
    help: 'The service says the account is suspended or inactive.',
  },
  keychain_locked: { label: 'Keychain locked', tone: 'warn', help: 'Unlock your system keychain, then check again.' },
  error: { label: 'Problem', tone: 'warn', help: 'The last check failed. Open the connection to see why.' },
};

/** "3 minutes ago", "in 5 days" … */
export function relativeTime(iso: string | undefined | null, now: number = Date.now()): string {
  if (!iso) return 'never';
  const diff = Date.parse(iso) - now;
  if (Number.isNaN(diff)) return 'unknown';
  const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  const abs = Math.abs(diff);
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ];
  for (const [unit, ms] of units) if (abs >= ms) return rtf.format(Math.round(diff / ms), unit);
  return 'just now';
}

/** Countdown to an expiry: text, and whether to warn (under 7 days, or already expired). */
export function expiryCountdown(
  expiresAt: string | null | undefined,
  now: number = Date.now(),
): { text: string; warn: boolean; expired: boolean } {
  if (expiresAt === null) return { text: 'Never expires', warn: false, expired: false };
  if (expiresAt === undefined) return { text: 'Unknown (the service does not say)', warn: false, expired: false };
  const left = Date.parse(expiresAt) - now;
  const date = new Date(expiresAt).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
  if (left <= 0) return { text: `Expired on ${date}`, warn: true, expired: true };
  const days = Math.floor(left / 86_400_000);
  const hours = Math.floor((left % 86_400_000) / 3_600_000);
  const minutes = Math.floor((left % 3_600_000) / 60_000);
  const parts = days > 0 ? `${days} day${days === 1 ? '' : 's'} ${hours} h` : `${hours} h ${minutes} min`;
  return { text: `${date} — in ${parts}`, warn: left < 7 * 86_400_000, expired: false };
}

/** A local date-time for tables. */
export function dateTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'medium' });
}
