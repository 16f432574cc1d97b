import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, cliPath, repoRoot, runNode } from '../helpers/cli.js';
import { startGenericMcpSimulator, type GenericMcpSimulator } from '../simulators/generic-mcp-server.js';
import { addConnection, gatewayEnv } from './gateway-harness.js';

// The MCP Inspector CLI (@modelcontextprotocol/inspector-cli 1.0.3, the newest inspector that runs on Node 20) as an
// independent client of `bridgekeeper mcp`.
const inspectorCli = path.join(repoRoot, 'node_modules', '@modelcontextprotocol', 'inspector-cli', 'build', 'cli.js');

function inspector(args: string[], env: Record<string, string>): Promise<CliResult> {
  // inspector-cli 1.0.3 looks for "../package.json" relative to the working directory: run it from bin/ so it finds one.
  return runNode([inspectorCli, '--cli', process.execPath, cliPath, 'mcp', ...args], {
    cwd: path.join(repoRoot, 'bin'),
    env,
  });
}

describe('MCP Inspector CLI against the gateway', () => {
  let sim: GenericMcpSimulator;
  let env: Record<string, string>;

  beforeAll(async () => {
    sim = await startGenericMcpSimulator({ host: 'mcp.inspected.example' });
    env = gatewayEnv(sim.hostOverrides);
    await addConnection(env, 'remote-mcp', 'Inspected', sim.tokens.full, ['--url', sim.endpoint]);
  });
  afterAll(async () => {
    await sim?.close();
  });

  it("lists the gateway's tools with annotations", async () => {
    const result = await inspector(['--method', 'tools/list'], env);
    expect(result.code, result.stderr).toBe(0);
    const { tools } = JSON.parse(result.stdout) as {
      tools: Array<{ name: string; annotations?: Record<string, unknown> }>;
    };
    expect(tools.map((t) => t.name)).toContain('mcp_inspected__search_items');
    expect(tools.find((t) => t.name === 'mcp_inspected__delete_item')!.annotations).toMatchObject({
      destructiveHint: true,
    });
  });

  it('calls a tool through the gateway', async () => {
    const result = await inspector(
      ['--method', 'tools/call', '--tool-name', 'mcp_inspected__search_items', '--tool-arg', 'query=inspector'],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Item matching inspector');
  });
});
