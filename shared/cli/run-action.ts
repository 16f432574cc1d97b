import { describeError, exitCodeFor } from '../errors.js';
import { redactSecrets } from '../secrets/redact.js';

/**
 * Wraps a command action: a failure prints one redacted line to stderr (what happened + what to do) and sets
 * the exit code from the error's type. Never prints a stack to the user unless BRIDGEKEEPER_DEBUG is set.
 */
export function runAction<A extends unknown[]>(
  fn: (...args: A) => Promise<void> | void,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (error) {
      process.stderr.write(`bridgekeeper: ${redactSecrets(describeError(error))}\n`);
      if (process.env.BRIDGEKEEPER_DEBUG && error instanceof Error)
        process.stderr.write(`${redactSecrets(error.stack ?? '')}\n`);
      process.exitCode = exitCodeFor(error);
    }
  };
}
