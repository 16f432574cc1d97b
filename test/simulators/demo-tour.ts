/**
 * The demo's short tour: what a person would run next, run once for them with its real output. whoami and the
 * tool × scope matrix through the real CLI, then `bridgekeeper mcp` driven by the MCP SDK's own client: the tool
 * list, one read that goes through, and one write the token is not allowed to make, refused with its reason.
 */
import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** Which demo connections the tour shows. */
export interface TourTargets {
  /** A connection whose read tool `list_events` goes through. */
  readLabel: string;
  /** A read-only connection whose write tool `create_meeting` is refused for a missing scope. */
  refusedLabel: string;
}

function runCli(binPath: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [binPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', () => resolve(out.trimEnd()));
  });
}

function indent(text: string, max = 2_400): string {
  const clipped = text.length > max ? `${text.slice(0, max)}\n…` : text;
  return clipped.replace(/^/gm, '    ');
}

function resultText(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');
}

/** Runs the tour against the demo's home and returns what to print. */
export async function runTour(binPath: string, env: NodeJS.ProcessEnv, targets: TourTargets): Promise<string> {
  const lines: string[] = ['', '── Tour ──', ''];
  lines.push(
    `1. Who is this token?  $ bridgekeeper whoami "${targets.refusedLabel}"`,
    indent(await runCli(binPath, ['whoami', targets.refusedLabel], env)),
    '',
  );
  lines.push(
    `2. Which tools will work?  $ bridgekeeper tools "${targets.refusedLabel}"`,
    indent(await runCli(binPath, ['tools', targets.refusedLabel], env)),
    '',
  );
  const client = new Client({ name: 'bridgekeeper-demo-tour', version: '1.0.0' });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [binPath, 'mcp'],
    env: env as Record<string, string>,
    stderr: 'ignore',
  });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    const find = (label: string, tool: string) => {
      const description = `account '${label}'`;
      return tools.find((t) => t.name.endsWith(`__${tool}`) && (t.description ?? '').includes(description))?.name;
    };
    lines.push(
      `3. An assistant connects to \`bridgekeeper mcp\` (the MCP SDK's client here) and sees ${tools.length} tools.`,
    );
    const read = find(targets.readLabel, 'list_events');
    if (read) {
      const result = (await client.callTool({ name: read, arguments: {} })) as CallToolResult;
      lines.push(`   A read goes through:  ${read}`, indent(resultText(result), 600));
    }
    // A write the token certainly cannot make is not even listed; an assistant that calls it by name anyway is refused.
    const sibling = find(targets.refusedLabel, 'list_meetings');
    const write =
      find(targets.refusedLabel, 'create_meeting') ??
      (sibling ? sibling.replace(/__list_meetings$/, '__create_meeting') : undefined);
    if (write) {
      const result = (await client.callTool({
        name: write,
        arguments: { title: 'Demo', startsAt: '2030-01-01T10:00:00Z' },
      })) as CallToolResult;
      lines.push(
        `   A write the token may not make is refused before it leaves your computer${result.isError ? '' : ' (unexpectedly, it was allowed)'} (not even listed; here called by name):  ${write}`,
        indent(resultText(result), 600),
      );
    }
  } finally {
    await client.close();
  }
  return lines.join('\n');
}
