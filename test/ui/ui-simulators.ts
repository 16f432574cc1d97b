import { startImboardSimulator, type ImboardSimulator } from '../simulators/imboard.js';
import { startSessionServicesSimulator, type SessionServicesSimulator } from '../simulators/session-services.js';
import { startSessionboardSimulator, type SessionboardSimulator } from '../simulators/sessionboard.js';
import { startSessionsWebsiteMcpSimulator, type SessionsWebsiteMcpSimulator } from '../simulators/sessions-website-mcp.js';
import { startSessionsWebsiteSimulator, type SessionsWebsiteSimulator } from '../simulators/sessions-website.js';

/** Every service simulator the UI tests talk to, plus the merged host overrides. */
export interface UiSimulators {
  sessionboard: SessionboardSimulator;
  sessionsWebsite: SessionsWebsiteSimulator;
  sessionServices: SessionServicesSimulator;
  imboard: ImboardSimulator;
  /** sessions.website business MCP behind a real (oidc-provider) OAuth authorization server. */
  oauthMcp: SessionsWebsiteMcpSimulator;
  hostOverrides: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts the simulators and points the product's real hostnames at them through BRIDGEKEEPER_HOST_OVERRIDES
 * (the product still builds https://public-api.sessionboard.com/… and so on; only the origin is swapped).
 */
export async function startUiSimulators(): Promise<UiSimulators> {
  const [sessionboard, sessionsWebsite, sessionServices, imboard, oauthMcp] = await Promise.all([
    startSessionboardSimulator(),
    startSessionsWebsiteSimulator(),
    startSessionServicesSimulator(),
    startImboardSimulator(),
    startSessionsWebsiteMcpSimulator(),
  ]);
  const hostOverrides = { ...sessionboard.hostOverrides, ...sessionsWebsite.hostOverrides, ...sessionServices.hostOverrides, ...imboard.hostOverrides };
  const previous = process.env.BRIDGEKEEPER_HOST_OVERRIDES;
  process.env.BRIDGEKEEPER_HOST_OVERRIDES = JSON.stringify(hostOverrides);
  return {
    sessionboard,
    sessionsWebsite,
    sessionServices,
    imboard,
    oauthMcp,
    hostOverrides,
    close: async () => {
      if (previous === undefined) delete process.env.BRIDGEKEEPER_HOST_OVERRIDES;
      else process.env.BRIDGEKEEPER_HOST_OVERRIDES = previous;
      await Promise.all([sessionboard.close(), sessionsWebsite.close(), sessionServices.close(), imboard.close(), oauthMcp.close()]);
    },
  };
}
