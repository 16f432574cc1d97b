import { describe, expect, it } from 'vitest';
import { type IpcRegistrar, registerIpcHandlers, UNTRUSTED_SENDER_REPLY } from '../../electron/ipc.js';
import { APP_ENTRY_URL } from '../../electron/security/app-origin.js';
import type { AppHandlers } from '../../shared/app/handlers.js';
import { OPERATION_NAMES, operations } from '../../shared/contract.js';

type Listener = (event: unknown, raw: unknown) => Promise<unknown>;

/** A stand-in for ipcMain (no electron import): records what is registered. */
function fakeIpc() {
  const handlers = new Map<string, Listener>();
  const ipc = {
    handle: (channel: string, listener: Listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel: string) => void handlers.delete(channel),
  } as unknown as IpcRegistrar;
  return { ipc, handlers };
}

/** Core handlers that only count calls. */
function countingHandlers() {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    OPERATION_NAMES.map((name) => [
      name,
      async () => (calls.push(name), name === 'listConnections' ? { connections: [] } : {}),
    ]),
  ) as unknown as AppHandlers;
  return { handlers, calls };
}

const fromApp = { senderFrame: { url: APP_ENTRY_URL, parent: null, top: { url: APP_ENTRY_URL } } };

describe('IPC registration', () => {
  it('registers one handler per contract operation and nothing else, and removes them all', () => {
    const { ipc, handlers } = fakeIpc();
    const unregister = registerIpcHandlers(ipc, countingHandlers().handlers);
    expect([...handlers.keys()].sort()).toEqual(OPERATION_NAMES.map((n) => operations[n].channel).sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('refuses calls from other pages, sub-frames and destroyed frames without running anything', async () => {
    const { ipc, handlers } = fakeIpc();
    const core = countingHandlers();
    registerIpcHandlers(ipc, core.handlers);
    const listener = handlers.get('connections:list')!;
    for (const event of [
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      { senderFrame: { url: APP_ENTRY_URL, parent: { url: APP_ENTRY_URL } } },
      { senderFrame: null },
      {},
    ]) {
      expect(await listener(event, {})).toEqual(UNTRUSTED_SENDER_REPLY);
    }
    expect(core.calls).toEqual([]);
  });

  it('validates the request from our own page before the core runs', async () => {
    const { ipc, handlers } = fakeIpc();
    const core = countingHandlers();
    registerIpcHandlers(ipc, core.handlers);
    const listener = handlers.get('connections:list')!;
    expect(await listener(fromApp, { extra: 'field' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(core.calls).toEqual([]);
    expect(await listener(fromApp, {})).toEqual({ ok: true, value: { connections: [] } });
    expect(core.calls).toEqual(['listConnections']);
  });
});
