import type { RequestOf, ResponseOf } from '../contract.js';
import { allAssistantStatuses, uninstallAssistant } from '../install/assistant-status.js';
import { connectClaudeCode, disconnectClaudeCode } from '../install/claude-code-route.js';
import { installAssistant } from '../install/install-assistant.js';
import { assistantToolSet, resolveToolSetChange, saveToolSetChange } from '../use-cases/assistant-tool-sets.js';
import type { AppDeps } from './deps.js';

/**
 * "Connect to your assistant": writes the gateway into an assistant's MCP config (keeping every other server,
 * with a backup of the previous file), or only builds the snippet to paste by hand. The launch command is the
 * host's: the installed app binary with ELECTRON_RUN_AS_NODE=1 in Electron, node + the CLI elsewhere.
 * Claude Code goes its documented way instead: `claude mcp add` / `claude mcp remove` when its CLI is installed,
 * else the command to copy (its `~/.claude.json` is never edited by the app).
 */
export function assistantHandlers(deps: AppDeps) {
  const home = deps.assistantsHome ? { home: deps.assistantsHome } : {};
  const options = (print: boolean) => ({ launch: deps.gatewayCommand, ...home, print });
  return {
    async installAssistant(request: RequestOf<'installAssistant'>): Promise<ResponseOf<'installAssistant'>> {
      const result = installAssistant(request.assistant, options(true));
      if (request.assistant === 'claude-code') {
        const route = await connectClaudeCode({ launch: deps.gatewayCommand, ...home });
        return {
          assistant: 'claude-code',
          path: route.path,
          changed: route.changed,
          snippet: result.snippet,
          route: route.route,
          command: route.command,
        };
      }
      const written = installAssistant(request.assistant, options(false));
      return {
        assistant: request.assistant,
        path: written.path,
        changed: written.changed,
        snippet: written.snippet,
        route: 'file',
        ...(written.backupPath ? { backupPath: written.backupPath } : {}),
      };
    },
    async listAssistants(): Promise<ResponseOf<'listAssistants'>> {
      return { assistants: allAssistantStatuses(home) };
    },
    async uninstallAssistant(request: RequestOf<'uninstallAssistant'>): Promise<ResponseOf<'uninstallAssistant'>> {
      if (request.assistant === 'claude-code') {
        const route = await disconnectClaudeCode(home);
        return {
          assistant: 'claude-code',
          path: route.path,
          changed: route.changed,
          route: route.route,
          command: route.command,
        };
      }
      return { ...uninstallAssistant(request.assistant, home), route: 'file' };
    },
    async getAssistantToolSet(request: RequestOf<'getAssistantToolSet'>): Promise<ResponseOf<'getAssistantToolSet'>> {
      return assistantToolSet(deps.core, request.assistant);
    },
    /** The person chooses in the app, so widening needs no further confirmation; the change is audited (by app). */
    async setAssistantToolSet(request: RequestOf<'setAssistantToolSet'>): Promise<ResponseOf<'setAssistantToolSet'>> {
      const change = resolveToolSetChange(deps.core, request.assistant, {
        ...(request.connections ? { connections: request.connections } : {}),
        ...(request.toolMode ? { toolMode: request.toolMode } : {}),
      });
      return saveToolSetChange(deps.core, request.assistant, change, 'app');
    },
    async assistantSnippet(request: RequestOf<'assistantSnippet'>): Promise<ResponseOf<'assistantSnippet'>> {
      const result = installAssistant(request.assistant, options(true));
      return { assistant: request.assistant, path: result.path, snippet: result.snippet };
    },
  };
}
