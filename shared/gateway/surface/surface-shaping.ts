import type { CallToolResult, GetPromptResult, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { redactSecrets } from '../../secrets/redact.js';
import { redactPiiText, redactPiiValue } from '../pii-redaction.js';
import { type ShapeOptions, truncateText, upstreamResult } from '../result-shaping.js';
import { namespacedResourceUri } from './resource-uris.js';

type ContentBlock = CallToolResult['content'][number];

/** Upstream URIs inside one content block (embedded resources, resource links) made gateway URIs. */
function namespaceContent(item: ContentBlock, prefix: string): ContentBlock {
  if (item.type === 'resource')
    return { ...item, resource: { ...item.resource, uri: namespacedResourceUri(prefix, item.resource.uri) } };
  if (item.type === 'resource_link') return { ...item, uri: namespacedResourceUri(prefix, item.uri) };
  return item;
}

/**
 * A tool result of an upstream MCP connection with its resource links and embedded resources under gateway URIs, so
 * the assistant can read (and subscribe to) what a tool points at. The connection prefix is the part of the tool's
 * gateway name before the first `__` (prefixes never hold `__`, and name shortening never cuts into them).
 */
export function namespaceToolResultUris<T extends CallToolResult>(result: T, gatewayToolName: string): T {
  const cut = gatewayToolName.indexOf('__');
  if (cut <= 0 || !Array.isArray(result.content)) return result;
  const prefix = gatewayToolName.slice(0, cut);
  return { ...result, content: result.content.map((item) => namespaceContent(item, prefix)) };
}

function maskText(text: string, options: ShapeOptions): string {
  return redactSecrets(options.redactPii ? redactPiiText(text) : text, options.knownSecrets);
}

/**
 * A `resources/read` answer as the assistant gets it: URIs namespaced; text redacted (known secrets, PII under
 * `redactPii`) and cut to `maxBytes` together; binary contents passed while they fit `maxMediaBytes` together,
 * otherwise replaced by a text note under the same URI.
 */
export function shapeReadResult(result: ReadResourceResult, prefix: string, options: ShapeOptions): ReadResourceResult {
  let textLeft = options.maxBytes;
  const mediaLimit = options.maxMediaBytes ?? options.maxBytes;
  let mediaLeft = mediaLimit;
  const contents = result.contents.map((item) => {
    const uri = namespacedResourceUri(prefix, item.uri);
    if ('text' in item && typeof item.text === 'string') {
      const { text } = truncateText(maskText(item.text, options), Math.max(0, textLeft));
      textLeft -= Buffer.byteLength(text, 'utf8');
      return { ...item, uri, text };
    }
    const size = 'blob' in item && typeof item.blob === 'string' ? item.blob.length : 0;
    if (size <= mediaLeft) {
      mediaLeft -= size;
      return { ...item, uri };
    }
    const what = item.mimeType ? ` (${item.mimeType})` : '';
    const note = `[Bridgekeeper: this binary content${what} of ${Math.round((size * 0.75) / 1024)} kB was left out: binary contents are limited to ${Math.round(mediaLimit / 1024)} kB together. Ask the server for a smaller one.]`;
    return { uri, mimeType: 'text/plain', text: note };
  });
  return { ...result, contents };
}

/**
 * A `prompts/get` answer as the assistant gets it: each message's content shaped like a tool result's (secrets and,
 * under `redactPii`, PII masked; text bounded; media bounded) and its resource URIs namespaced.
 */
export function shapePromptResult(result: GetPromptResult, prefix: string, options: ShapeOptions): GetPromptResult {
  const shaped = upstreamResult({ content: result.messages.map((m) => m.content) }, options).content;
  const messages = result.messages.map((message, i) => ({
    ...message,
    content: namespaceContent(shaped[i] ?? message.content, prefix),
  })) as GetPromptResult['messages'];
  return {
    ...result,
    ...(result.description !== undefined ? { description: maskText(result.description, options) } : {}),
    messages,
  };
}

/** Any JSON value from an upstream (log data, completion values) with known secrets and, under `redactPii`, PII masked. */
export function maskValue<T>(value: T, options: Pick<ShapeOptions, 'redactPii' | 'knownSecrets'>): T {
  const masked = options.redactPii ? redactPiiValue(value) : value;
  const json = JSON.stringify(masked);
  if (json === undefined) return value;
  return JSON.parse(redactSecrets(json, options.knownSecrets)) as T;
}
