import { UpstreamError } from '../errors.js';

/** True for 127.0.0.0/8, ::1 and localhost: the only places plain HTTP (and simulators) are allowed. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Throws unless the URL is HTTPS, or HTTP to loopback. Credentials never travel over plain HTTP elsewhere. */
export function assertSafeUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UpstreamError('insecure_url', `'${raw}' is not a valid URL.`, 'Check the address: it should look like https://host/path.');
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw new UpstreamError(
    'insecure_url',
    `Refusing to send credentials to ${url.origin}: only HTTPS is allowed (plain HTTP only to this computer).`,
    'Use the https:// address of the service.',
  );
}

/**
 * Host overrides for simulators and tests: `BRIDGEKEEPER_HOST_OVERRIDES='{"public-api.sessionboard.com":"http://127.0.0.1:4001"}'`.
 * The product still builds the real URL; only the origin is swapped, and only to loopback.
 */
export function applyHostOverride(url: URL, env: NodeJS.ProcessEnv = process.env): URL {
  const raw = env.BRIDGEKEEPER_HOST_OVERRIDES;
  if (!raw) return url;
  let map: Record<string, string>;
  try {
    map = JSON.parse(raw) as Record<string, string>;
  } catch {
    return url;
  }
  const target = map[url.host] ?? map[url.hostname];
  if (!target) return url;
  const replacement = new URL(target);
  if (!isLoopbackHost(replacement.hostname)) return url;
  const out = new URL(url.toString());
  out.protocol = replacement.protocol;
  out.host = replacement.host;
  return out;
}
