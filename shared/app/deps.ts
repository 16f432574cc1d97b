import type { Core } from '../connections/core.js';

/** App preferences (theme, first run). Electron keeps them in electron-store; tests keep them in memory. */
export interface Preferences {
  theme: 'system' | 'light' | 'dark';
  firstRun: boolean;
}

/** Where preferences live. */
export interface PreferencesStore {
  get(): Preferences;
  set(patch: Partial<Preferences>): Preferences;
}

/** How an assistant starts the stdio gateway (the app binary with ELECTRON_RUN_AS_NODE=1, or node + the CLI). */
export interface GatewayCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/**
 * Everything the app handlers need from their host. Electron's main process and the UI test harness each build
 * one; the handlers themselves never import electron.
 */
export interface AppDeps {
  core: Core;
  preferences: PreferencesStore;
  /** Opens the OAuth authorization URL in the person's browser (Electron: `shell.openExternal`). */
  openBrowser(url: string): Promise<void>;
  /** Opens an https documentation link outside the app. Returns false when the URL is not allowed. */
  openExternal(url: string): Promise<boolean>;
  gatewayCommand: GatewayCommand;
  version: string;
  platform: string;
  /** Where assistant configs are looked up (tests point this at a temp folder). Defaults to the user's home. */
  assistantsHome?: string;
  /** How long an OAuth sign-in may wait for the browser step. */
  signInTimeoutMs?: number;
}

/** Preferences kept in memory (UI test harness, unit tests). */
export function memoryPreferences(initial: Partial<Preferences> = {}): PreferencesStore {
  let current: Preferences = { theme: 'system', firstRun: true, ...initial };
  return {
    get: () => ({ ...current }),
    set: (patch) => {
      current = { ...current, ...patch };
      return { ...current };
    },
  };
}
