import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { redactSecrets } from '../secrets/redact.js';
import { ASSISTANTS, configLocation, installHome } from './assistant-configs.js';
import { readConfig } from './config-file.js';
import { type LaunchCommand, launchForAssistant } from './launch-command.js';

/**
 * Claude Code's documented route for MCP servers: its own `claude mcp add` / `claude mcp remove` commands (user
 * scope: every project), or a project's `.mcp.json`, instead of editing `~/.claude.json` by hand (which running
 * Claude Code sessions rewrite). Bridgekeeper runs the command when the `claude` CLI is installed, otherwise gives
 * the exact command to copy. Where Claude Code keeps what the command wrote (`~/.claude.json`: `mcpServers` for user
 * scope, `projects[<dir>].mcpServers` for local scope) is read to say whether Bridgekeeper is connected.
 */

/** How a connect or disconnect was done: Claude Code's CLI ran, or the command is for the person to run. */
export type ClaudeRoute = 'cli' | 'command';

/** Where Claude Code has the Bridgekeeper entry. */
export interface ClaudeCodePresence {
  /** In `~/.claude.json`'s top-level `mcpServers`: every project. */
  user?: { command?: string; entry: Record<string, unknown> };
  /** Project folders with a local-scope entry (`projects[<dir>].mcpServers`). */
  localProjects: string[];
}

const SERVER_NAME = 'bridgekeeper';

/** `.claude.json` under `home` when given, else the user's (in `CLAUDE_CONFIG_DIR` when that is set). */
export function claudeConfigPath(home?: string): string {
  return ASSISTANTS['claude-code'].configPath(configLocation(home ? { home } : {}));
}

/** Reads where Claude Code has a `bridgekeeper` entry. Throws the config reader's `InputError` on a broken file. */
export function claudeCodePresence(home?: string, name = SERVER_NAME): ClaudeCodePresence {
  const value = readConfig(claudeConfigPath(home))?.value ?? {};
  const servers = value.mcpServers as Record<string, unknown> | undefined;
  const entry = servers && typeof servers === 'object' ? servers[name] : undefined;
  const projects =
    value.projects && typeof value.projects === 'object' ? (value.projects as Record<string, unknown>) : {};
  const localProjects = Object.entries(projects)
    .filter(([, project]) => {
      const own = (project as { mcpServers?: unknown } | null)?.mcpServers;
      return !!own && typeof own === 'object' && name in own;
    })
    .map(([dir]) => dir);
  if (!entry || typeof entry !== 'object') return { localProjects };
  const command = (entry as { command?: unknown }).command;
  return {
    user: { entry: entry as Record<string, unknown>, ...(typeof command === 'string' ? { command } : {}) },
    localProjects,
  };
}

/** The `claude` executable: on PATH, else where Claude Code's installers put it (`~/.local/bin`, `~/.claude/local`). */
export function findClaudeCli(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = installHome(env),
): string | undefined {
  const names = platform === 'win32' ? ['claude.exe', 'claude.cmd'] : ['claude'];
  const dirs = [
    ...(env.PATH ?? '').split(path.delimiter).filter(Boolean),
    path.join(home, '.local', 'bin'),
    path.join(home, '.claude', 'local'),
  ];
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/**
 * `claude mcp add` arguments for the gateway at user scope. The server name comes before `--env` (that option takes
 * several values and would swallow the name), and `--` ends Claude Code's options before the gateway's own command.
 */
export function claudeMcpAddArgs(launch: LaunchCommand, name = SERVER_NAME): string[] {
  const env = Object.entries(launch.env ?? {}).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
  return ['mcp', 'add', '--transport', 'stdio', '--scope', 'user', name, ...env, '--', launch.command, ...launch.args];
}

/** `claude mcp remove` arguments for one scope (`local` runs in the project folder). */
export function claudeMcpRemoveArgs(scope: 'user' | 'local' = 'user', name = SERVER_NAME): string[] {
  return ['mcp', 'remove', '--scope', scope, name];
}

/** One argument quoted for the person's shell (POSIX single quotes; Windows double quotes). */
export function shellQuote(arg: string, platform: NodeJS.Platform = process.platform): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  if (platform === 'win32') return `"${arg.replace(/"/g, '""')}"`;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The command line to copy: `claude mcp …` with every argument quoted. */
export function claudeCommandLine(args: string[], platform: NodeJS.Platform = process.platform): string {
  return ['claude', ...args].map((a) => shellQuote(a, platform)).join(' ');
}

/** Runs the `claude` CLI; resolves with its exit code and output (never rejects for a non-zero exit). */
export function runClaude(
  cli: string,
  args: string[],
  options: { home?: string; cwd?: string; timeoutMs?: number } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (options.home) {
    // A given home (tests) is where Claude Code must write, even when the person's CLAUDE_CONFIG_DIR points elsewhere.
    Object.assign(env, { HOME: options.home, USERPROFILE: options.home });
    delete env.CLAUDE_CONFIG_DIR;
  }
  const windowsScript = process.platform === 'win32' && /\.cmd$/i.test(cli);
  const [file, argv] = windowsScript
    ? ['cmd.exe', ['/d', '/s', '/c', [cli, ...args].map((a) => shellQuote(a, 'win32')).join(' ')]]
    : [cli, args];
  return new Promise((resolve) => {
    execFile(
      file,
      argv as string[],
      {
        env,
        ...(options.cwd ? { cwd: options.cwd } : {}),
        timeout: options.timeoutMs ?? 60_000,
        windowsHide: true,
        windowsVerbatimArguments: windowsScript,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr || (error && !stdout ? error.message : '')) });
      },
    );
  });
}

