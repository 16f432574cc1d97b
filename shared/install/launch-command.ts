import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.js';

/** How an assistant starts the gateway: an absolute command, its arguments and extra environment. */
export interface LaunchCommand {
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** Said to the person after installing when the command may stop working later (e.g. a Node from nvm). */
  warning?: string;
}

/**
 * Node options for a gateway that assistants start with Node: a young generation of at most 4 MB per semi-space.
 * A gateway is a long-lived, mostly idle process, and during its start-up V8 grows the young generation to 16 MB and
 * keeps it. Measured with `npm run bench` (4 live upstream sessions): idle RSS 88 MB → 82 MB, tools/call latency
 * unchanged. V8 reads it only at start, so it goes into the command. Not given to the desktop app's binary (its Node
 * mode is not exercised here) nor to a `bridgekeeper` found on PATH (a shim takes no Node options).
 */
export const GATEWAY_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=4'];

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

/** A path inside npm's temporary `npx` cache (deleted by `npm cache clean`, replaced on every version bump). */
export function isNpxCachePath(file: string): boolean {
  return /[\\/]_npx[\\/]/.test(file);
}

/** A path that belongs to one Node version of a version manager (nvm, fnm): gone when that version is removed. */
export function isVersionManagedPath(file: string): boolean {
  return /[\\/]\.nvm[\\/]versions[\\/]node[\\/]|[\\/]fnm_multishells[\\/]|[\\/]fnm[\\/]node-versions[\\/]/.test(file);
}

function realpathOr(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/** A `bridgekeeper` executable on PATH that is neither in npx's cache nor tied to one nvm Node version. */
export function stableBridgekeeperOnPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const names = platform === 'win32' ? ['bridgekeeper.cmd', 'bridgekeeper.exe'] : ['bridgekeeper'];
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
      } catch {
        continue;
      }
      const real = realpathOr(candidate);
      if (
        !isNpxCachePath(candidate) &&
        !isNpxCachePath(real) &&
        !isVersionManagedPath(candidate) &&
        !isVersionManagedPath(real)
      )
        return candidate;
    }
  }
  return undefined;
}

/**
 * The command that starts `bridgekeeper mcp`, written into assistants' configs, so it must keep working:
 * - Installed desktop app: pass `appBinary` (the Electron executable) and `cliScript` (the CLI inside the app's
 *   resources); the app binary then runs as plain Node via `ELECTRON_RUN_AS_NODE=1`.
 * - Plain Node: the absolute node binary + `GATEWAY_NODE_OPTIONS` + absolute `bin/bridgekeeper.js` + `mcp`; but when either lies in npm's
 *   `_npx` cache or in one nvm/fnm Node version, a stable `bridgekeeper` on PATH is used instead; from the npx
 *   cache with none on PATH it refuses (with how to install); with only an nvm Node it warns.
 * - `BRIDGEKEEPER_HOME`, when set, is passed on so the gateway reads the same connections.
 */
export function buildLaunchCommand(
  options: {
    appBinary?: string;
    cliScript?: string;
    nodeBinary?: string;
    env?: NodeJS.ProcessEnv;
    platform?: NodeJS.Platform;
  } = {},
): LaunchCommand {
  const env = options.env ?? process.env;
  const home: Record<string, string> = env.BRIDGEKEEPER_HOME
    ? { BRIDGEKEEPER_HOME: path.resolve(env.BRIDGEKEEPER_HOME) }
    : {};
  const cliScript = path.resolve(options.cliScript ?? defaultCliScript());
  if (options.appBinary) {
    return {
      command: path.resolve(options.appBinary),
      args: [cliScript, 'mcp'],
      env: { ELECTRON_RUN_AS_NODE: '1', ...home },
    };
  }
  const node = path.resolve(options.nodeBinary ?? process.execPath);
  const withHome = (launch: LaunchCommand): LaunchCommand =>
    Object.keys(home).length > 0 ? { ...launch, env: { ...launch.env, ...home } } : launch;
  const fromNpx = isNpxCachePath(cliScript);
  const fromVersionManager = isVersionManagedPath(node) || isVersionManagedPath(cliScript);
  if (fromNpx || fromVersionManager) {
    const stable = stableBridgekeeperOnPath(env, options.platform);
    if (stable) return withHome({ command: stable, args: ['mcp'] });
    if (fromNpx) {
      throw new InputError(
        "Bridgekeeper is running from npx's temporary cache, so an assistant could not start it later.",
        'Install it first (`npm install -g bridgekeeper`), then run `bridgekeeper install <assistant>` again.',
      );
    }
    return withHome({
      command: node,
      args: [...GATEWAY_NODE_OPTIONS, cliScript, 'mcp'],
      warning: `This Node (${node}) comes from a version manager: if you remove that Node version, run \`bridgekeeper install\` again.`,
    });
  }
  return withHome({ command: node, args: [...GATEWAY_NODE_OPTIONS, cliScript, 'mcp'] });
}

/**
 * The launch command of one assistant's entry: `mcp --assistant <id>`, so the gateway it starts serves only the
 * connections the person chose for that assistant (see `bridgekeeper assistants`).
 */
export function launchForAssistant(launch: LaunchCommand, assistant: string): LaunchCommand {
  return { ...launch, args: [...launch.args, '--assistant', assistant] };
}
