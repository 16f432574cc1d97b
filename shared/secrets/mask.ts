import { TOKEN_PREFIXES } from '../providers/token-facts.js';

/** Token prefixes the providers declare; a masked value keeps the prefix so people can tell tokens apart. */
export const KNOWN_TOKEN_PREFIXES: readonly string[] = TOKEN_PREFIXES.map((fact) => fact.prefix);

/**
 * Masks a secret for display: known prefix (or the first 3 characters) + `…` + last 4.
 * Short secrets show no tail at all, so masking never reveals most of a secret.
 */
export function maskSecret(secret: string): string {
  const value = secret.trim();
  if (value.length === 0) return '';
  const prefix =
    KNOWN_TOKEN_PREFIXES.find((p) => value.startsWith(p)) ?? (value.startsWith('eyJ') ? 'eyJ' : value.slice(0, 3));
  const rest = value.length - prefix.length;
  if (rest < 12) return `${prefix}…`;
  return `${prefix}…${value.slice(-4)}`;
}
