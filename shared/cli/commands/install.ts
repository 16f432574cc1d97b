import type { Command } from 'commander';

/** Registers `bridgekeeper install` — install into assistants (gateway work). */
export function registerInstallCommand(_program: Command): void {
  // Filled in by the gateway work)
}
