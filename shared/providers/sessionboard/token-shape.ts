import { describeTokenPrefix, foreignTokenPrefix } from '../token-facts.js';
import type { TokenRecognition } from '../types.js';

/**
 * Sessionboard API tokens are opaque (the docs give no prefix), so anything long enough that is not another
 * service's recognizable credential is accepted. A JWT is accepted with a warning (it may be an OAuth token).
 */
export function recognizeToken(token: string): TokenRecognition {
  const foreign = foreignTokenPrefix(token, 'sessionboard');
  if (foreign) {
    return {
      matches: false,
      warning: `This looks like ${describeTokenPrefix(foreign)}, not a Sessionboard API token.`,
    };
  }
  if (token.length < 20) {
    return {
      matches: false,
      warning:
        'This is too short to be a Sessionboard API token (tokens are long random strings shown once when generated).',
    };
  }
  if (/^eyJ[\w-]+\.[\w-]+\./.test(token)) {
    return {
      matches: true,
      kind: 'jwt',
      warning:
        'This looks like a JWT (an OAuth access token), not an API token from Organization Settings → API Tokens.',
    };
  }
  return { matches: true, kind: 'api_token' };
}
