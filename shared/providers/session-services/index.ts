import { looksLikeJwt } from '../../util/jwt-claims.js';
import type { Provider, TokenRecognition } from '../types.js';
import { MIN_TOKEN_LENGTH } from './api-surface.js';
import { callSessionServicesTool } from './call-tool.js';
import { sessionServicesAuthHeaders, sessionServicesBaseUrl } from './request.js';
import { expandSessionServicesScopes, SESSION_SERVICES_SCOPES } from './scopes.js';
import { sessionServicesToolsFor } from './tools.js';
import { sessionServicesWhoami } from './whoami.js';
import { TENANT_ID_PREFIX } from './token-facts.js';
import { describeTokenPrefix, foreignTokenFamily, foreignTokenPrefix } from '../token-facts.js';
import { listedExpectedScopes } from '../granted-scopes.js';

/**
 * Recognises a Session Services token. The seed never says what an OpenAuth token looks like, so any token without
 * whitespace is accepted (a JWT is recognised as such); only values that are plainly something else are refused:
 * a tenant id, another service's token, or something too short to be a credential.
 */
export function recognizeSessionServicesToken(token: string): TokenRecognition {
  if (looksLikeJwt(token)) return { matches: true, kind: 'jwt' };
  const foreign = foreignTokenFamily(token, 'session-services') ?? foreignTokenPrefix(token, 'session-services');
  const why = token.startsWith(TENANT_ID_PREFIX)
    ? 'This is a Session Services tenant id, not a token: pass it with --tenant (and --no-token for public access only).'
    : foreign
      ? `This looks like ${describeTokenPrefix(foreign)}, not a Session Services token.`
      : token.length < MIN_TOKEN_LENGTH
        ? 'This is too short to be a Session Services token: copy the whole token issued by Session Services OpenAuth.'
        : undefined;
  return why ? { matches: false, warning: why } : { matches: true, kind: 'opaque' };
}

/** Session Services: tenant id on every call, Bearer token for authenticated endpoints (seed 003). */
export const provider: Provider = {
  id: 'session-services',
  displayName: 'Session Services',
  connectionFields: ['tenantId'],
  authKinds: ['tenant', 'token'],
  credentialHelp: {
    whereToGet: `Your tenant id (${TENANT_ID_PREFIX}…) is in the Session Services dashboard. Tokens for authenticated access are issued by Session Services OpenAuth: contact the Session Services team to request credentials.`,
    tips: [
      'A tenant id alone is enough to list events, admissions, venues and quotes (public access).',
      'Managing events, orders, scanning, teams or payouts needs a token with the matching permission (EVENT, ORDER, SCANNING, TEAM, FINANCE…). FULL grants everything.',
      'Session Services does not document which permission each operation needs: Bridgekeeper shows its best guess as "assumed", lets the call through, and learns from a refusal.',
    ],
    placeholder: 'token from Session Services OpenAuth (optional)',
  },
  scopes: SESSION_SERVICES_SCOPES,
  grantHint: (scope) =>
    `Ask your Session Services admin for a token with the ${scope} permission (FULL grants everything).`,
  recognizeToken: recognizeSessionServicesToken,
  effectiveScopes(connection) {
    if (connection.authKind === 'tenant' || connection.authKind === 'none') return new Set();
    return connection.serverScopes ? expandSessionServicesScopes(connection.serverScopes) : undefined;
  },
  expectedScopes(connection) {
    const listed = listedExpectedScopes(connection);
    return listed.length > 0 ? expandSessionServicesScopes(listed) : undefined;
  },
  apiBaseUrl: sessionServicesBaseUrl,
  authHeaders: sessionServicesAuthHeaders,
  whoami: sessionServicesWhoami,
  tools: sessionServicesToolsFor,
  callTool: callSessionServicesTool,
};
