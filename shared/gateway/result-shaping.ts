import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { redactJson, redactSecrets } from '../secrets/redact.js';
import { redactPiiText, redactPiiValue } from './pii-redaction.js';

/** How a result is prepared for the assistant. */
export interface ShapeOptions {
  redactPii: boolean;
  maxBytes: number;
  /** Bound for non-text content (images, audio, binary resources) together; default `maxBytes`. */
  maxMediaBytes?: number;
  knownSecrets: Iterable<string>;
}

/** An `isError` result whose text says what happened and what to do. */
export function errorResult(text: string, knownSecrets: Iterable<string> = []): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: redactSecrets(text, knownSecrets) }] };
}

/** Cuts `text` to at most `maxBytes` UTF-8 bytes (on a character boundary) and says so. */
export function truncateText(text: string, maxBytes: number): { text: string; truncated: boolean } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return { text, truncated: false };
  let cut = Buffer.from(text, 'utf8').subarray(0, maxBytes).toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  const note = `\n\n[Bridgekeeper: result truncated: it was ${Math.round(bytes / 1024)} kB, the limit is ${Math.round(maxBytes / 1024)} kB. Ask for fewer items (filters, a smaller page size or limit) to see everything.]`;
  return { text: cut + note, truncated: true };
}

function shapeText(text: string, options: ShapeOptions, budget: { left: number }): string {
  let out = redactSecrets(options.redactPii ? redactPiiText(text) : text, options.knownSecrets);
  const { text: cut } = truncateText(out, Math.max(0, budget.left));
  out = cut;
  budget.left -= Buffer.byteLength(out, 'utf8');
  return out;
}

/** Result of a provider (API) tool: its data as pretty JSON text, plus `structuredContent` when it is an object and small. */
export function apiResult(data: unknown, options: ShapeOptions): CallToolResult {
  const value = options.redactPii ? redactPiiValue(data) : data;
  const json = typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? 'null');
  const text = shapeText(json, { ...options, redactPii: false }, { left: options.maxBytes });
  return { content: [{ type: 'text', text }] };
}

/**
 * Result of an upstream MCP tool: text content (and embedded text resources) redacted/truncated in place; other content
 * (images, audio, binary resources) passed through while it fits the size bound, replaced by a note when it does not.
 */
export function upstreamResult(result: CallToolResult, options: ShapeOptions): CallToolResult {
  const budget = { left: options.maxBytes };
  const mediaLimit = options.maxMediaBytes ?? options.maxBytes;
  const mediaBudget = { left: mediaLimit };
  const content = (result.content ?? []).map((raw) => {
    // Fields an upstream controls besides the text (`_meta`, annotations, a link's or resource's uri, name, title,
    // mimeType) are masked like text; the bytes of images, audio and blobs are not scanned.
    const item = redactItemFields(raw, options.knownSecrets);
    if (item.type === 'text') return { ...item, text: shapeText(item.text, options, budget) };
    // An embedded text resource is text the assistant reads too: same redaction and bound.
    if (item.type === 'resource' && 'text' in item.resource && typeof item.resource.text === 'string')
      return { ...item, resource: { ...item.resource, text: shapeText(item.resource.text, options, budget) } };
    // Images, audio, binary resources: passed through whole while they fit the bound, otherwise left out with a note.
    const size = Buffer.byteLength(JSON.stringify(item), 'utf8');
    if (size <= mediaBudget.left) {
      mediaBudget.left -= size;
      return item;
    }
    const mime =
      'mimeType' in item && typeof item.mimeType === 'string'
        ? item.mimeType
        : item.type === 'resource' && typeof item.resource.mimeType === 'string'
          ? item.resource.mimeType
          : undefined;
    const what = `${item.type === 'resource' ? 'an embedded file' : `${item.type === 'image' ? 'an' : 'a'} ${item.type}`}${mime ? ` (${mime})` : ''}`;
    return {
      type: 'text' as const,
      text: `[Bridgekeeper: ${what} of ${Math.round(size / 1024)} kB was left out: images, audio and files in a result are limited to ${Math.round(mediaLimit / 1024)} kB together. Ask for a smaller one, or for a link instead.]`,
    };
  });
  const out: CallToolResult = { content, ...(result.isError ? { isError: true } : {}) };
  // Result metadata is protocol data for the client (e.g. UI hints): kept, with known secrets masked like the rest.
  if (result._meta && Object.keys(result._meta).length > 0)
    out._meta = JSON.parse(redactSecrets(JSON.stringify(result._meta), options.knownSecrets)) as Record<
      string,
      unknown
    >;
  if (result.structuredContent) {
    // Masked like the text, and bounded on its own (it usually repeats the text content in structured form).
    const masked = options.redactPii ? redactPiiValue(result.structuredContent) : result.structuredContent;
    const json = redactSecrets(JSON.stringify(masked), options.knownSecrets);
    const size = Buffer.byteLength(json, 'utf8');
    if (size <= options.maxBytes) out.structuredContent = JSON.parse(json) as Record<string, unknown>;
    else
      content.push({
        type: 'text',
        text: `[Bridgekeeper: the structured form of this result (${Math.round(size / 1024)} kB) was left out: the limit is ${Math.round(options.maxBytes / 1024)} kB. Ask for fewer items (filters, a smaller page size or limit) to get it.]`,
      });
  }
  return out;
}

/**
 * A content item with its fields masked, except the text (shaped separately) and binary data: the fields are set
 * aside, the rest masked in one JSON pass (not one per field), and the item rebuilt in its own key order.
 */
function redactItemFields<T extends CallToolResult['content'][number]>(item: T, knownSecrets: Iterable<string>): T {
  const resource = 'resource' in item && item.resource && typeof item.resource === 'object' ? item.resource : undefined;
  const masked = redactJson<Record<string, unknown>>(
    {
      ...without(item, ['text', 'data']),
      ...(resource ? { resource: without(resource, ['text', 'blob']) } : {}),
    },
    knownSecrets,
  );
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (key === 'text' || key === 'data') out[key] = value;
    else if (key === 'resource' && resource) {
      const maskedResource = masked.resource as Record<string, unknown>;
      out[key] = Object.fromEntries(
        Object.entries(resource).map(([k, v]) => [k, k === 'text' || k === 'blob' ? v : maskedResource[k]]),
      );
    } else out[key] = masked[key];
  }
  return out as T;
}

/** A shallow copy of `value` without `keys`. */
function without(value: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)));
}
