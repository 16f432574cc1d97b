import { rememberedSecrets } from './known-secrets.js';
import { TOKEN_PREFIXES } from '../providers/token-facts.js';
import { maskSecret } from './mask.js';

/** The declared prefixes of credentials (not of identifiers such as a tenant id), as a regex alternation. */
const SECRET_PREFIXES = TOKEN_PREFIXES.filter((fact) => fact.secret)
  .map((fact) => fact.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  .join('|');

/** Patterns that look like credentials wherever they appear (logs, errors, tool results). */
const CREDENTIAL_PATTERNS: RegExp[] = [
  new RegExp(`\\b(?:${SECRET_PREFIXES})[A-Za-z0-9_-]{6,}`, 'g'),
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
  /(\bBearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /("?(?:x-access-token|authorization|access_token|refresh_token|client_secret|password)"?\s*[:=]\s*"?)(?!Bearer\b)([^\s",}]{6,})/gi,
];

/**
 * Replaces known secrets (exact values: `knownSecrets` and every secret this process has handled, see
 * known-secrets.ts) and anything credential-shaped with masked forms.
 * Use on every string that may leave the process: log lines, audit records, error text, tool results.
 */
export function redactSecrets(text: string, knownSecrets: Iterable<string> = []): string {
  let out = text;
  for (const secrets of [knownSecrets, rememberedSecrets()]) {
    for (const secret of secrets) {
      if (secret && secret.length >= 6 && out.includes(secret)) out = out.split(secret).join(maskSecret(secret));
    }
  }
  out = out.replace(CREDENTIAL_PATTERNS[0]!, (m) => maskSecret(m));
  out = out.replace(CREDENTIAL_PATTERNS[1]!, (m) => maskSecret(m));
  out = out.replace(CREDENTIAL_PATTERNS[2]!, (_m, lead: string) => `${lead}[redacted]`);
  out = out.replace(CREDENTIAL_PATTERNS[3]!, (_m, lead: string) => `${lead}[redacted]`);
  return out;
}

/** `value` with `redactSecrets` applied to every string in it (a JSON round trip, only when something changed). */
export function redactJson<T>(value: T, knownSecrets: Iterable<string> = []): T {
  if (value === undefined) return value;
  const text = JSON.stringify(value);
  const clean = redactSecrets(text, knownSecrets);
  return clean === text ? value : (JSON.parse(clean) as T);
}
