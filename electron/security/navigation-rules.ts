import { isAppUrl } from './app-origin.js';

/**
 * Navigation: the window only ever shows our own page. Anything else (a link, a redirect, a drag-and-dropped
 * file) is denied. In-app moves (hash changes on our own page) are fine.
 */
export function canNavigate(url: string): boolean {
  return isAppUrl(url);
}

/**
 * External links may be opened in the person's browser only when they are plain https:// URLs without
 * credentials in them. Everything else (file:, javascript:, custom schemes, http:) is refused.
 */
export function canOpenExternally(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && !url.username && !url.password && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/**
 * An OAuth authorization page may open in the browser when it is https://, or http:// on this computer (a
 * loopback development server). Nothing else: the sign-in address comes from the service's metadata.
 */
export function canOpenSignInPage(raw: string): boolean {
  if (canOpenExternally(raw)) return true;
  try {
    const url = new URL(raw);
    return (
      url.protocol === 'http:' &&
      ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) &&
      !url.username &&
      !url.password
    );
  } catch {
    return false;
  }
}

/** New windows are never created: `window.open` and target=_blank are always denied (https links go out). */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: canOpenExternally(url) };
}

/** Permission requests (camera, notifications, geolocation …): the app needs none, so all are refused. */
export function permissionAllowed(_permission: string): boolean {
  return false;
}
