import type { TokenRecognition } from '../types.js';

/** Prefixes that belong to other services, with what they look like. */
const FOREIGN_PREFIXES: Array<[prefix: string, looksLike: string]> = [
  ['imb_pat_', "an I'mBoard personal access token (imb_pat_…)"],
  ['imb_bat_', "an I'mBoard board access token (imb_bat_…)"],
  ['sk_live_', 'a sessions.website API key (sk_live_…)'],
  ['sk_test_', 'a sessions.website test key (sk_test_…)'],
  ['tnt_', 'a Session Services tenant id (tnt_…)'],
];

/**
 * Sessionboard API tokens are opaque (the docs give no prefix), so anything long enough that is not another
 * service's recognisable credential is accepted. A JWT is accepted with a warning (it may be an OAuth token).
 */
export function recognizeToken(token: string): TokenRecognition {
  const foreign = FOREIGN_PREFIXES.find(([prefix]) => token.startsWith(prefix));
  if (foreign) {
    return { matches: false, warning: `This looks like ${foreign[1]}, not a Sessionboard API token.` };
  }
  if (token.length < 20) {
    return { matches: false, warning: 'This is too short to be a Sessionboard API token (tokens are long random strings shown once when generated).' };
  }
  if (/^eyJ[\w-]+\.[\w-]+\./.test(token)) {
    return { matches: true, kind: 'jwt', warning: 'This looks like a JWT (an OAuth access token), not an API token from Organization Settings → API Tokens.' };
  }
  return { matches: true, kind: 'api_token' };
}
