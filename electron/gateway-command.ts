import path from 'node:path';

/**
 * The command assistants run to start the stdio gateway from an installed app: the app's own binary in Node
 * mode (`ELECTRON_RUN_AS_NODE=1`) running the compiled CLI with `mcp`. Works from inside app.asar because
 * Electron's Node mode reads asar archives; keytar's native module is unpacked (see electron-builder.yml).
 */
export function appGatewayCommand(options: { execPath: string; appPath: string }): { command: string; args: string[]; env: Record<string, string> } {
  return {
    command: options.execPath,
    args: [path.join(options.appPath, 'dist', 'shared', 'cli', 'main.js'), 'mcp'],
    env: { ELECTRON_RUN_AS_NODE: '1' },
  };
}
