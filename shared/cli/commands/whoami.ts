import type { Command } from 'commander';

/** Registers `bridgekeeper whoami` — whoami and token inspection (providers work). */
export function registerWhoamiCommand(_program: Command): void {
  // Filled in by the providers work)
}
