/** The webPreferences every Bridgekeeper window uses (kept pure so a unit test can pin them). */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    /** Middle-click could otherwise open a link in a new window without going through the window-open handler. */
    disableBlinkFeatures: 'Auxclick',
  } as const;
}
