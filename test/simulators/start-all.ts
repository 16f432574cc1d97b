/**
 * Starts every service simulator at once (Sessionboard US+EU, sessions.website, Session Services, I'mBoard) and
 * merges their host overrides, so a product process pointed at them with
 * `BRIDGEKEEPER_HOST_OVERRIDES=JSON.stringify(all.hostOverrides)` talks to the real host names it would use in
 * production. Used by the demo, the gateway tests and the UI tests.
 */
import { startImboardSimulator, type ImboardSimulator } from './imboard.js';
import { startSessionServicesSimulator, type SessionServicesSimulator } from './session-services.js';
import { startSessionboardSimulator, type SessionboardSimulator } from './sessionboard.js';
import { startSessionsWebsiteSimulator, type SessionsWebsiteSimulator } from './sessions-website.js';

/** Every running simulator plus their merged host overrides. */
export interface AllSimulators {
  sessionboard: SessionboardSimulator;
  sessionsWebsite: SessionsWebsiteSimulator;
  sessionServices: SessionServicesSimulator;
  imboard: ImboardSimulator;
  /** Real hostname → simulator origin, for every service. */
  hostOverrides: Record<string, string>;
  /** Stops every simulator (safe to call twice). */
  close(): Promise<void>;
}

/** Starts all simulators in parallel on random 127.0.0.1 ports; if one fails to start, the others are stopped. */
export async function startAllSimulators(): Promise<AllSimulators> {
  const started = await Promise.allSettled([
    startSessionboardSimulator(),
    startSessionsWebsiteSimulator(),
    startSessionServicesSimulator(),
    startImboardSimulator(),
  ] as const);
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.allSettled(running.map((s) => s.close()));
    throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
  }
  const [sessionboard, sessionsWebsite, sessionServices, imboard] = started.map(
    (s) => (s as PromiseFulfilledResult<unknown>).value,
  ) as [SessionboardSimulator, SessionsWebsiteSimulator, SessionServicesSimulator, ImboardSimulator];
  let closed: Promise<void> | undefined;
  return {
    sessionboard,
    sessionsWebsite,
    sessionServices,
    imboard,
    hostOverrides: {
      ...sessionboard.hostOverrides,
      ...sessionsWebsite.hostOverrides,
      ...sessionServices.hostOverrides,
      ...imboard.hostOverrides,
    },
    close: () => (closed ??= Promise.allSettled(running.map((s) => s.close())).then(() => undefined)),
  };
}
