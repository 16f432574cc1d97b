/**
 * The envelope of a JSON-RPC 2.0 message: a request or notification (a method), or a response (an id with a result
 * or an error). The SDK validates every message in full right after; this only tells a server that does not speak
 * JSON-RPC from one that does, without parsing each answer twice.
 */
function looksLikeJsonRpc(message: unknown): boolean {
  if (!message || typeof message !== 'object' || Array.isArray(message)) return false;
  const m = message as Record<string, unknown>;
  if (m.jsonrpc !== '2.0') return false;
  if (typeof m.method === 'string') return true;
  const id = m.id;
  return (typeof id === 'string' || typeof id === 'number') && ('result' in m || 'error' in m);
}

/** What is wrong with a JSON answer (not JSON, not JSON-RPC, no response to one of `ids`), or undefined when it is fine. */
export function jsonAnswerProblem(text: string, ids: Set<string | number>): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'answered with a body that is not JSON.';
  }
  const messages = [parsed].flat();
  if (!messages.every(looksLikeJsonRpc)) return 'sent a message that is not valid JSON-RPC.';
  const answers = messages.some(
    (m) => m && typeof m === 'object' && !('method' in m) && ids.has((m as { id: string | number }).id),
  );
  return answers ? undefined : 'answered without a JSON-RPC response.';
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
