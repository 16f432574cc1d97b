import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type * as UndiciModule from 'undici';
import type { Dispatcher } from 'undici';
import { type RawRequest, type RawResponse, ResponseHeaders } from './node-http.js';
import { nodeHttpFetch } from './node-http-fetch.js';

/**
 * The `fetch` under every upstream MCP and OAuth request: `fetch` on `node:http` (`node-http-fetch.ts`), or, when
 * `HTTPS_PROXY` / `HTTP_PROXY` (or their lower-case forms) is set, undici's `fetch` through its `EnvHttpProxyAgent`,
 * which tunnels through the proxy with CONNECT and leaves the hosts of `NO_PROXY` direct. Company laptops often reach
 * the internet only through such a proxy. The undici package is loaded only when a proxy is configured (Node 20's
 * built-in `fetch` ignores these variables); the variables are read per request, so a changed environment (tests)
 * takes effect at once.
 */
export const proxyAwareFetch: FetchLike = async (input, init) => {
  const key = proxyKey();
  if (!key) return nodeHttpFetch(input, init);
  const { undici, dispatcher } = await proxied(key);
  return (await undici.fetch(input, { ...init, dispatcher } as Parameters<Undici['fetch']>[1])) as unknown as Response;
};

/** True when `HTTPS_PROXY` / `HTTP_PROXY` is set: API requests then go through `sendViaProxy` instead of `node:http`. */
export function proxyConfigured(): boolean {
  return proxyKey() !== '';
}

/**
 * One API request (`UpstreamHttpClient`) through the configured proxy, with undici's `request` and the same agent as
 * `proxyAwareFetch` (CONNECT tunnels, `NO_PROXY` honoured), answered in the shape of `node-http.ts`'s `sendRequest`.
 */
export async function sendViaProxy(req: RawRequest): Promise<RawResponse> {
  const { undici, dispatcher } = await proxied(proxyKey());
  const response = await undici.request(req.url, {
    method: req.method as Dispatcher.HttpMethod,
    headers: req.headers,
    dispatcher,
    ...(req.body !== undefined ? { body: req.body } : {}),
    ...(req.signal ? { signal: req.signal } : {}),
  });
  // undici's body is a Readable like IncomingMessage: `readText` and `discard` use only what both have.
  return {
    status: response.statusCode,
    headers: new ResponseHeaders(response.headers as IncomingHttpHeaders),
    body: response.body as unknown as IncomingMessage,
  };
}

/** The proxy settings in force, as one string (empty when no proxy is configured). */
function proxyKey(env: NodeJS.ProcessEnv = process.env): string {
  const https = env.https_proxy ?? env.HTTPS_PROXY ?? '';
  const http = env.http_proxy ?? env.HTTP_PROXY ?? '';
  return https || http ? JSON.stringify([https, http]) : '';
}

type Undici = typeof UndiciModule;
let current:
  | { key: string; value: Promise<{ undici: Undici; dispatcher: InstanceType<Undici['EnvHttpProxyAgent']> }> }
  | undefined;

/** undici and one proxy agent per distinct proxy setting (keep-alive connections are reused across requests). */
function proxied(key: string): NonNullable<typeof current>['value'] {
  if (current?.key !== key) {
    const previous = current?.value;
    current = {
      key,
      value: import('undici').then((undici) => ({
        undici,
        dispatcher: new undici.EnvHttpProxyAgent({ keepAliveTimeout: 4_000 }),
      })),
    };
    void previous?.then(({ dispatcher }) => dispatcher.close()).catch(() => undefined);
  }
  return current.value;
}
