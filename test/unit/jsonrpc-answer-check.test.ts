import { describe, expect, it } from 'vitest';
import { checkJsonAnswer } from '../../shared/upstream-mcp/jsonrpc-messages.js';

/** The check on an upstream's JSON answer before the SDK reads it: its envelope, and an answer to what was asked. */
/** What is wrong with the answer, or undefined when it is fine. */
const jsonAnswerProblem = (text: string, ids: Set<string | number>) => checkJsonAnswer(text, ids).problem;

describe('checkJsonAnswer', () => {
  const ids = new Set<string | number>([7]);
  it('accepts a response to the request, alone or beside notifications', () => {
    expect(jsonAnswerProblem('{"jsonrpc":"2.0","id":7,"result":{"content":[]}}', ids)).toBeUndefined();
    expect(jsonAnswerProblem('{"jsonrpc":"2.0","id":7,"error":{"code":-32602,"message":"bad"}}', ids)).toBeUndefined();
    expect(
      jsonAnswerProblem(
        '[{"jsonrpc":"2.0","method":"notifications/message","params":{}},{"jsonrpc":"2.0","id":7,"result":{}}]',
        ids,
      ),
    ).toBeUndefined();
  });
  it('hands on the parsed answer, so it is not parsed again', () => {
    const body = '{"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"hi"}]}}';
    expect(checkJsonAnswer(body, ids)).toEqual({ value: JSON.parse(body) });
  });
  it('names what is wrong: not JSON, not JSON-RPC, or no response to the request', () => {
    expect(jsonAnswerProblem('<html>', ids)).toBe('answered with a body that is not JSON.');
    for (const body of [
      '{"result":{}}',
      '{"jsonrpc":"1.0","id":7,"result":{}}',
      '{"jsonrpc":"2.0","id":7}',
      '"ok"',
      '[1]',
    ])
      expect(jsonAnswerProblem(body, ids), body).toBe('sent a message that is not valid JSON-RPC.');
    expect(jsonAnswerProblem('{"jsonrpc":"2.0","id":8,"result":{}}', ids)).toBe(
      'answered without a JSON-RPC response.',
    );
    expect(jsonAnswerProblem('{"jsonrpc":"2.0","method":"ping","id":1}', ids)).toBe(
      'answered without a JSON-RPC response.',
    );
  });
});
