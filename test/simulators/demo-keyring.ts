/**
 * The demo's own Secret Service, for machines without a reachable keychain (servers, containers, SSH sessions).
 *
 * The demo's tokens are fake (the simulators mint them), so they need no real keychain. When the real one cannot be
 * reached, the demo runs itself again inside a private D-Bus session with a throwaway, unlocked gnome-keyring whose
 * files live in a temp folder that is deleted afterwards. This is for the demo only: real connections never use it,
 * and the demo prints the bus address so a second terminal can reach the same throwaway keyring.
 */
import { spawn, spawnSync } from 'node:child_process';

/** Set inside the re-run, so it never re-runs itself again. */
export const DEMO_KEYRING_ENV = 'BRIDGEKEEPER_DEMO_KEYRING';

/** True when this process is the demo running inside its own throwaway keyring. */
export function insideDemoKeyring(): boolean {
  return process.env[DEMO_KEYRING_ENV] === '1';
}

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Why the throwaway keyring cannot be started here, or undefined when it can. */
export function demoKeyringUnavailable(): string | undefined {
  const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter((c) => !hasCommand(c));
  if (missing.length === 0) return undefined;
  return `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not installed, so the demo cannot start its own throwaway keychain either. Run 'bash scripts/bootstrap.sh' (Debian/Ubuntu: it installs gnome-keyring and dbus), or run the demo on a desktop session.`;
}

// Inside the private session: a temp data folder, an unlocked keyring in it, then the demo itself; the folder is
// removed when the demo ends.
const RUN_INSIDE = `
set -eu
export XDG_DATA_HOME="$(mktemp -d -t bridgekeeper-demo-keyring-XXXXXX)"
trap 'rm -rf "$XDG_DATA_HOME"' EXIT
echo -n "bridgekeeper-demo" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
"$@"
`;

/**
 * Runs `process.argv` again inside a private D-Bus session with a throwaway gnome-keyring, forwarding Ctrl-C, and
 * resolves with its exit code.
 */
export function rerunInDemoKeyring(): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, [DEMO_KEYRING_ENV]: '1' };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  const child = spawn(
    'dbus-run-session',
    ['--', 'sh', '-c', RUN_INSIDE, 'sh', process.execPath, ...process.argv.slice(1)],
    { env, stdio: ['inherit', 'inherit', 'pipe'] },
  );
  // dbus-daemon warns that it may not raise its file limit, which matters to nobody here.
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk
      .toString()
      .split('\n')
      .filter((line) => !/Failed to set fd limit/.test(line))
      .join('\n');
    if (text.trim()) process.stderr.write(text);
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}
