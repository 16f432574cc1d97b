import { JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { isJsonRpcMessage } from '../../shared/upstream-mcp/jsonrpc-messages.js';

/** Messages of every kind, well and badly formed, in the shapes a client could send on stdin. */
const base: unknown[] = [
  { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'a', arguments: {} } },
  { jsonrpc: '2.0', id: 'x', method: 'ping' },
  { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { _meta: { progressToken: 'p' } } },
  { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { _meta: { progressToken: 7, trace: 'ok' } } },
  {
    jsonrpc: '2.0',
    id: 2,
    method: 'x',
    params: { _meta: { 'io.modelcontextprotocol/related-task': { taskId: 't' } } },
  },
  { jsonrpc: '2.0', method: 'notifications/initialized' },
  { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 3, reason: 'no' } },
  { jsonrpc: '2.0', id: 4, result: {} },
  { jsonrpc: '2.0', id: 4, result: { content: [], _meta: { progressToken: 'a' } } },
  { jsonrpc: '2.0', id: 5, error: { code: -32601, message: 'nope' } },
  { jsonrpc: '2.0', id: 5, error: { code: -32601, message: 'nope', data: { x: 1 }, extra: true } },
  { jsonrpc: '2.0', error: { code: -32700, message: 'parse' } },
];

/** One change at a time to each message: a wrong value, a missing or an extra member, at each level. */
function variants(message: Record<string, unknown>): unknown[] {
  const bad = [null, 1.5, -1, 2 ** 60, 'str', true, [], {}, [1], { _meta: 1 }];
  const out: unknown[] = [];
  for (const key of Object.keys(message)) {
    const { [key]: _dropped, ...without } = message;
    out.push(without);
    for (const value of bad) out.push({ ...message, [key]: value });
    const inner = message[key];
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
      for (const innerKey of Object.keys(inner)) {
        const { [innerKey]: _gone, ...innerWithout } = inner as Record<string, unknown>;
        out.push({ ...message, [key]: innerWithout });
        for (const value of bad) out.push({ ...message, [key]: { ...inner, [innerKey]: value } });
        const deep = (inner as Record<string, unknown>)[innerKey];
        if (deep && typeof deep === 'object' && !Array.isArray(deep))
          for (const deepKey of Object.keys(deep))
            for (const value of bad)
              out.push({ ...message, [key]: { ...inner, [innerKey]: { ...deep, [deepKey]: value } } });
      }
    }
  }
  for (const extra of ['result', 'error', 'method', 'id', 'params', 'other'])
    if (!(extra in message)) out.push({ ...message, [extra]: extra === 'id' ? 9 : {} });
  return out;
}

describe('isJsonRpcMessage', () => {
  const cases = [...base, ...base.flatMap((m) => variants(m as Record<string, unknown>)), null, 'x', [base[0]], 42];
  it(`accepts exactly what the SDK's JSONRPCMessageSchema accepts (${cases.length} messages)`, () => {
    const disagreements = cases.filter((c) => isJsonRpcMessage(c) !== JSONRPCMessageSchema.safeParse(c).success);
    expect(disagreements).toEqual([]);
    // Both kinds are well represented, so the agreement means something.
    const accepted = cases.filter((c) => isJsonRpcMessage(c)).length;
    expect(accepted).toBeGreaterThan(30);
    expect(cases.length - accepted).toBeGreaterThan(100);
  });
});
