import { startAllSimulators, type AllSimulators } from '../simulators/start-all.js';
import {
  startSessionsWebsiteMcpSimulator,
  type SessionsWebsiteMcpSimulator,
} from '../simulators/sessions-website-mcp.js';

/** Every service simulator the UI tests talk to, plus the merged host overrides. */
export interface UiSimulators extends AllSimulators {
  /** sessions.website business MCP behind a real (oidc-provider) OAuth authorization server. */
  oauthMcp: SessionsWebsiteMcpSimulator;
}

/**
 * Starts the simulators and points the product's real hostnames at them through BRIDGEKEEPER_HOST_OVERRIDES
 * (the product still builds https://public-api.sessionboard.com/… and so on; only the origin is swapped).
 */
export async function startUiSimulators(): Promise<UiSimulators> {
  const [all, oauthMcp] = await Promise.all([startAllSimulators(), startSessionsWebsiteMcpSimulator()]);
  const previous = process.env.BRIDGEKEEPER_HOST_OVERRIDES;
  process.env.BRIDGEKEEPER_HOST_OVERRIDES = JSON.stringify(all.hostOverrides);
  return {
    ...all,
    oauthMcp,
    close: async () => {
      if (previous === undefined) delete process.env.BRIDGEKEEPER_HOST_OVERRIDES;
      else process.env.BRIDGEKEEPER_HOST_OVERRIDES = previous;
      await Promise.all([all.close(), oauthMcp.close()]);
    },
  };
}
