/**
 * OAuth 2.1 for MCP connections: interactive sign-in (CLI and app), the gateway's keychain-backed
 * `OAuthClientProvider`, lock-serialised refresh, and revocation on disconnect.
 */
export { signIn, type SignInOptions, type SignInResult } from './sign-in.js';
export { createOAuthProvider } from './gateway-provider.js';
export { ensureFreshGrant, isExpiring, type FreshGrantOptions } from './refresh.js';
export { revokeAndForget, type RevokeResult } from './revoke.js';
export { SignInError, needsSignInError, type SignInFailure } from './errors.js';
export { openSystemBrowser, type OpenBrowser } from './open-browser.js';
export { readGrant, type StoredGrant } from './grant-store.js';
