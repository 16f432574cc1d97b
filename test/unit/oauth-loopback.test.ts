import { describe, expect, it } from 'vitest';
import { SignInError } from '../../shared/auth/oauth/errors.js';
import { startLoopbackReceiver } from '../../shared/auth/oauth/loopback-receiver.js';

// Real loopback HTTP listener, real HTTP requests (as the browser would make them).
describe('loopback redirect receiver', () => {
  it('listens on 127.0.0.1 on a fresh port per attempt and shows the friendly page on success', async () => {
    const a = await startLoopbackReceiver({ expectedState: () => 'state-a', timeoutMs: 10_000 });
    const b = await startLoopbackReceiver({ expectedState: () => 'state-b', timeoutMs: 10_000 });
    try {
      expect(a.redirectUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      expect(new URL(a.redirectUrl).port).not.toBe(new URL(b.redirectUrl).port);
      const response = await fetch(`${a.redirectUrl}?code=the-code&state=state-a`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('You&#39;re signed in — you can close this tab');
      await expect(a.code).resolves.toBe('the-code');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('ignores a callback with the wrong state (a stale or forged tab) and keeps waiting', async () => {
    const receiver = await startLoopbackReceiver({ expectedState: () => 'right', timeoutMs: 10_000 });
    try {
      const forged = await fetch(`${receiver.redirectUrl}?code=evil&state=wrong`);
      expect(forged.status).toBe(400);
      expect(await forged.text()).toContain('does not belong to the current attempt');
      const missing = await fetch(`${receiver.redirectUrl}?code=evil`);
      expect(missing.status).toBe(400);
      await fetch(`${receiver.redirectUrl}?code=good&state=right`);
      await expect(receiver.code).resolves.toBe('good');
    } finally {
      await receiver.close();
    }
  });

  it('turns access_denied into a consent_denied error and a clear page', async () => {
    const receiver = await startLoopbackReceiver({ expectedState: () => 's', timeoutMs: 10_000 });
    try {
      const response = await fetch(`${receiver.redirectUrl}?error=access_denied&state=s`);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('You did not allow access.');
      const error = await receiver.code.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SignInError);
      expect((error as SignInError).reason).toBe('consent_denied');
    } finally {
      await receiver.close();
    }
  });

  it('times out and can be cancelled', async () => {
    const slow = await startLoopbackReceiver({ expectedState: () => 's', timeoutMs: 200 });
    expect(((await slow.code.catch((e: unknown) => e)) as SignInError).reason).toBe('timeout');
    await slow.close();
    const controller = new AbortController();
    const cancelled = await startLoopbackReceiver({
      expectedState: () => 's',
      timeoutMs: 10_000,
      signal: controller.signal,
    });
    controller.abort();
    expect(((await cancelled.code.catch((e: unknown) => e)) as SignInError).reason).toBe('cancelled');
    await cancelled.close();
    await expect(fetch(cancelled.redirectUrl)).rejects.toThrow();
  });

  it('answers 404 for anything but GET /callback', async () => {
    const receiver = await startLoopbackReceiver({ expectedState: () => 's', timeoutMs: 10_000 });
    try {
      expect((await fetch(new URL('/other', receiver.redirectUrl))).status).toBe(404);
      expect((await fetch(receiver.redirectUrl, { method: 'POST' })).status).toBe(404);
    } finally {
      await receiver.close();
    }
  });
});
