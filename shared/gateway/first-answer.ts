import crypto from 'node:crypto';
import path from 'node:path';
import type { ClientCapabilities, Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { upstreamCapabilities } from '../catalog/client-capabilities.js';
import type { AssistantSettings, ToolMode } from '../connections/assistant-settings.js';
import { configurationKey } from '../connections/configuration.js';
import type { Connection } from '../connections/model.js';
import { readJsonFileWithin, writePrivateFileAtomically } from '../util/private-file.js';

/**
 * The tool list a gateway last answered, per assistant, so the next gateway answers its first `tools/list` at once,
 * before it has loaded its providers, read the keychain or asked any upstream (with 50 connections that took ~0.5 s).
 * The list is served only when nothing it depends on changed since (`answerFingerprint`); the gateway then builds its
 * catalog as always and sends `tools/list_changed` if the live list differs, as it does for a slow upstream.
 *
 * Kept in `<home>/cache/tool-list-answers.json` (folder 0700, file 0600): what the assistant was shown (tool
 * definitions, credentials already masked), never a credential or a result. A damaged, foreign or oversized file is
 * ignored (and replaced on the next write).
 */

/** What decides the visible tool list, besides the code: hashed into the fingerprint a cached answer must match. */
export interface AnswerInputs {
  /** Bridgekeeper's version (another version may list other tools). */
  version: string;
  assistant: string | undefined;
  toolMode: ToolMode | undefined;
  /** The assistant's settings as the gateway reads them (connections it sees, full or compact). */
  settings: AssistantSettings;
  /** The assistant's client capabilities (they decide capability-gated upstream tools). */
  capabilities: ClientCapabilities;
  /** Every connection in the store (names depend on all of them). */
  connections: Connection[];
}

/** A hash of everything the visible list depends on: configuration, learned scope gaps, health, assistant, client. */
export function answerFingerprint(inputs: AnswerInputs): string {
  return crypto
    .createHash('sha256')
    .update(
      JSON.stringify([
        inputs.version,
        inputs.assistant ?? '',
        inputs.toolMode ?? '',
        inputs.settings,
        upstreamCapabilities(inputs.capabilities),
        inputs.connections.map((c) => [configurationKey(c), c.learnedGaps ?? null, c.status.state]),
      ]),
    )
    .digest('hex');
}

/** The shape MCP requires of a listed tool (the rest of each definition is passed on as it was answered). */
const AnsweredToolSchema = z.looseObject({
  name: z.string().min(1),
  inputSchema: z.looseObject({ type: z.literal('object') }),
});
const AnswerSchema = z.object({
  fingerprint: z.string(),
  savedAt: z.string(),
  tools: z.array(AnsweredToolSchema),
});
const AnswersFileSchema = z.object({ version: z.literal(1), answers: z.record(z.string(), AnswerSchema) });
type AnswersFile = z.infer<typeof AnswersFileSchema>;

/** A bigger file is not read (fifty connections' full list is about 0.5 MB). */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** Where the answers live. */
export function answersFile(home: string): string {
  return path.join(home, 'cache', 'tool-list-answers.json');
}

/** One entry per assistant (and per `--tool-mode` given on its command line). */
function audienceKey(assistant: string | undefined, toolMode: ToolMode | undefined): string {
  return JSON.stringify([assistant ?? '', toolMode ?? '']);
}

function readAnswers(file: string): AnswersFile {
  const raw = readJsonFileWithin(file, MAX_FILE_BYTES);
  // Checked, then used as written: the tools go out exactly as they were answered (zod's output would reorder keys).
  return AnswersFileSchema.safeParse(raw).success ? (raw as AnswersFile) : { version: 1, answers: {} };
}

/** The list last answered to this assistant and the fingerprint it was answered for, if one was recorded. */
export function recordedAnswer(
  home: string,
  assistant: string | undefined,
  toolMode: ToolMode | undefined,
): { fingerprint: string; tools: Tool[] } | undefined {
  const entry = readAnswers(answersFile(home)).answers[audienceKey(assistant, toolMode)];
  return entry ? { fingerprint: entry.fingerprint, tools: entry.tools as Tool[] } : undefined;
}

/**
 * Records what this assistant was shown (merged into what is on disk: other assistants' gateways write too).
 * Skipped when the same list is already recorded for the same fingerprint. Failures are reported, never thrown.
 */
export function saveAnswer(
  home: string,
  assistant: string | undefined,
  toolMode: ToolMode | undefined,
  fingerprint: string,
  tools: Tool[],
  onError: (error: unknown) => void,
): void {
  try {
    const file = answersFile(home);
    const current = readAnswers(file);
    const key = audienceKey(assistant, toolMode);
    const known = current.answers[key];
    if (known && known.fingerprint === fingerprint && JSON.stringify(known.tools) === JSON.stringify(tools)) return;
    current.answers[key] = { fingerprint, savedAt: new Date().toISOString(), tools };
    writePrivateFileAtomically(file, JSON.stringify(current));
  } catch (error) {
    onError(error);
  }
}
