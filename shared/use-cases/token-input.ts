import { InputError } from '../errors.js';
import type { Provider } from '../providers/types.js';
import { rememberSecret } from '../secrets/known-secrets.js';

/** Checks a pasted token before anything is stored: non-empty, no whitespace, plausible for the provider. */
export function validateTokenShape(provider: Provider, raw: string, options: { force?: boolean } = {}): string {
  const token = raw.replace(/\r?\n$/, '').trim();
  rememberSecret(token);
  if (token.length === 0) {
    throw new InputError('The token is empty.', 'Paste the whole token (it is shown once when you create it in the service).');
  }
  if (/\s/.test(token)) {
    throw new InputError('The token contains spaces or line breaks, so it was probably copied incompletely.', 'Copy the token again in one piece and retry.');
  }
  const recognition = provider.recognizeToken(token);
  if (!recognition.matches && !options.force) {
    throw new InputError(
      recognition.warning ?? `This does not look like a ${provider.displayName} token.`,
      'Check you copied the right token, or pass --force to save it anyway.',
    );
  }
  return token;
}
