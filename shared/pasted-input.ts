/**
 * What people paste is rarely exactly what a service needs: a token copied with its `Bearer ` scheme or with
 * spaces around it, a business address instead of its handle. These helpers accept those forms in the CLI and
 * the app alike, and change nothing else.
 */

/** A pasted token without surrounding whitespace and without a leading `Bearer ` (any case). */
export function normalizePastedToken(raw: string): string {
  return raw
    .trim()
    .replace(/^bearer\s+/i, '')
    .trim();
}

/**
 * A sessions.website business handle from what was typed: `acme-yoga`, `@acme-yoga`,
 * `business.sessions.website/@acme-yoga` or `https://business.sessions.website/@acme-yoga/…` all give
 * `acme-yoga`. Anything else is returned trimmed, for the caller's own validation to judge.
 */
export function normalizeHandle(raw: string): string {
  const text = raw.trim();
  const fromAddress = /^(?:https?:\/\/)?[a-z0-9.-]+\.[a-z]{2,}(?::\d+)?\/@([^/?#\s]+)/i.exec(text);
  if (fromAddress?.[1]) return decodeURIComponent(fromAddress[1]);
  return text.replace(/^@/, '');
}
