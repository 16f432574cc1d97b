import type { Command } from 'commander';

/** Registers `bridgekeeper mcp` — stdio MCP gateway (gateway work). */
export function registerMcpCommand(_program: Command): void {
  // Filled in by the gateway work)
}
