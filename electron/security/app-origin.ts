/**
 * The app's own origin. The renderer is served from a privileged custom scheme instead of file:// (Electron
 * security checklist: prefer custom protocols), so "is this our page?" is a plain origin comparison.
 */
export const APP_SCHEME = 'bk-app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the main window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True when `raw` parses and belongs to the app's origin. */
export function isAppUrl(raw: string | undefined | null): boolean {
  if (!raw) return false;
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && !url.username && !url.password;
  } catch {
    return false;
  }
}
