import type { Command } from 'commander';

/** Registers `bridgekeeper login` — OAuth sign-in (OAuth work). */
export function registerLoginCommand(_program: Command): void {
  // Filled in by the OAuth work)
}
