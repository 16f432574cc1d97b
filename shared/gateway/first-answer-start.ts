import type { ClientCapabilities, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ToolMode } from '../connections/assistant-settings.js';
import { JsonFile } from '../connections/json-file.js';
import { parseSnapshot } from '../connections/store-file.js';
import { homePaths } from '../paths.js';
import { AssistantView } from './compact/assistant-view.js';
import { answerFingerprint, cachedAnswer } from './first-answer.js';

/** Who is asking, as the gateway was started. */
export interface FirstAnswerAudience {
  home: string;
  assistant: string | undefined;
  toolMode: ToolMode | undefined;
  version: string;
  capabilities: ClientCapabilities;
}

const silent = { info: () => undefined, warn: () => undefined, addSecret: () => undefined };

/**
 * The list this assistant was last shown, when nothing it depends on has changed since (`first-answer.ts`): the
 * gateway's first `tools/list` answer before its runtime is loaded. Only reads: the store file and the assistant's
 * settings as they are (a damaged store is left to the runtime, which recovers it and says so), and undefined
 * whenever anything cannot be read.
 */
export function answeredBefore(audience: FirstAnswerAudience): Tool[] | undefined {
  const { home, assistant, toolMode } = audience;
  try {
    const connections = parseSnapshot(new JsonFile(homePaths(home).store).read()).view.connections;
    const settings = new AssistantView({
      home,
      log: silent,
      ...(assistant ? { assistant } : {}),
      ...(toolMode ? { toolMode } : {}),
    }).settings;
    const fingerprint = answerFingerprint({
      version: audience.version,
      assistant,
      toolMode,
      settings,
      capabilities: audience.capabilities,
      connections,
    });
    return cachedAnswer(home, assistant, toolMode, fingerprint);
  } catch {
    return undefined;
  }
}
