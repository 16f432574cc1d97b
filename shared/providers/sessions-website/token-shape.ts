import { describeTokenPrefix, foreignTokenPrefix, tokenPrefixOf } from '../token-facts.js';
import type { TokenRecognition } from '../types.js';
import { LIVE_KEY_PREFIX, TEST_KEY_PREFIX } from './token-facts.js';

/** sessions.website API keys start with `LIVE_KEY_PREFIX`; anything else is named for what it looks like. */
export function recognizeToken(token: string): TokenRecognition {
  const live = `${LIVE_KEY_PREFIX}…`;
  const foreign = foreignTokenPrefix(token, 'sessions-website');
  if (foreign) {
    return {
      matches: false,
      warning: `This looks like ${describeTokenPrefix(foreign)}, not a sessions.website API key (${live}).`,
    };
  }
  const test = token.startsWith(TEST_KEY_PREFIX) ? tokenPrefixOf(token) : undefined;
  if (test) {
    return {
      matches: false,
      warning: `This looks like ${describeTokenPrefix(test)}; the partner API accepts live keys (${live}), not a sessions.website API key (${live}).`,
    };
  }
  if (/^eyJ[\w-]+\.[\w-]+\./.test(token)) {
    return {
      matches: false,
      warning:
        'This looks like a JWT (for example an MCP OAuth access token), not a sessions.website API key (' + live + ').',
    };
  }
  if (!token.startsWith(LIVE_KEY_PREFIX)) {
    return { matches: false, warning: `sessions.website API keys start with ${LIVE_KEY_PREFIX}; this one does not.` };
  }
  if (token.length < LIVE_KEY_PREFIX.length + 16) {
    return {
      matches: false,
      warning: `This ${LIVE_KEY_PREFIX} key is too short; it was probably copied incompletely.`,
    };
  }
  return { matches: true, kind: 'sk_live' };
}
