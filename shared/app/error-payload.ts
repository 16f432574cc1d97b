import type { ErrorPayload } from '../contract.js';
import { BridgekeeperError } from '../errors.js';
import { redactSecrets } from '../secrets/redact.js';
import { appGuidance, appWords } from './app-guidance.js';
import { bounded } from './renderer-urls.js';

/**
 * Turns any thrown value into what the renderer may see: a stable code, a message, a next step in the app's
 * words and the one-click fix when there is one (`appGuidance`). Anything else becomes a generic message (no stack). Every string is passed
 * through `redactSecrets` with the secrets of the current request, so an upstream error echoing a token
 * cannot carry it to the UI, and bounded (`MAX_ERROR_TEXT`).
 */
export function toErrorPayload(error: unknown, knownSecrets: string[] = []): ErrorPayload {
  const clean = (text: string) => bounded(redactSecrets(text, knownSecrets));
  if (error instanceof BridgekeeperError) {
    const { hint, fix } = appGuidance(error);
    return {
      code: error.code,
      message: clean(appWords(error.message, undefined)),
      hint: clean(hint),
      ...(fix ? { fix } : {}),
    };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return {
    code: 'unexpected',
    message: clean(`Something went wrong: ${detail}`),
    hint: 'Try again. If it keeps happening, restart Bridgekeeper and check its log folder.',
  };
}

/** The payload for a request that does not match the contract. */
export function invalidRequestPayload(operation: string, issue: string): ErrorPayload {
  return {
    code: 'invalid_input',
    message: `The request for "${operation}" was not accepted: ${issue}.`,
    hint: 'Check the fields on the form and try again.',
  };
}
