import { ipcMain } from 'electron';
import { type AppHandlers, invokeOperation } from '../shared/app/handlers.js';
import { OPERATION_NAMES, operations } from '../shared/contract.js';
import { isTrustedSender } from './security/sender-check.js';

/**
 * Registers exactly one `ipcMain.handle` per contract operation (no generic pass-through channel). Each handler
 * first checks the sender frame is our own page, then hands the raw argument to `invokeOperation`, which
 * validates it with the operation's zod schema, runs the core handler and validates the response.
 */
export function registerIpcHandlers(handlers: AppHandlers): () => void {
  for (const name of OPERATION_NAMES) {
    const { channel } = operations[name];
    ipcMain.handle(channel, async (event, raw: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        return { ok: false, error: { code: 'untrusted_sender', message: 'This request did not come from the Bridgekeeper window.', hint: 'Nothing was done.' } };
      }
      return invokeOperation(handlers, name, raw);
    });
  }
  return () => {
    for (const name of OPERATION_NAMES) ipcMain.removeHandler(operations[name].channel);
  };
}
