import { InputError } from '../errors.js';
import { isLoopbackHost } from '../net/url-safety.js';

/**
 * Checks every address a new connection will send credentials to, when it is added (whether or not it is
 * checked live): HTTPS, or plain HTTP only to this computer; nothing else (`file:`, `javascript:`, `ftp:` …).
 * Throws an `InputError` naming the option, so the person can fix it before anything is saved.
 */
export function assertConnectionUrl(raw: string, what: string): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InputError(
      `The ${what} '${raw}' is not a valid URL.`,
      'Give the full address, e.g. https://mcp.example.com/mcp.',
    );
  }
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return;
    throw new InputError(
      `The ${what} uses plain http:// to ${url.host}: only HTTPS is allowed, so credentials are never sent in the clear (plain HTTP only to this computer).`,
      `Use the https:// address of the server.`,
    );
  }
  throw new InputError(
    `The ${what} '${raw}' is a ${url.protocol} address: only HTTPS is allowed (plain HTTP only to this computer).`,
    'Give the https:// address of the server.',
  );
}
