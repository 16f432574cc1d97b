import { randomUUID } from 'node:crypto';
import type { UpstreamError } from '../errors.js';

/**
 * Failures the fetch wrapper hands to the SDK `Client` as JSON-RPC error responses. The SDK's transport settles a
 * call only with a response on a stream (or a failed `send`): when an answer stream ends without the answer, the call
 * would otherwise wait for its timeout. So the wrapper ends that stream with an error response for the call, whose
 * `data` carries a random key to the `UpstreamError` kept here; `toUpstreamError` turns it back into that error.
 * The key cannot be guessed by a server, so an upstream cannot forge one of Bridgekeeper's own failures.
 */
const failures = new Map<string, UpstreamError>();
/** Enough for every call in flight; the oldest are forgotten first. */
const MAX_KEPT = 256;
const DATA_KEY = 'bridgekeeperFailure';
/** JSON-RPC internal error: what an SDK that never consults this registry would show. */
const RELAYED_CODE = -32603;

/** A JSON-RPC error response to request `id` standing for `failure`. */
export function failureResponse(
  id: string | number,
  failure: UpstreamError,
): { jsonrpc: '2.0'; id: string | number; error: { code: number; message: string; data: Record<string, string> } } {
  const key = randomUUID();
  failures.set(key, failure);
  if (failures.size > MAX_KEPT) failures.delete(failures.keys().next().value!);
  return { jsonrpc: '2.0', id, error: { code: RELAYED_CODE, message: failure.message, data: { [DATA_KEY]: key } } };
}

/** The `UpstreamError` behind an SDK error built from `failureResponse`, if `error` is one. */
export function relayedFailure(error: unknown): UpstreamError | undefined {
  const data = (error as { data?: unknown } | undefined)?.data;
  const key = data && typeof data === 'object' ? (data as Record<string, unknown>)[DATA_KEY] : undefined;
  return typeof key === 'string' ? failures.get(key) : undefined;
}

/** Ends the calls `ids` at once with `failure` (a GET answer the SDK reads as an event stream). */
export function failureStream(ids: Set<string | number>, failure: UpstreamError): Response {
  const text = [...ids].map((id) => `data: ${JSON.stringify(failureResponse(id, failure))}\n\n`).join('');
  ids.clear();
  return new Response(text, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

/** What the SDK reads as "this server offers no listening stream" (it stops asking). */
export function noStream(): Response {
  return new Response(null, { status: 405 });
}
