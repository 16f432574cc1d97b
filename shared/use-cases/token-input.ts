import { InputError } from '../errors.js';
import { normalizePastedToken } from '../pasted-input.js';
import { allProviders } from '../providers/registry.js';
import type { Provider } from '../providers/types.js';
import { rememberSecret } from '../secrets/known-secrets.js';

/** Token kinds only one service issues (a recognisable prefix), so a match names that service for sure. */
const DISTINCTIVE_KINDS = new Set(['pat', 'board_token', 'sk_live']);

/** The other service whose distinctive token this is, if any (never guessed from length or a JWT shape). */
export function detectOtherService(provider: Provider, token: string): Provider | undefined {
  return allProviders().find((other) => {
    if (other.id === provider.id) return false;
    const recognition = other.recognizeToken(token);
    return recognition.matches && DISTINCTIVE_KINDS.has(recognition.kind ?? '');
  });
}

/**
 * Checks a pasted token before anything is stored: non-empty, no whitespace, plausible for the provider.
 * Surrounding whitespace and a pasted `Bearer ` scheme are dropped first.
 */
export function validateTokenShape(provider: Provider, raw: string, options: { force?: boolean } = {}): string {
  const token = normalizePastedToken(raw);
  rememberSecret(token);
  if (token.length === 0) {
    throw new InputError(
      'The token is empty.',
      'Paste the whole token (it is shown once when you create it in the service).',
    );
  }
  if (/\s/.test(token)) {
    throw new InputError(
      'The token contains spaces or line breaks, so it was probably copied incompletely.',
      'Copy the token again in one piece and retry.',
    );
  }
  const recognition = provider.recognizeToken(token);
  if (!recognition.matches && !options.force) {
    const other = detectOtherService(provider, token);
    const message = recognition.warning ?? `This does not look like a ${provider.displayName} token.`;
    if (other) {
      throw new InputError(
        message,
        `Add it as ${other.displayName} instead: \`bridgekeeper connections add ${other.id} …\` (or pass --force if it really belongs here).`,
        { kind: 'use_service', service: other.id, serviceName: other.displayName },
      );
    }
    throw new InputError(message, 'Check you copied the right token, or pass --force to save it anyway.', {
      kind: 'save_anyway',
    });
  }
  return token;
}
