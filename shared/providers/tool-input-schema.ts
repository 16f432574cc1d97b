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

const made = new Map<string, JsonSchemaObject>();

/**
 * `toolInputSchema` of the validator `make` builds, generated once per `key` and copied for each caller: a provider
 * whose tools are the same for every account (Session Services, I'mBoard) does not convert its zod validators to JSON
 * Schema again for each connection (50 connections: ~30 ms of a gateway's start-up).
 */
export function sharedInputSchema(key: string, make: () => z.ZodType): JsonSchemaObject {
  let schema = made.get(key);
  if (!schema) made.set(key, (schema = toolInputSchema(make())));
  return structuredClone(schema);
}
