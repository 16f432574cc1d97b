/**
 * Every secret this process has handled (read from or written to the keychain, typed by the person), so that
 * `redactSecrets` masks the exact values wherever they turn up, not only the ones that look like a token. An upstream
 * that quotes a credential back in an error body can then not carry it into the store, the CLI, the app or a log.
 *
 * The values live as long as the process: the gateway and the CLI handle only their own connections' secrets, and the
 * keychain is the only place they are written.
 */
const known = new Set<string>();

/** Fields of a stored JSON secret (an OAuth grant, a client registration) that are secrets themselves. */
const SECRET_FIELDS = ['access_token', 'refresh_token', 'id_token', 'client_secret'];

/** Remembers `secret` (and, for a JSON secret such as an OAuth grant, the tokens inside it). Short values are ignored. */
export function rememberSecret(secret: string | null | undefined): void {
  if (!secret) return;
  const value = secret.trim();
  if (value.length < 6) return;
  known.add(value);
  if (value.startsWith('{')) {
    try {
      const parsed = JSON.parse(value) as Record<string, unknown>;
      for (const field of SECRET_FIELDS) if (typeof parsed[field] === 'string') rememberSecret(parsed[field]);
      for (const nested of Object.values(parsed))
        if (nested && typeof nested === 'object') rememberSecret(JSON.stringify(nested));
    } catch {
      // not JSON: the whole value is the secret
    }
  }
}

/** The secrets remembered so far. */
export function rememberedSecrets(): ReadonlySet<string> {
  return known;
}
