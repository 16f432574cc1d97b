import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { type AppHandlers, invokeOperation } from '../shared/app/handlers.js';
import { OPERATION_NAMES, operations } from '../shared/contract.js';
import { isTrustedSender } from './security/sender-check.js';

/** The part of `ipcMain` this module uses (so a unit test can pass a fake without importing electron). */
export type IpcRegistrar = Pick<IpcMain, 'handle' | 'removeHandler'>;

/** The reply to a call from anything but our own page: nothing is run. */
export const UNTRUSTED_SENDER_REPLY = {
  ok: false,
  error: {
    code: 'untrusted_sender',
    message: 'This request did not come from the Bridgekeeper window.',
    hint: 'Nothing was done.',
  },
} as const;

/**
 * Registers exactly one `ipcMain.handle` per contract operation (no generic pass-through channel). Each handler
 * first checks the sender frame is our own page in the main frame, then hands the raw argument to
 * `invokeOperation`, which validates it with the operation's zod schema, runs the core handler and validates the
 * response. Returns a function that removes every handler again.
 */
export function registerIpcHandlers(ipc: IpcRegistrar, handlers: AppHandlers): () => void {
  for (const name of OPERATION_NAMES) {
    const { channel } = operations[name];
    ipc.handle(channel, async (event: IpcMainInvokeEvent, raw: unknown) => {
      if (!isTrustedSender(event.senderFrame)) return UNTRUSTED_SENDER_REPLY;
      return invokeOperation(handlers, name, raw);
    });
  }
  return () => {
    for (const name of OPERATION_NAMES) ipc.removeHandler(operations[name].channel);
  };
}
