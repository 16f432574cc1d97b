import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** How an assistant starts the gateway: an absolute command, its arguments and extra environment. */
export interface LaunchCommand {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/** The `bin/bridgekeeper.js` of this installation (absolute): the nearest one above this module (source or dist). */
export function defaultCliScript(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'bin', 'bridgekeeper.js');
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bin', 'bridgekeeper.js');
}

/**
 * The command that starts `bridgekeeper mcp`.
 * - Plain Node (CLI install): the absolute node binary + absolute `bin/bridgekeeper.js` + `mcp`.
 * - Installed desktop app: pass `appBinary` (the Electron executable) and `cliScript` (the CLI inside the app's
 *   resources); the app binary then runs as plain Node via `ELECTRON_RUN_AS_NODE=1`.
 */
export function buildLaunchCommand(options: { appBinary?: string; cliScript?: string; nodeBinary?: string } = {}): LaunchCommand {
  const cliScript = path.resolve(options.cliScript ?? defaultCliScript());
  if (options.appBinary) {
    return { command: path.resolve(options.appBinary), args: [cliScript, 'mcp'], env: { ELECTRON_RUN_AS_NODE: '1' } };
  }
  return { command: path.resolve(options.nodeBinary ?? process.execPath), args: [cliScript, 'mcp'] };
}
