import { z } from 'zod';

/**
 * The two words `bridgekeeper mcp` reads before it answers `initialize` (kept apart from `assistant-settings.ts`, so
 * starting the gateway loads nothing but zod for them).
 */

/** How the gateway lists tools to one assistant. */
export const TOOL_MODES = ['full', 'compact', 'auto'] as const;
export type ToolMode = (typeof TOOL_MODES)[number];

/** An assistant id as the gateway receives it (`bridgekeeper mcp --assistant <id>`): lowercase letters, digits, `-`. */
export const AssistantKeySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'an assistant id is lowercase letters, digits and "-" (e.g. claude-desktop)');
