import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * A JSON answer checked: its parsed value, or what is wrong with it (not JSON, not JSON-RPC, no response to one of
 * `ids`).
 */
export function checkJsonAnswer(
  text: string,
  ids: Set<string | number>,
): { value: unknown; problem?: undefined } | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: 'answered with a body that is not JSON.' };
  }
  const messages = [parsed].flat();
  // Exactly what the SDK's transport accepts right after, so a message it would reject gets this clear error instead.
  if (!messages.every(isJsonRpcMessage)) return { problem: 'sent a message that is not valid JSON-RPC.' };
  const answers = messages.some(
    (m) => m && typeof m === 'object' && !('method' in m) && ids.has((m as { id: string | number }).id),
  );
  return answers ? { value: parsed } : { problem: 'answered without a JSON-RPC response.' };
}

/** The JSON-RPC messages in a POST body (the SDK sends a JSON string). */
export function parseMessages(body: unknown): Array<{ method?: unknown; id?: unknown }> {
  if (typeof body !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(body);
    return [parsed].flat().filter((m): m is { method?: unknown; id?: unknown } => !!m && typeof m === 'object');
  } catch {
    return [];
  }
}

/** JSON-RPC methods that only read: sending one twice (after a dead keep-alive socket) changes nothing. */
const READ_METHODS = new Set([
  'initialize',
  'ping',
  'tools/list',
  'prompts/list',
  'prompts/get',
  'resources/list',
  'resources/templates/list',
  'resources/read',
  'completion/complete',
]);

/** True when a message may be sent again if its keep-alive socket turns out dead: reads and notifications, never a tool call. */
export function safeToResend(message: { method?: unknown; id?: unknown }): boolean {
  if (typeof message.method !== 'string') return false; // a response to the server is not repeated
  return message.id === undefined || READ_METHODS.has(message.method);
}

/** `text/event-stream; charset=utf-8` → `text/event-stream`. */
export function mediaTypeOf(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * True when `value` is one JSON-RPC message as MCP defines it: exactly what the SDK's `JSONRPCMessageSchema` accepts
 * (a request, notification, result or error, each with no other members; integer ids and progress tokens; `params`,
 * `result` and `_meta` objects), checked by hand in one pass instead of through the zod union. Used on the gateway's
 * stdin and on an upstream's JSON answers, where every message is then parsed again by the SDK; the equivalence is
 * tested against the SDK's schema (jsonrpc-envelope.test.ts).
 */
export function isJsonRpcMessage(value: unknown): value is JSONRPCMessage {
  if (!isPlainObject(value) || value.jsonrpc !== '2.0') return false;
  const keys = Object.keys(value);
  if ('method' in value) {
    const allowed = 'id' in value ? REQUEST_KEYS : NOTIFICATION_KEYS;
    if (!keys.every((k) => allowed.has(k)) || typeof value.method !== 'string') return false;
    if ('id' in value && !isId(value.id)) return false;
    return !('params' in value) || (isPlainObject(value.params) && metaOk(value.params));
  }
  if ('result' in value) {
    if (!keys.every((k) => RESULT_KEYS.has(k))) return false;
    return isId(value.id) && isPlainObject(value.result) && metaOk(value.result);
  }
  if (!('error' in value) || !keys.every((k) => ERROR_KEYS.has(k))) return false;
  if ('id' in value && !isId(value.id)) return false;
  const error = value.error;
  return isPlainObject(error) && Number.isSafeInteger(error.code) && typeof error.message === 'string';
}

const REQUEST_KEYS = new Set(['jsonrpc', 'id', 'method', 'params']);
const NOTIFICATION_KEYS = new Set(['jsonrpc', 'method', 'params']);
const RESULT_KEYS = new Set(['jsonrpc', 'id', 'result']);
const ERROR_KEYS = new Set(['jsonrpc', 'id', 'error']);
const RELATED_TASK = 'io.modelcontextprotocol/related-task';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A request id or progress token: a string or a (safe) integer. */
function isId(value: unknown): boolean {
  return typeof value === 'string' || Number.isSafeInteger(value);
}

/** `_meta`, when present: an object whose progress token and related task, when present, are well formed. */
function metaOk(holder: Record<string, unknown>): boolean {
  if (!('_meta' in holder)) return true;
  const meta = holder._meta;
  if (!isPlainObject(meta)) return false;
  if ('progressToken' in meta && !isId(meta.progressToken)) return false;
  if (!(RELATED_TASK in meta)) return true;
  const task = meta[RELATED_TASK];
  return isPlainObject(task) && typeof task.taskId === 'string';
}
