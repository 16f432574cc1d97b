/** Token prefixes we recognise; a masked value keeps the prefix so people can tell tokens apart. */
export const KNOWN_TOKEN_PREFIXES = ['imb_pat_', 'imb_bat_', 'sk_live_', 'sk_test_', 'tnt_'] as const;

/**
 * Masks a secret for display: known prefix (or the first 3 characters) + `…` + last 4.
 * Short secrets show no tail at all, so masking never reveals most of a secret.
 */
export function maskSecret(secret: string): string {
  const value = secret.trim();
  if (value.length === 0) return '';
  const prefix = KNOWN_TOKEN_PREFIXES.find((p) => value.startsWith(p)) ?? (value.startsWith('eyJ') ? 'eyJ' : value.slice(0, 3));
  const rest = value.length - prefix.length;
  if (rest < 12) return `${prefix}…`;
  return `${prefix}…${value.slice(-4)}`;
}
