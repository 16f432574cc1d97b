import type { TokenRecognition } from '../types.js';
import { LIVE_KEY_PREFIX } from './api-surface.js';

/** Other services' recognisable credentials, with what they look like. */
const FOREIGN_PREFIXES: Array<[prefix: string, looksLike: string]> = [
  ['imb_pat_', "an I'mBoard personal access token (imb_pat_…)"],
  ['imb_bat_', "an I'mBoard board access token (imb_bat_…)"],
  ['tnt_', 'a Session Services tenant id (tnt_…)'],
  ['sk_test_', 'a sessions.website test key (sk_test_…); the partner API accepts live keys (sk_live_…)'],
];

/** sessions.website API keys look like `sk_live_…`; anything else is named for what it looks like. */
export function recognizeToken(token: string): TokenRecognition {
  const foreign = FOREIGN_PREFIXES.find(([prefix]) => token.startsWith(prefix));
  if (foreign) {
    return { matches: false, warning: `This looks like ${foreign[1]}, not a sessions.website API key (sk_live_…).` };
  }
  if (/^eyJ[\w-]+\.[\w-]+\./.test(token)) {
    return { matches: false, warning: 'This looks like a JWT (for example an MCP OAuth access token), not a sessions.website API key (sk_live_…).' };
  }
  if (!token.startsWith(LIVE_KEY_PREFIX)) {
    return { matches: false, warning: 'sessions.website API keys start with sk_live_; this one does not.' };
  }
  if (token.length < LIVE_KEY_PREFIX.length + 16) {
    return { matches: false, warning: 'This sk_live_ key is too short; it was probably copied incompletely.' };
  }
  return { matches: true, kind: 'sk_live' };
}
