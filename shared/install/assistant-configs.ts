import os from 'node:os';
import path from 'node:path';
import type { LaunchCommand } from './launch-command.js';

/** Assistants `bridgekeeper install` knows. */
export const ASSISTANT_IDS = ['claude-desktop', 'claude-code', 'cursor', 'vscode'] as const;
export type AssistantId = (typeof ASSISTANT_IDS)[number];

/** Where and how one assistant keeps its MCP servers. */
export interface AssistantConfigFormat {
  id: AssistantId;
  displayName: string;
  /** Top-level key holding the servers map. */
  serversKey: 'mcpServers' | 'servers';
  /** The user-level config file for this OS. */
  configPath(where: ConfigLocation): string;
  /** The server entry for the gateway. */
  entry(launch: LaunchCommand): Record<string, unknown>;
  /** What to do after installing. */
  afterInstall: string;
}

/** Where assistants keep their user-level files on this machine. */
export interface ConfigLocation {
  home: string;
  platform: NodeJS.Platform;
  /** Windows roaming app data (`%APPDATA%`). */
  appData?: string;
  /** Claude Code's config folder when `CLAUDE_CONFIG_DIR` moves it (its `.claude.json` lives there, not in home). */
  claudeConfigDir?: string;
}

/**
 * The location installs read and write: the given home (tests, `BRIDGEKEEPER_INSTALL_HOME`) or the user's. The
 * assistants' own environment variables (`%APPDATA%`, `CLAUDE_CONFIG_DIR`) apply only to the user's real home, so a
 * test home never reaches the person's files.
 */
export function configLocation(
  options: { home?: string; platform?: NodeJS.Platform; appData?: string } = {},
  env: NodeJS.ProcessEnv = process.env,
): ConfigLocation {
  const realHome = !options.home && !env.BRIDGEKEEPER_INSTALL_HOME;
  const appData = options.appData ?? (realHome ? env.APPDATA : undefined);
  const claudeConfigDir = realHome && env.CLAUDE_CONFIG_DIR ? path.resolve(env.CLAUDE_CONFIG_DIR) : undefined;
  return {
    home: options.home ?? installHome(env),
    platform: options.platform ?? process.platform,
    ...(appData ? { appData } : {}),
    ...(claudeConfigDir ? { claudeConfigDir } : {}),
  };
}

const appData = (w: { home: string; appData?: string }) => w.appData ?? path.join(w.home, 'AppData', 'Roaming');

const stdioEntry = (launch: LaunchCommand, withType: boolean): Record<string, unknown> => ({
  ...(withType ? { type: 'stdio' } : {}),
  command: launch.command,
  args: launch.args,
  ...(launch.env && Object.keys(launch.env).length > 0 ? { env: launch.env } : {}),
});

/** Config formats, from each assistant's documentation. */
export const ASSISTANTS: Record<AssistantId, AssistantConfigFormat> = {
  'claude-desktop': {
    id: 'claude-desktop',
    displayName: 'Claude Desktop',
    serversKey: 'mcpServers',
    configPath: (w) =>
      w.platform === 'darwin'
        ? path.join(w.home, 'Library', 'Application Support', 'Claude', 'claude_desktop_config.json')
        : w.platform === 'win32'
          ? path.join(appData(w), 'Claude', 'claude_desktop_config.json')
          : path.join(w.home, '.config', 'Claude', 'claude_desktop_config.json'),
    entry: (launch) => stdioEntry(launch, false),
    afterInstall: 'Quit and reopen Claude Desktop.',
  },
  'claude-code': {
    id: 'claude-code',
    displayName: 'Claude Code',
    serversKey: 'mcpServers',
    configPath: (w) => path.join(w.claudeConfigDir ?? w.home, '.claude.json'),
    entry: (launch) => stdioEntry(launch, true),
    afterInstall: 'Start a new Claude Code session (`/mcp` lists the servers).',
  },
  cursor: {
    id: 'cursor',
    displayName: 'Cursor',
    serversKey: 'mcpServers',
    configPath: (w) => path.join(w.home, '.cursor', 'mcp.json'),
    entry: (launch) => stdioEntry(launch, false),
    afterInstall: 'Open Cursor Settings → MCP and enable "bridgekeeper".',
  },
  vscode: {
    id: 'vscode',
    displayName: 'VS Code',
    serversKey: 'servers',
    configPath: (w) =>
      w.platform === 'darwin'
        ? path.join(w.home, 'Library', 'Application Support', 'Code', 'User', 'mcp.json')
        : w.platform === 'win32'
          ? path.join(appData(w), 'Code', 'User', 'mcp.json')
          : path.join(w.home, '.config', 'Code', 'User', 'mcp.json'),
    entry: (launch) => stdioEntry(launch, true),
    afterInstall: 'In VS Code run "MCP: List Servers" and start "bridgekeeper".',
  },
};

/** The home folder installs write under: `BRIDGEKEEPER_INSTALL_HOME` (tests), else the user's home. */
export function installHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.BRIDGEKEEPER_INSTALL_HOME ? path.resolve(env.BRIDGEKEEPER_INSTALL_HOME) : os.homedir();
}
