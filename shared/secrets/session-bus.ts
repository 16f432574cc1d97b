import fs from 'node:fs';
import path from 'node:path';

/**
 * On Linux the keychain (the Secret Service) is reached over the user's D-Bus session bus, found through
 * DBUS_SESSION_BUS_ADDRESS. Some assistants start MCP servers with a minimal environment that leaves it out (the
 * Vercel AI SDK's stdio client does), and every token connection would then silently vanish. systemd-based desktops
 * put the user's bus at a standard place, `$XDG_RUNTIME_DIR/bus` (`/run/user/<uid>/bus`): when the variable is
 * missing and that socket exists, point at it, as `sd_bus_open_user` and GLib itself would.
 *
 * Returns the address it set, or undefined when nothing was changed.
 */
export function findSessionBus(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (process.platform !== 'linux' || env.DBUS_SESSION_BUS_ADDRESS) return undefined;
  const runtimeDir =
    env.XDG_RUNTIME_DIR || (typeof process.getuid === 'function' ? `/run/user/${process.getuid()}` : undefined);
  if (!runtimeDir) return undefined;
  const socket = path.join(runtimeDir, 'bus');
  try {
    if (!fs.statSync(socket).isSocket()) return undefined;
    // Only the user's own bus: a socket owned by someone else is not where our keychain lives.
    if (typeof process.getuid === 'function' && fs.statSync(socket).uid !== process.getuid()) return undefined;
  } catch {
    return undefined;
  }
  const address = `unix:path=${socket}`;
  env.DBUS_SESSION_BUS_ADDRESS = address;
  return address;
}
