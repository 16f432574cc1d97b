import { createAppHandlers, memoryPreferences } from '../../shared/app/handlers.js';
import { type Core, createCore } from '../../shared/connections/core.js';
import { MemorySecretStore } from '../../shared/secrets/memory-secret-store.js';
import { tempDir } from './cli.js';

/** The app's real handlers on a real core in `home` (a fresh folder by default), its keychain kept in memory. */
export function testAppHandlers(home: string = tempDir('bk-app-')): {
  core: Core;
  handlers: ReturnType<typeof createAppHandlers>;
  home: string;
} {
  const core = createCore({ home, secrets: new MemorySecretStore() });
  const handlers = createAppHandlers({
    core,
    preferences: memoryPreferences(),
    openBrowser: async () => undefined,
    openExternal: async () => false,
    gatewayCommand: { command: 'bridgekeeper', args: ['mcp'], env: {} },
    version: '0.0.0-test',
    platform: 'linux',
  });
  return { core, handlers, home };
}

/** Runs `fn` with BRIDGEKEEPER_HOST_OVERRIDES naming the simulators' hosts (in-process handlers read it), then restores it. */
export async function withHostOverrides<T>(overrides: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const previous = process.env.BRIDGEKEEPER_HOST_OVERRIDES;
  process.env.BRIDGEKEEPER_HOST_OVERRIDES = JSON.stringify(overrides);
  try {
    return await fn();
  } finally {
    if (previous === undefined) delete process.env.BRIDGEKEEPER_HOST_OVERRIDES;
    else process.env.BRIDGEKEEPER_HOST_OVERRIDES = previous;
  }
}
