import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../shared/errors.js';
import { DEFAULT_RETRY_POLICY } from '../../shared/net/retry-policy.js';
import {
  redirectStep,
  requestFailure,
  retryAfterText,
  secondsText,
  withRateLimitRetries,
} from '../../shared/net/upstream-rules.js';

describe('upstream rules shared by the API client and the MCP fetch', () => {
  it('says a time bound in one rounding (tenths) and a Retry-After in whole seconds, rounded up', () => {
    expect(secondsText(30_000)).toBe('30 s');
    expect(secondsText(2_500)).toBe('2.5 s');
    expect(secondsText(2_549)).toBe('2.5 s');
    expect(retryAfterText(1_200)).toBe('2 s');
    const state = { cancelled: false, timedOut: true, timeoutMs: 2_500, write: false };
    expect(requestFailure('api.example.com', new Error('aborted'), state).message).toBe(
      'api.example.com did not answer within 2.5 s.',
    );
    expect(requestFailure('api.example.com', new Error('aborted'), { ...state, cancelled: true }).message).toBe(
      'The request to api.example.com was cancelled.',
    );
  });

  it('follows a same-origin redirect as browsers do and refuses another origin or any MCP endpoint redirect', () => {
    const from = new URL('https://api.example.com/v1/a');
    expect(redirectStep('api', { status: 200, location: null }, from, 'GET', { sameOrigin: true })).toBeUndefined();
    expect(redirectStep('api', { status: 303, location: '/v1/b' }, from, 'POST', { sameOrigin: true })).toEqual({
      url: new URL('https://api.example.com/v1/b'),
      method: 'GET',
      dropBody: true,
    });
    expect(redirectStep('api', { status: 307, location: '/v1/b' }, from, 'POST', { sameOrigin: true })).toMatchObject({
      method: 'POST',
      dropBody: false,
    });
    expect(() =>
      redirectStep('api', { status: 302, location: 'https://evil.example/' }, from, 'GET', { sameOrigin: true }),
    ).toThrow('api redirected to another host (evil.example)');
    expect(() => redirectStep('mcp', { status: 307, location: '/v1/b' }, from, 'POST', { sameOrigin: false })).toThrow(
      'mcp answered with a redirect',
    );
  });

  it('sends again after a 429 only within the deadline, freeing the refused body first', async () => {
    const statuses = [429, 429, 200];
    const waits: number[] = [];
    let discarded = 0;
    const sent = await withRateLimitRetries(async () => ({ status: statuses.shift()! }), {
      policy: DEFAULT_RETRY_POLICY,
      deadline: Date.now() + 60_000,
      retryAfter: () => '0',
      discard: async () => void discarded++,
      wait: async (ms) => void waits.push(ms),
    });
    expect(sent).toEqual({ response: { status: 200 }, retries: 2 });
    expect({ waits, discarded }).toEqual({ waits: [0, 0], discarded: 2 });
    // A Retry-After that ends past the deadline: the 429 goes back at once.
    const refused = await withRateLimitRetries(async () => ({ status: 429 }), {
      policy: DEFAULT_RETRY_POLICY,
      deadline: Date.now() + 1_000,
      retryAfter: () => '5',
      wait: () => Promise.reject(new UpstreamError('timeout', 'must not wait', '')),
    });
    expect(refused).toEqual({ response: { status: 429 }, retries: 0 });
  });
});
