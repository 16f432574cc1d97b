import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, shell } from 'electron';
import { createCore } from '../shared/connections/core.js';
import { createAppHandlers } from '../shared/app/handlers.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { appGatewayCommand } from './gateway-command.js';
import { denyPermissions, hardenApp, openExternalSafely } from './hardening.js';
import { registerIpcHandlers } from './ipc.js';
import { ElectronPreferences } from './preferences.js';
import { APP_ENTRY_URL } from './security/app-origin.js';
import { canOpenSignInPage } from './security/navigation-rules.js';
import { secureWebPreferences } from './security/window-options.js';

/** Bridgekeeper's Electron main process: a short list of start-up steps; all logic lives in shared/app. */
const here = path.dirname(fileURLToPath(import.meta.url));
const appRoot = path.resolve(here, '..', '..');
const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

registerAppScheme();
hardenApp();

function createMainWindow(preferences: ElectronPreferences): BrowserWindow {
  const window = new BrowserWindow({
    ...preferences.windowBounds,
    minWidth: 860,
    minHeight: 600,
    title: 'Bridgekeeper',
    show: false,
    backgroundColor: '#f6f7fb',
    // The security-critical flags are restated literally so static scanners (Electronegativity) can see them.
    webPreferences: {
      ...secureWebPreferences(path.join(here, 'preload.cjs')),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  window.on('close', () => (preferences.windowBounds = window.getBounds()));
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

async function start(): Promise<void> {
  await app.whenReady();
  denyPermissions();
  serveRenderer(path.join(appRoot, 'renderer', 'dist'));
  const preferences = new ElectronPreferences();
  const handlers = createAppHandlers({
    core: createCore(),
    preferences,
    openBrowser: async (url) => {
      if (!canOpenSignInPage(url)) throw new Error('Refusing to open a sign-in address that is not https://.');
      await shell.openExternal(url);
    },
    openExternal: openExternalSafely,
    gatewayCommand: appGatewayCommand({ execPath: process.execPath, appPath: app.getAppPath() }),
    version,
    platform: process.platform,
  });
  registerIpcHandlers(ipcMain, handlers);
  let window = createMainWindow(preferences);
  app.on('second-instance', () => {
    if (window.isDestroyed()) window = createMainWindow(preferences);
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = createMainWindow(preferences);
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

if (!app.requestSingleInstanceLock()) app.quit();
else void start();
