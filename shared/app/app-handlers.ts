import type { RequestOf, ResponseOf } from '../contract.js';
import type { AppDeps } from './deps.js';
import { listServices } from './service-info.js';

/** About the app itself: version, gateway command, preferences, the service list, opening docs links. */
export function appHandlers(deps: AppDeps) {
  return {
    async getAppInfo(): Promise<ResponseOf<'getAppInfo'>> {
      return {
        version: deps.version,
        platform: deps.platform,
        gatewayCommand: deps.gatewayCommand,
        dataFolder: deps.core.home,
        notices: [...deps.core.store.notices],
      };
    },
    async getPreferences(): Promise<ResponseOf<'getPreferences'>> {
      return deps.preferences.get();
    },
    async setPreferences(request: RequestOf<'setPreferences'>): Promise<ResponseOf<'setPreferences'>> {
      return deps.preferences.set(request);
    },
    async listServices(): Promise<ResponseOf<'listServices'>> {
      return { services: listServices() };
    },
    async openExternal(request: RequestOf<'openExternal'>): Promise<ResponseOf<'openExternal'>> {
      return { opened: await deps.openExternal(request.url) };
    },
  };
}
