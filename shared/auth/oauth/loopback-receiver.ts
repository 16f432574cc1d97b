import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignInError } from './errors.js';
import { signedInPage, signInErrorPage } from './callback-pages.js';

/** A one-shot loopback HTTP listener for the OAuth redirect (RFC 8252 §7.3). */
export interface LoopbackReceiver {
  /** `http://127.0.0.1:<port>/callback`, on a free port chosen for this attempt. */
  redirectUrl: string;
  /** Resolves with the authorization code once the browser comes back with the expected `state`. */
  code: Promise<string>;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 (port chosen by the OS, never fixed) for `/callback?code=…&state=…`. A wrong `state`
 * is refused and ignored (it may be a stale tab); an `error` (e.g. `access_denied`) ends the attempt with a
 * typed error and a clear page; `signal` and `timeoutMs` end it too.
 */
export async function startLoopbackReceiver(options: {
  expectedState: () => string | undefined;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<LoopbackReceiver> {
  let settle!: { resolve: (code: string) => void; reject: (error: Error) => void };
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  code.catch(() => undefined);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/callback') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const send = (status: number, html: string) =>
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    const state = url.searchParams.get('state');
    if (!state || state !== options.expectedState()) {
      send(
        400,
        signInErrorPage(
          'This sign-in link does not belong to the current attempt.',
          'Start the sign-in again from Bridgekeeper.',
        ),
      );
      return;
    }
    const error = url.searchParams.get('error');
    if (error) {
      const denied = error === 'access_denied';
      send(
        denied ? 403 : 400,
        signInErrorPage(
          denied ? 'You did not allow access.' : `The service reported an error (${error}).`,
          'You can close this tab; run the sign-in again if that was a mistake.',
        ),
      );
      settle.reject(
        denied
          ? new SignInError(
              'consent_denied',
              'Sign-in was cancelled: access was not allowed on the consent screen.',
              'Run the sign-in again and choose Allow, if you meant to connect.',
            )
          : new SignInError(
              'server_refused',
              `The service refused the sign-in (${error}${url.searchParams.get('error_description') ? `: ${url.searchParams.get('error_description')}` : ''}).`,
              'Try again; if it keeps failing, check the account has access to this service.',
            ),
      );
      return;
    }
    const value = url.searchParams.get('code');
    if (!value) {
      send(
        400,
        signInErrorPage('The service sent no authorization code.', 'Start the sign-in again from Bridgekeeper.'),
      );
      return;
    }
    send(200, signedInPage());
    settle.resolve(value);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const timer = setTimeout(
    () =>
      settle.reject(
        new SignInError(
          'timeout',
          `The browser did not come back within ${Math.round(options.timeoutMs / 1000)} s.`,
          'Run the sign-in again and finish it in the browser (the URL is printed in case the browser did not open).',
        ),
      ),
    options.timeoutMs,
  );
  const onAbort = () =>
    settle.reject(new SignInError('cancelled', 'Sign-in was cancelled.', 'Start it again when you are ready.'));
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  return {
    redirectUrl: `http://127.0.0.1:${port}/callback`,
    code,
    close: async () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
