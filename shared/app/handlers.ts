import { sweepOrphanedSecrets } from '../connections/pending-secrets.js';
import { activityHandlers } from './activity-handlers.js';
import { appHandlers } from './app-handlers.js';
import { assistantHandlers } from './assistant-handlers.js';
import { connectionHandlers } from './connection-handlers.js';
import type { AppDeps } from './deps.js';
import type { AppHandlers } from './dispatch.js';
import { tokenHandlers } from './token-handlers.js';
import { toolHandlers } from './tool-handlers.js';

/**
 * Every contract operation's implementation, built per domain (toolhive-studio style). `satisfies` makes a
 * missing or misspelt operation a compile error. Electron-free: main.ts and the UI test harness both use it.
 */
export function createAppHandlers(deps: AppDeps): AppHandlers {
  // Keychain entries of adds killed before they saved their connection (see pending-secrets.ts); never throws.
  void sweepOrphanedSecrets(deps.core);
  return {
    ...appHandlers(deps),
    ...connectionHandlers(deps),
    ...tokenHandlers(deps),
    ...toolHandlers(deps),
    ...activityHandlers(deps),
    ...assistantHandlers(deps),
  } satisfies AppHandlers;
}

export type { AppDeps, GatewayCommand, Preferences, PreferencesStore } from './deps.js';
export { memoryPreferences } from './deps.js';
export { invokeOperation, type AppHandlers } from './dispatch.js';
