import path from 'node:path';
import { buildLaunchCommand } from '../shared/install/launch-command.js';

/**
 * The command assistants run to start the stdio gateway from an installed app: the app's own binary in Node
 * mode (`ELECTRON_RUN_AS_NODE=1`) running the compiled CLI (`dist/shared/cli/main.js`) with `mcp`. Electron's Node
 * mode reads app.asar, and keytar's native module is unpacked next to it (see electron-builder.yml).
 */
export function appGatewayCommand(options: { execPath: string; appPath: string }): {
  command: string;
  args: string[];
  env: Record<string, string>;
} {
  const launch = buildLaunchCommand({
    appBinary: options.execPath,
    cliScript: path.join(options.appPath, 'dist', 'shared', 'cli', 'main.js'),
  });
  return { command: launch.command, args: launch.args, env: launch.env ?? {} };
}
