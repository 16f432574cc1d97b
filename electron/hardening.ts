import { app, session, shell } from 'electron';
import { canNavigate, canOpenExternally, permissionAllowed, windowOpenDecision } from './security/navigation-rules.js';

/**
 * App-wide guards (Electron security checklist, electron/fiddle): every web contents may not navigate away from
 * the app, may not open windows (https links go to the browser instead), may not attach <webview>s, and no
 * permission is ever granted.
 */
export function hardenApp(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!canNavigate(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!canNavigate(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const decision = windowOpenDecision(url);
      if (decision.openExternally) void shell.openExternal(url);
      return { action: decision.action };
    });
  });
}

/** Denies every permission request and check on the default session. */
export function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permissionAllowed(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => permissionAllowed(permission));
}

/** Opens an https link in the person's browser; anything else is refused. */
export async function openExternalSafely(url: string): Promise<boolean> {
  if (!canOpenExternally(url)) return false;
  await shell.openExternal(url);
  return true;
}
