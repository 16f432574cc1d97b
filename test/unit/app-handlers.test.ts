import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppHandlers, invokeOperation, memoryPreferences } from '../../shared/app/handlers.js';
import { createCore } from '../../shared/connections/core.js';
import { MemorySecretStore } from '../../shared/secrets/memory-secret-store.js';

const homes: string[] = [];
function setup() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-app-'));
  homes.push(home);
  const core = createCore({ home, secrets: new MemorySecretStore() });
  const opened: string[] = [];
  const handlers = createAppHandlers({
    core,
    preferences: memoryPreferences(),
    openBrowser: async (url) => void opened.push(url),
    openExternal: async (url) => url.startsWith('https://'),
    gatewayCommand: {
      command: '/Applications/Bridgekeeper.app/Contents/MacOS/Bridgekeeper',
      args: ['/app/dist/shared/cli/main.js', 'mcp'],
      env: { ELECTRON_RUN_AS_NODE: '1' },
    },
    version: '0.1.0',
    platform: 'linux',
  });
  return { core, handlers, home };
}
afterEach(() => {
  for (const home of homes.splice(0)) fs.rmSync(home, { recursive: true, force: true });
});

describe('app handlers (Electron-free core of the desktop app)', () => {
  it('refuses a request that does not match the contract, with words for a person', async () => {
    const { handlers } = setup();
    const result = await invokeOperation(handlers, 'checkConnection', { id: 42 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!result.ok) expect(result.error.message).toContain('id');
  });

  it('reports a missing connection as a typed error with a next step, never a stack', async () => {
    const { handlers } = setup();
    const result = await invokeOperation(handlers, 'toolMatrix', { id: 'nope' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('connection_not_found');
      expect(result.error.hint.length).toBeGreaterThan(0);
      expect(JSON.stringify(result)).not.toMatch(/\bat .*\.(ts|js):\d+/);
    }
  });

  it('inspects a token without saving it and returns only a masked form', async () => {
    const { handlers, core } = setup();
    const token = 'imb_pat_CANARYabcdefghijklmnop1234';
    const result = await invokeOperation(handlers, 'inspectToken', { token });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.kind).toBe('imboard_pat');
      expect(result.value.maskedToken).toBe('imb_pat_…1234');
    }
    expect(JSON.stringify(result)).not.toContain(token);
    expect(core.store.list()).toHaveLength(0);
  });

  it('rejects a malformed sessions.website handle before anything is sent', async () => {
    const { handlers } = setup();
    const result = await invokeOperation(handlers, 'addConnection', {
      service: 'sessions-website',
      label: 'x',
      authKind: 'token',
      token: 'sk_live_abcdefghijklmnop',
      handle: '../evil',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('persists policy changes in the shared store (what the gateway hot-reloads)', async () => {
    const { handlers, core } = setup();
    const connection = await core.store.add({ label: 'Board', provider: 'imboard', authKind: 'token' });
    const result = await invokeOperation(handlers, 'setPolicy', {
      id: connection.id,
      patch: { readOnly: true, confirmWrites: true },
    });
    expect(result).toMatchObject({ ok: true, value: { policies: { readOnly: true, confirmWrites: true } } });
    expect(core.store.get(connection.id).policies).toMatchObject({ readOnly: true, confirmWrites: true });
    const list = await invokeOperation(handlers, 'listConnections', {});
    expect(list.ok && list.value.connections[0]?.policies.readOnly).toBe(true);
  });

  it('gives the wizard every service with its help text and fields', async () => {
    const { handlers } = setup();
    const result = await invokeOperation(handlers, 'listServices', {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const ids = result.value.services.map((s) => s.id);
    expect(ids).toEqual(['sessionboard', 'sessions-website', 'session-services', 'imboard', 'remote-mcp']);
    expect(result.value.services.find((s) => s.id === 'session-services')?.fields).toEqual(['tenantId']);
  });

  it('passes the installed-app gateway command through to the UI and keeps preferences', async () => {
    const { handlers } = setup();
    const info = await invokeOperation(handlers, 'getAppInfo', {});
    expect(info.ok && info.value.gatewayCommand.env).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
    const prefs = await invokeOperation(handlers, 'setPreferences', { theme: 'dark' });
    expect(prefs).toMatchObject({ ok: true, value: { theme: 'dark', firstRun: true } });
  });

  it('opens only https links', async () => {
    const { handlers } = setup();
    expect(await invokeOperation(handlers, 'openExternal', { url: 'https://apidocs.sessionboard.com' })).toEqual({
      ok: true,
      value: { opened: true },
    });
    expect(await invokeOperation(handlers, 'openExternal', { url: 'file:///etc/passwd' })).toEqual({
      ok: true,
      value: { opened: false },
    });
  });
});
