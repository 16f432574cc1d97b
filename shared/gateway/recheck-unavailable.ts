import { asSignInAdvice, stillRefusedError } from '../auth/oauth/scope-advice.js';
import { scopeRefusedList } from '../catalog/unavailable-tool.js';
import type { Connection } from '../connections/model.js';
import { describeError } from '../errors.js';
import type { Provider } from '../providers/types.js';
import type { CallDeps, Outcome } from './call-tool.js';
import { errorResult } from './result-shaping.js';

/**
 * A call of the entry that stands in for a connection whose tools could not be listed (the keychain was unreachable,
 * or the server refused the list for a scope the sign-in lacks): tries to list them again, and for a scope refusal
 * signs in again for the granted plus the named scopes first, once (never a second sign-in within the call). On
 * success the tool list is rebuilt (the client is told it changed), else the call answers with the error, so the
 * assistant can tell the person what to fix.
 */
export async function recheckUnavailable(
  deps: CallDeps,
  connection: Connection,
  provider: Provider,
  signal: AbortSignal,
): Promise<Outcome> {
  const unavailable = (error: unknown): Outcome => ({
    outcome: 'error',
    reason: 'tools_unavailable',
    result: errorResult(
      `The tools of '${connection.label}' are still unavailable. ${describeError(asSignInAdvice(error, connection, 'its tool list'))}`,
    ),
  });
  try {
    await deps.pool.tools(connection, provider);
  } catch (error) {
    const refused = scopeRefusedList(error, connection);
    if (!refused || !deps.stepUp) return unavailable(error);
    if (refused.named.length > 0 && refused.lacking.length === 0)
      return unavailable(stillRefusedError(connection, refused.named, 'its tool list', false));
    try {
      await deps.stepUp(connection, refused.lacking, 'its tool list', signal);
    } catch (stepUpError) {
      return unavailable(stepUpError);
    }
    await deps.pool.drop(connection.id); // the next session sends the new grant's token
    try {
      await deps.pool.tools(connection, provider);
    } catch (again) {
      const still = scopeRefusedList(again, connection);
      return unavailable(still ? stillRefusedError(connection, refused.lacking, 'its tool list', true) : again);
    }
  }
  deps.rebuildCatalog?.();
  return {
    outcome: 'allowed',
    result: {
      content: [
        {
          type: 'text',
          text: `The tools of '${connection.label}' are available again and the tool list has been updated: ask for the tool list again and use them.`,
        },
      ],
    },
  };
}
