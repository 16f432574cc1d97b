import Store from 'electron-store';
import type { Preferences, PreferencesStore } from '../shared/app/deps.js';

/** Window position and size, remembered between launches. */
export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

interface StoredPreferences extends Preferences {
  windowBounds: WindowBounds;
}

/** App preferences in electron-store (`preferences.json` in Electron's userData folder). No secrets here. */
export class ElectronPreferences implements PreferencesStore {
  private readonly store = new Store<StoredPreferences>({
    name: 'preferences',
    defaults: { theme: 'system', firstRun: true, windowBounds: { width: 1180, height: 800 } },
  });

  get(): Preferences {
    return { theme: this.store.get('theme'), firstRun: this.store.get('firstRun') };
  }

  set(patch: Partial<Preferences>): Preferences {
    if (patch.theme) this.store.set('theme', patch.theme);
    if (patch.firstRun !== undefined) this.store.set('firstRun', patch.firstRun);
    return this.get();
  }

  get windowBounds(): WindowBounds {
    return this.store.get('windowBounds');
  }

  set windowBounds(bounds: WindowBounds) {
    this.store.set('windowBounds', bounds);
  }
}
