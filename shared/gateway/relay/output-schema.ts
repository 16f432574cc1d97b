import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { JsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import { truncateText } from '../result-shaping.js';

let ajv: AjvJsonSchemaValidator | undefined;
const compiled = new WeakMap<object, JsonSchemaValidator<unknown>>();

/** The validator for one output schema (compiled once per listed schema; Ajv created on first need only). */
function validatorFor(schema: NonNullable<Tool['outputSchema']>): JsonSchemaValidator<unknown> {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = (ajv ??= new AjvJsonSchemaValidator()).getValidator(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/**
 * Keeps the promise a tool's `outputSchema` makes to the assistant's client (whose SDK checks it): a successful result
 * carries `structuredContent` that validates. When shaping had to leave it out (size bound), or masking changed it
 * so it no longer validates (a masked email is not an email), the result becomes an `isError` whose text says why and
 * still holds the (masked) content. Structured content shaping did not change was already checked by the upstream
 * client against the same schema.
 */
export function keepOutputSchemaPromise(
  shaped: CallToolResult,
  upstream: CallToolResult,
  outputSchema: Tool['outputSchema'] | undefined,
  maxBytes: number,
): CallToolResult {
  if (!outputSchema || shaped.isError) return shaped;
  if (!shaped.structuredContent) return { ...shaped, isError: true };
  if (JSON.stringify(shaped.structuredContent) === JSON.stringify(upstream.structuredContent)) return shaped;
  const check = validatorFor(outputSchema)(shaped.structuredContent);
  if (check.valid) return shaped;
  const { structuredContent, ...rest } = shaped;
  const content = [...rest.content];
  if (!content.some((c) => c.type === 'text'))
    content.push({ type: 'text', text: truncateText(JSON.stringify(structuredContent, null, 2), maxBytes).text });
  content.push({
    type: 'text',
    text: "[Bridgekeeper: after masking personal data and secrets, this result no longer matches the tool's output schema, so it is given as text only.]",
  });
  return { ...rest, content, isError: true };
}
