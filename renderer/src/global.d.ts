import type { BridgekeeperApi } from '../../shared/contract';

declare global {
  interface Window {
    /** Built by the preload (Electron) or the UI test harness, from the same contract. */
    bridgekeeper: BridgekeeperApi;
  }
}

export {};
