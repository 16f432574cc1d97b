import type { Command } from 'commander';

/** Registers `bridgekeeper tools` — tool x scope matrix (gateway work). */
export function registerToolsCommand(_program: Command): void {
  // Filled in by the gateway work)
}
