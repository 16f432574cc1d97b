import { signIn as oauthSignIn, type SignInOptions, type SignInResult } from '../auth/oauth/sign-in.js';
import type { Core } from '../connections/core.js';
import { getProvider } from '../providers/registry.js';

/**
 * Interactive OAuth sign-in for a connection (CLI `login`, the app): looks up the MCP endpoint the connection's
 * provider declares and hands it to OAuth, which does not look providers up itself.
 */
export async function signIn(
  core: Core,
  connectionRef: string,
  options: Omit<SignInOptions, 'mcpEndpoint'> = {},
): Promise<SignInResult> {
  const connection = core.store.get(connectionRef);
  const mcpEndpoint = getProvider(connection.provider).mcpEndpoint?.(connection);
  return oauthSignIn(core, connection.id, { ...options, ...(mcpEndpoint ? { mcpEndpoint } : {}) });
}
