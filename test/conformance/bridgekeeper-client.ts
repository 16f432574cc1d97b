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
 * Exit code 0 when every step worked (or failed the way the scenario expects, see EXPECTED_OUTCOMES); the suite's
 * checks decide the rest. An `auth/*` scenario that ends with no tool of the server fails here unless it is listed
 * in EXPECTED_OUTCOMES with its reason: a sign-in that leads to nothing usable is not a pass. The verdict is also
 * written to BRIDGEKEEPER_CONFORMANCE_VERDICT (set by conformance-suite.ts), because the suite ignores the exit
 * code of scenarios that allow a client error (`allowClientError`).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { type CallToolResult, ElicitRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
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

/** What the assistant saw: the tools Bridgekeeper listed for the server, and each call's result. */
interface Observed {
  /** Tools of the connection (stand-in entries such as `sign_in_for_tools` included). */
  tools: string[];
  calls: Array<{ tool: string; result: CallToolResult }>;
}

const textOf = (result: CallToolResult) => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');

/**
 * Scenarios whose right outcome is not "every tool of the server works", each with the reason and a check of what
 * Bridgekeeper must do instead (returns the problem, or undefined when it behaved as expected).
 */
const EXPECTED_OUTCOMES: Record<
  string,
  { reason: string; loginRefused?: RegExp; check?(observed: Observed): string | undefined }
> = {
  'auth/scope-retry-limit': {
    reason:
      'The server refuses every request after initialize with insufficient_scope for mcp:admin, a scope the sign-in ' +
      'already holds, so no tool can ever be listed. Bridgekeeper must not loop: it lists the sign_in_for_tools ' +
      'stand-in, and calling it answers with a clear error naming the scope and the login command, opening no ' +
      'further sign-in (the suite counts the authorization requests).',
    check: ({ tools, calls }) => {
      if (tools.length !== 1 || !tools[0]!.endsWith('__sign_in_for_tools'))
        return `expected only the sign_in_for_tools stand-in, got: ${tools.join(', ') || '(none)'}`;
      const text = calls[0] ? textOf(calls[0].result) : '';
      if (
        !calls[0]?.result.isError ||
        !/still refuses/.test(text) ||
        !/mcp:admin/.test(text) ||
        !/bridgekeeper login/.test(text)
      )
        return `the stand-in's answer does not name the refused scope and the login command: ${text || '(no call)'}`;
      return undefined;
    },
  },
  'auth/resource-mismatch': {
    reason:
      "The protected-resource metadata names another resource than the server's URL: `bridgekeeper login` must " +
      'refuse to sign in (RFC 8707/9728), so there is no connection to use.',
    loginRefused: /resource|does not match|mismatch/i,
  },
};

/** Runs a CLI step; a failure ends the client with the CLI's own words on stderr (or is returned, `mayFail`). */
async function step(args: string[], input?: string, mayFail = false): Promise<{ ok: boolean; output: string }> {
  const result = await runNode([bridgekeeperBin, ...args], {
    env,
    ...(input !== undefined ? { input } : {}),
    timeoutMs: 25_000,
  });
  process.stderr.write(`$ bridgekeeper ${args.join(' ')} → ${result.code}\n${result.stdout}${result.stderr}`);
  if (result.code !== 0 && !mayFail)
    throw new Error(`bridgekeeper ${args[0]} failed with exit code ${String(result.code)}`);
  return { ok: result.code === 0, output: `${result.stdout}${result.stderr}` };
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

/** Runs the scenario as a person and an assistant would; resolves with the problem, or undefined when all is well. */
async function main(): Promise<string | undefined> {
  const expected = EXPECTED_OUTCOMES[scenario];
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
  if (signIn) {
    const login = await step(['login', label, '--timeout', '20'], undefined, expected?.loginRefused !== undefined);
    if (expected?.loginRefused) {
      if (login.ok) return 'login succeeded, but this scenario expects it to be refused';
      return expected.loginRefused.test(login.output)
        ? undefined
        : `login was refused for another reason than expected: ${login.output.slice(-400)}`;
    }
  }

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
  const observed: Observed = { tools: [], calls: [] };
  try {
    const { tools } = await client.listTools();
    const ours = tools.filter((t) => t.name.startsWith('mcp_') || t.name.includes('__'));
    observed.tools = ours.map((t) => t.name);
    process.stderr.write(`gateway tools: ${observed.tools.join(', ') || '(none)'}\n`);
    for (const tool of ours) {
      const result = (await client.callTool({ name: tool.name, arguments: sampleArguments(tool) }, undefined, {
        timeout: 20_000,
      })) as CallToolResult;
      process.stderr.write(`call ${tool.name} → ${JSON.stringify(result).slice(0, 600)}\n`);
      observed.calls.push({ tool: tool.name, result });
    }
  } finally {
    await client.close();
  }
  if (expected?.check) return expected.check(observed);
  const failed = observed.calls.filter((c) => c.result.isError).map((c) => c.tool);
  if (failed.length > 0) return `tool calls answered with an error: ${failed.join(', ')}`;
  const real = observed.tools.filter((name) => !/__(sign_in_for_tools|tools_unavailable)$/.test(name));
  if (signIn && real.length === 0)
    return 'signed in, but the gateway offers no tool of the server (list EXPECTED_OUTCOMES in bridgekeeper-client.ts if that is right)';
  return undefined;
}

/** Records the verdict for conformance-suite.ts and exits (0: as expected). */
function finish(problem: string | undefined): never {
  const file = process.env.BRIDGEKEEPER_CONFORMANCE_VERDICT;
  if (file)
    fs.writeFileSync(file, JSON.stringify({ scenario, ok: problem === undefined, ...(problem ? { problem } : {}) }));
  if (problem) process.stderr.write(`bridgekeeper-client: ${problem}\n`);
  process.exit(problem === undefined ? 0 : 1);
}

main().then(finish, (error: unknown) => finish(error instanceof Error ? error.message : String(error)));