/** What connecting or disconnecting Claude Code did. */
export interface ClaudeRouteResult {
  route: ClaudeRoute;
  /** The `claude mcp …` command that ran, or that the person should run. */
  command: string;
  /** True when the CLI ran and changed something. */
  changed: boolean;
  /** `~/.claude.json`, where Claude Code keeps user- and local-scope servers. */
  path: string;
}

interface RouteOptions {
  launch: LaunchCommand;
  home?: string;
  /** The `claude` executable (default: found on PATH or in Claude Code's install folders). */
  cli?: string | null;
  platform?: NodeJS.Platform;
}

function failed(what: string, command: string, output: { code: number; stderr: string; stdout: string }): never {
  const said = redactSecrets((output.stderr || output.stdout).trim()).slice(0, 400);
  throw new InputError(
    `Claude Code's command did not work (${what}, exit code ${output.code})${said ? `: ${said}` : '.'}`,
    `Run it yourself in a terminal to see more: ${command}`,
  );
}

/**
 * Connects Claude Code the documented way. With the `claude` CLI: `claude mcp add --scope user …` (an outdated
 * Bridgekeeper entry is removed first, since `add` refuses an existing name); an entry that is already the same
 * runs nothing. Without it: nothing is written, and the command to run is returned.
 */
export async function connectClaudeCode(options: RouteOptions): Promise<ClaudeRouteResult> {
  const home = options.home ?? installHome();
  const platform = options.platform ?? process.platform;
  // Like every installed entry, the gateway it starts serves the connections chosen for Claude Code.
  const launch = launchForAssistant(options.launch, 'claude-code');
  const add = claudeMcpAddArgs(launch);
  const command = claudeCommandLine(add, platform);
  const file = claudeConfigPath(options.home);
  const wanted = ASSISTANTS['claude-code'].entry(launch);
  const current = claudeCodePresence(options.home).user;
  const cli = options.cli === undefined ? findClaudeCli(process.env, platform, home) : (options.cli ?? undefined);
  if (current && JSON.stringify(current.entry) === JSON.stringify(wanted))
    return { route: cli ? 'cli' : 'command', command, changed: false, path: file };
  if (!cli) return { route: 'command', command, changed: false, path: file };
  if (current) {
    const removed = await runClaude(cli, claudeMcpRemoveArgs('user'), { home });
    if (removed.code !== 0) failed('removing the old entry', claudeCommandLine(claudeMcpRemoveArgs('user')), removed);
  }
  const added = await runClaude(cli, add, { home });
  if (added.code !== 0) failed('adding Bridgekeeper', command, added);
  return { route: 'cli', command, changed: true, path: file };
}

/**
 * Disconnects Claude Code the documented way: `claude mcp remove --scope user` and, for each project with a
 * local-scope entry, `claude mcp remove --scope local` run in that folder. Without the CLI, the command to run.
 */
export async function disconnectClaudeCode(options: Omit<RouteOptions, 'launch'>): Promise<ClaudeRouteResult> {
  const home = options.home ?? installHome();
  const platform = options.platform ?? process.platform;
  const file = claudeConfigPath(options.home);
  const presence = claudeCodePresence(options.home);
  const userCommand = claudeCommandLine(claudeMcpRemoveArgs('user'), platform);
  const cli = options.cli === undefined ? findClaudeCli(process.env, platform, home) : (options.cli ?? undefined);
  if (!presence.user && presence.localProjects.length === 0)
    return { route: cli ? 'cli' : 'command', command: userCommand, changed: false, path: file };
  const commands = [
    ...(presence.user ? [userCommand] : []),
    ...presence.localProjects.map(
      (dir) => `cd ${shellQuote(dir, platform)} && ${claudeCommandLine(claudeMcpRemoveArgs('local'), platform)}`,
    ),
  ];
  if (!cli) return { route: 'command', command: commands.join('\n'), changed: false, path: file };
  if (presence.user) {
    const removed = await runClaude(cli, claudeMcpRemoveArgs('user'), { home });
    if (removed.code !== 0) failed('removing Bridgekeeper', userCommand, removed);
  }
  for (const dir of presence.localProjects) {
    if (!fs.existsSync(dir)) continue;
    const removed = await runClaude(cli, claudeMcpRemoveArgs('local'), { home, cwd: dir });
    if (removed.code !== 0)
      failed(
        `removing Bridgekeeper from ${dir}`,
        `cd ${shellQuote(dir, platform)} && ${claudeCommandLine(claudeMcpRemoveArgs('local'), platform)}`,
        removed,
      );
  }
  return { route: 'cli', command: commands.join('\n'), changed: true, path: file };
}
