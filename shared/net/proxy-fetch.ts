import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import type * as UndiciModule from 'undici';
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
  const { fetch: proxiedFetch, dispatcher } = await proxied(key);
  return (await proxiedFetch(input, { ...init, dispatcher } as Parameters<typeof proxiedFetch>[1])) as unknown as Response;
};

/** The proxy settings in force, as one string (empty when no proxy is configured). */
function proxyKey(env: NodeJS.ProcessEnv = process.env): string {
  const https = env.https_proxy ?? env.HTTPS_PROXY ?? '';
  const http = env.http_proxy ?? env.HTTP_PROXY ?? '';
  return https || http ? JSON.stringify([https, http]) : '';
}

type Undici = typeof UndiciModule;
let current: { key: string; value: Promise<{ fetch: Undici['fetch']; dispatcher: InstanceType<Undici['EnvHttpProxyAgent']> }> } | undefined;

/** undici's fetch and one proxy agent per distinct proxy setting (keep-alive connections are reused across requests). */
function proxied(key: string): NonNullable<typeof current>['value'] {
  if (current?.key !== key) {
    const previous = current?.value;
    current = {
      key,
      value: import('undici').then((undici) => ({ fetch: undici.fetch, dispatcher: new undici.EnvHttpProxyAgent({ keepAliveTimeout: 4_000 }) })),
    };
    void previous?.then(({ dispatcher }) => dispatcher.close()).catch(() => undefined);
  }
  return current.value;
}
