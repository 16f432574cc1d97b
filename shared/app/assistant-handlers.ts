import type { AssistantId, RequestOf, ResponseOf } from '../contract.js';
import { InputError } from '../errors.js';
import type { AppDeps, GatewayCommand } from './deps.js';
import { optionalModule } from './optional-module.js';

type InstallOptions = { command: string; args: string[]; env: Record<string, string>; home?: string; dryRun?: boolean };
type InstallModule = {
  installAssistant(assistant: AssistantId, options: InstallOptions): Promise<{ path: string; backupPath?: string; changed: boolean; snippet: string }>;
};

/** The JSON an assistant needs to start Bridgekeeper's gateway, for people who prefer to paste it themselves. */
export function fallbackSnippet(command: GatewayCommand): string {
  const server = { command: command.command, args: command.args, ...(Object.keys(command.env).length ? { env: command.env } : {}) };
  return JSON.stringify({ mcpServers: { bridgekeeper: server } }, null, 2);
}

async function installModule(): Promise<InstallModule | undefined> {
  return (await optionalModule<InstallModule>('../install/index.js')) ?? (await optionalModule<InstallModule>('../install/install-assistant.js'));
}

/** "Connect to your assistant": write the gateway into an assistant's config (with a backup), or show the snippet. */
export function assistantHandlers(deps: AppDeps) {
  const options = (dryRun: boolean): InstallOptions => ({ ...deps.gatewayCommand, ...(deps.assistantsHome ? { home: deps.assistantsHome } : {}), dryRun });
  return {
    async installAssistant(request: RequestOf<'installAssistant'>): Promise<ResponseOf<'installAssistant'>> {
      const install = await installModule();
      if (!install) throw new InputError('Automatic setup is not available in this build.', 'Copy the configuration snippet shown below into your assistant\'s settings instead.');
      const result = await install.installAssistant(request.assistant, options(false));
      return { assistant: request.assistant, path: result.path, changed: result.changed, snippet: result.snippet, ...(result.backupPath ? { backupPath: result.backupPath } : {}) };
    },
    async assistantSnippet(request: RequestOf<'assistantSnippet'>): Promise<ResponseOf<'assistantSnippet'>> {
      const install = await installModule();
      if (!install) return { assistant: request.assistant, path: '', snippet: fallbackSnippet(deps.gatewayCommand) };
      const result = await install.installAssistant(request.assistant, options(true));
      return { assistant: request.assistant, path: result.path, snippet: result.snippet };
    },
  };
}
