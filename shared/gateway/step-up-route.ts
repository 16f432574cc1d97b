import { randomUUID } from 'node:crypto';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { OpenBrowser } from '../auth/oauth/open-browser.js';
import type { Connection } from '../connections/model.js';
import { UpstreamError } from '../errors.js';

/** How the gateway shows the person a step-up sign-in page, and how it tells the client that sign-in is over. */
export interface StepUpRoute {
  openBrowser: OpenBrowser;
  /** Tells the client the page it showed is done with (`notifications/elicitation/complete`). */
  done(): Promise<void>;
}

/**
 * The assistant's own client as the browser of a step-up sign-in, when it supports URL-mode elicitation (MCP
 * 2025-11-25): it shows the person the authorization page, with who asks and why. Undefined when the client cannot,
 * so the gateway falls back to the system browser, and without one to a "sign in again" answer.
 */
export function elicitationStepUpRoute(
  server: Server,
  connection: Connection,
  scopes: readonly string[],
  toolName: string,
): StepUpRoute | undefined {
  if (!server.getClientCapabilities()?.elicitation?.url) return undefined;
  const elicitationId = randomUUID();
  // The scopes the sign-in lacks (the refusal may list every scope the call needs, granted ones included).
  const granted = new Set(connection.serverScopes ?? []);
  const missing = scopes.filter((s) => !granted.has(s));
  const wanted = missing.length > 0 ? missing : scopes;
  return {
    openBrowser: async (url) => {
      const result = await server.elicitInput({
        mode: 'url',
        elicitationId,
        url,
        message: `'${connection.label}' needs you to sign in again to grant ${wanted.length ? wanted.join(', ') : 'a further permission'}, which ${toolName} needs. Open the page to continue; the call goes on once you have signed in.`,
      });
      if (result.action !== 'accept') {
        throw new UpstreamError(
          'missing_scope',
          `The sign-in for '${connection.label}' was ${result.action === 'decline' ? 'declined' : 'cancelled'}, so ${toolName} was not run.`,
          `Sign in when you want to allow it: \`bridgekeeper login "${connection.label}"\` or Sign in in the Bridgekeeper app.`,
          { status: 403, missingScopes: [...wanted] },
        );
      }
    },
    done: () =>
      server
        .createElicitationCompletionNotifier(elicitationId)()
        .catch(() => undefined),
  };
}
