import { z } from 'zod';
import { AssistantIdSchema } from './views.js';

/** How the gateway lists tools to one assistant: every tool, the compact find/call pair, or compact above 40 tools. */
export const ToolModeSchema = z.enum(['full', 'compact', 'auto']);

/** Which connections one assistant sees, and its tool mode. */
export const AssistantToolSetSchema = z.object({
  assistant: z.string(),
  displayName: z.string(),
  /** `all`: every connection, including ones added later. */
  connections: z.union([z.literal('all'), z.array(z.object({ id: z.string(), label: z.string() }))]),
  toolMode: ToolModeSchema,
  /** Chosen connections removed since. */
  missing: z.array(z.string()),
  problem: z.string().optional(),
});
export type AssistantToolSetView = z.infer<typeof AssistantToolSetSchema>;

/** A change the person makes in the app: connection ids (or `all`) and/or a tool mode. */
export const SetAssistantToolSetRequestSchema = z
  .object({
    assistant: AssistantIdSchema,
    connections: z.union([z.literal('all'), z.array(z.string().min(1).max(100)).max(1000)]).optional(),
    toolMode: ToolModeSchema.optional(),
  })
  .strict();
