import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, openApp, type PageProblems } from './browser.js';
import { startUiHarness, type UiHarness } from './harness.js';
import { startUiSimulators, type UiSimulators } from './ui-simulators.js';

/** Everything a UI test suite drives: the simulators, the harness, Chromium and the page with the app open. */
export interface UiSession {
  sims: UiSimulators;
  harness: UiHarness;
  browser: Browser;
  page: Page;
  problems: PageProblems;
}

/**
 * Registers the suite's `beforeAll` (120 s): starts the UI simulators, runs `seed(sims)` if given, starts the UI
 * harness, launches Chromium and opens the app, then hands everything to `bind`. Its `afterAll` closes the browser,
 * the harness and the simulators, in that order, whichever of them were started.
 */
export function useUiSession(
  bind: (session: UiSession) => void,
  options: { seed?: (sims: UiSimulators) => void } = {},
): void {
  let sims: UiSimulators | undefined;
  let harness: UiHarness | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    sims = await startUiSimulators();
    options.seed?.(sims);
    harness = await startUiHarness();
    browser = await launchChromium();
    const { page, problems } = await openApp(browser, harness);
    bind({ sims, harness, browser, page, problems });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await sims?.close();
  });
}
