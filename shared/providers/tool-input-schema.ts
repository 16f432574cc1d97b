import { z } from 'zod';
import type { JsonSchemaObject } from './types.js';

/**
 * A tool's MCP `inputSchema`, generated from the zod validator that checks its arguments, so the schema an assistant
 * sees and the check a call meets cannot disagree. Every provider's API tools use it. The validator is a strict
 * object: an argument the schema does not list is refused, not silently dropped.
 */
export function toolInputSchema(validator: z.ZodType): JsonSchemaObject {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(validator, { io: 'input' }) as JsonSchemaObject & {
    $schema?: string;
  };
  return { ...schema, type: 'object', required: schema.required ?? [] };
}
