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
  configPath(where: { home: string; platform: NodeJS.Platform; appData?: string }): string;
  /** The server entry for the gateway. */
  entry(launch: LaunchCommand): Record<string, unknown>;
  /** What to do after installing. */
  afterInstall: string;
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
    configPath: (w) => path.join(w.home, '.claude.json'),
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
