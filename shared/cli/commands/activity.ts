import type { Command } from 'commander';

/** Registers `bridgekeeper activity` — audit log tail (gateway work). */
export function registerActivityCommand(_program: Command): void {
  // Filled in by the gateway work)
}
