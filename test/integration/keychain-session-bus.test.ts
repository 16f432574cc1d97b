import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

// An assistant that starts Bridgekeeper with a minimal environment (no DBUS_SESSION_BUS_ADDRESS) must still reach the
// keychain when the user's bus sits at its standard place, $XDG_RUNTIME_DIR/bus.
describe('keychain without DBUS_SESSION_BUS_ADDRESS', () => {
  const address = process.env.DBUS_SESSION_BUS_ADDRESS ?? '';
  const socket = /unix:path=([^,]+)/.exec(address)?.[1];

  it.runIf(process.platform === 'linux' && socket)(
    'finds the user bus at $XDG_RUNTIME_DIR/bus, and says so plainly when there is none',
    async () => {
      const runtimeDir = tempDir('bk-runtime-');
      fs.symlinkSync(socket!, path.join(runtimeDir, 'bus'));
      const home = tempDir('bk-bus-');
      const base = {
        BRIDGEKEEPER_HOME: home,
        BRIDGEKEEPER_KEYCHAIN_SERVICE: `bk-bus-${process.pid}`,
        DBUS_SESSION_BUS_ADDRESS: undefined,
      };
      const add = [
        'connections',
        'add',
        'remote-mcp',
        '--label',
        'Bus',
        '--url',
        'https://mcp.example.com/mcp',
        '--offline',
        '--token-stdin',
      ];

      // Control: no variable and no bus at the standard place → the typed keychain error (exit 4), nothing saved.
      const none = await runCli(add, {
        env: { ...base, XDG_RUNTIME_DIR: tempDir('bk-empty-runtime-') },
        input: 'secret-token-value-1',
      });
      expect(none.code).toBe(4);
      expect(none.stderr).toMatch(/no D-Bus session is running/);

      const found = await runCli(add, { env: { ...base, XDG_RUNTIME_DIR: runtimeDir }, input: 'secret-token-value-1' });
      expect(found.stderr).toBe('');
      expect(found.code).toBe(0);
      const removed = await runCli(['connections', 'remove', 'Bus'], { env: { ...base, XDG_RUNTIME_DIR: runtimeDir } });
      expect(removed.stdout).toMatch(/deleted its keychain entries/);
    },
  );
});
