/**
 * Bridgekeeper as the client under test of the MCP conformance suite (`conformance client --command …`).
 * The suite starts a scenario's server and runs `node dist/test/conformance/bridgekeeper-client.js <server-url>`
 * with `MCP_CONFORMANCE_SCENARIO` (and, for some scenarios, `MCP_CONFORMANCE_CONTEXT`) set. This does what a person
 * does, in a throwaway BRIDGEKEEPER_HOME and keychain service:
 * 1. `bridgekeeper connections add remote-mcp --url <server-url>` (with `--oauth`, and pre-registered client
 *    credentials when the scenario hands some out, for `auth/*` scenarios), then `bridgekeeper login`, whose browser
 *    step is the scripted browser of the OAuth tests (BRIDGEKEEPER_OPEN_BROWSER_CMD);
 * 2. an assistant (an SDK client over stdio) starts `bridgekeeper mcp`, lists the tools and calls every tool of the
 *    connection, answering elicitations by accepting (the SDK applies schema defaults).
 * Exit code 0 when every step worked; the suite's checks decide the verdict.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { runNode, tempDir } from '../helpers/cli.js';
import { bridgekeeperBin, compiled } from './paths.js';

const ContextSchema = z
  .object({ client_id: z.string().optional(), client_secret: z.string().optional() })
  .passthrough();

const serverUrl = process.argv[2];
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? '';
if (!serverUrl) {
  process.stderr.write('usage: bridgekeeper-client.js <server-url> (run by the MCP conformance suite)\n');
  process.exit(2);
}

const home = tempDir('bk-conformance-');
const opener = path.join(home, 'open-browser.sh');
fs.writeFileSync(
  opener,
  `#!/bin/sh\nexec "${process.execPath}" "${compiled('test/simulators/oauth-browser.js')}" "$1"\n`,
  { mode: 0o755 },
);
const env: Record<string, string> = {
  BRIDGEKEEPER_HOME: home,
  BRIDGEKEEPER_KEYCHAIN_SERVICE: `bridgekeeper-conformance-${crypto.randomUUID()}`,
  BRIDGEKEEPER_OPEN_BROWSER_CMD: opener,
};
const label = 'Conformance';

/** Runs a CLI step; a failure ends the client with the CLI's own words on stderr. */
async function step(args: string[], input?: string): Promise<void> {
  const result = await runNode([bridgekeeperBin, ...args], {
    env,
    ...(input !== undefined ? { input } : {}),
    timeoutMs: 25_000,
  });
  process.stderr.write(`$ bridgekeeper ${args.join(' ')} → ${result.code}\n${result.stdout}${result.stderr}`);
  if (result.code !== 0) throw new Error(`bridgekeeper ${args[0]} failed with exit code ${String(result.code)}`);
}

/** Arguments for a tool from its input schema: numbers 1, 2, …; strings "x"; booleans true. */
function sampleArguments(tool: Tool): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  let n = 0;
  for (const [name, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
    const type = (schema as { type?: string }).type;
    if (type === 'number' || type === 'integer') args[name] = ++n;
    else if (type === 'boolean') args[name] = true;
    else if (type === 'string') args[name] = 'x';
  }
  return args;
}

async function main(): Promise<number> {
  const addArgs = ['connections', 'add', 'remote-mcp', '--label', label, '--url', serverUrl!];
  const signIn = scenario.startsWith('auth/');
  let secret: string | undefined;
  if (signIn) {
    addArgs.push('--oauth');
    const raw = process.env.MCP_CONFORMANCE_CONTEXT;
    const context = raw ? ContextSchema.parse(JSON.parse(raw)) : undefined;
    if (context?.client_id) addArgs.push('--client-id', context.client_id);
    if (context?.client_secret) {
      addArgs.push('--client-secret-stdin');
      secret = context.client_secret;
    }
  } else {
    addArgs.push('--no-token', '--offline');
  }
  await step(addArgs, secret);
  if (signIn) await step(['login', label, '--timeout', '20']);

  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bridgekeeperBin, 'mcp'],
    env: { ...process.env, ...env } as Record<string, string>,
    stderr: 'inherit',
  });
  const client = new Client(
    { name: 'conformance-assistant', version: '1.0.0' },
    { capabilities: { elicitation: { form: { applyDefaults: true } } } },
  );
  client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: {} }));
  await client.connect(transport);
  let failures = 0;
  try {
    const { tools } = await client.listTools();
    const ours = tools.filter((t) => t.name.startsWith('mcp_') || t.name.includes('__'));
    process.stderr.write(`gateway tools: ${ours.map((t) => t.name).join(', ') || '(none)'}\n`);
    for (const tool of ours) {
      const result = await client.callTool({ name: tool.name, arguments: sampleArguments(tool) }, undefined, {
        timeout: 20_000,
      });
      process.stderr.write(`call ${tool.name} → ${JSON.stringify(result).slice(0, 600)}\n`);
      if (result.isError) failures++;
    }
  } finally {
    await client.close();
  }
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bridgekeeper-client: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
