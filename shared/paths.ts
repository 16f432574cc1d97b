import os from 'node:os';
import path from 'node:path';

/**
 * The folder holding Bridgekeeper's non-secret state (connection store, audit log, logs, locks).
 * `BRIDGEKEEPER_HOME` overrides it (tests, portable use); otherwise the OS user config dir.
 */
export function bridgekeeperHome(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.BRIDGEKEEPER_HOME) return path.resolve(env.BRIDGEKEEPER_HOME);
  const home = env.HOME ?? os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Bridgekeeper');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Bridgekeeper');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'bridgekeeper');
}

/** Well-known files inside the home folder. */
export function homePaths(home: string = bridgekeeperHome()) {
  return {
    home,
    store: path.join(home, 'connections.json'),
    auditDir: path.join(home, 'audit'),
    audit: path.join(home, 'audit', 'activity.jsonl'),
    logs: path.join(home, 'logs'),
    locks: path.join(home, 'locks'),
  };
}
