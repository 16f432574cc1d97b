import type { ClientCapabilities, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ToolMode } from '../connections/assistant-settings.js';
import { answerFingerprint, recordedAnswer } from './first-answer.js';

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
 * gateway's first `tools/list` answer before its runtime is loaded. Only reads: the recorded answer first (without
 * one, nothing else is loaded), then the store file and the assistant's settings as they are (a damaged store is
 * left to the runtime, which recovers it and says so); undefined whenever anything cannot be read.
 */
export async function answeredBefore(audience: FirstAnswerAudience): Promise<Tool[] | undefined> {
  const { home, assistant, toolMode } = audience;
  try {
    const recorded = recordedAnswer(home, assistant, toolMode);
    if (!recorded) return undefined;
    const [{ JsonFile }, { parseSnapshot }, { homePaths }, { AssistantView }] = await Promise.all([
      import('../connections/json-file.js'),
      import('../connections/store-file.js'),
      import('../paths.js'),
      import('./compact/assistant-view.js'),
    ]);
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
    return fingerprint === recorded.fingerprint ? recorded.tools : undefined;
  } catch {
    return undefined;
  }
}
