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
    throw new UpstreamError(
      'insecure_url',
      `'${raw}' is not a valid URL.`,
      'Check the address: it should look like https://host/path.',
    );
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
  const map = parsedOverrides(raw);
  if (!map) return url;
  const target = map[url.host] ?? map[url.hostname];
  if (!target) return url;
  let origin = loopbackOrigins.get(target);
  if (origin === undefined) {
    const replacement = new URL(target);
    origin = isLoopbackHost(replacement.hostname) ? { protocol: replacement.protocol, host: replacement.host } : null;
    loopbackOrigins.set(target, origin);
  }
  if (!origin) return url;
  const out = new URL(url.href);
  out.protocol = origin.protocol;
  out.host = origin.host;
  return out;
}

/** Each override target's origin, when it is on loopback (null when it is not, and so is ignored). */
const loopbackOrigins = new Map<string, { protocol: string; host: string } | null>();

let lastOverrides: { raw: string; map: Record<string, string> | undefined } | undefined;
/** The override map, parsed once per distinct value (it is consulted on every upstream request). */
function parsedOverrides(raw: string): Record<string, string> | undefined {
  if (lastOverrides?.raw !== raw) {
    let map: Record<string, string> | undefined;
    try {
      const parsed: unknown = JSON.parse(raw);
      map =
        parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : undefined;
    } catch {
      map = undefined;
    }
    lastOverrides = { raw, map };
  }
  return lastOverrides.map;
}
