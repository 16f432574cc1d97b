import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

// `bridgekeeper install claude-code` goes Claude Code's documented way. No real Claude Code here: the real config
// file outcome (nothing hand-written into ~/.claude.json) is checked without any `claude`, and a fake `claude` on PATH
// that only records its argv shows the exact command the CLI runs.
describe('bridgekeeper install / uninstall claude-code', () => {
  it('without claude prints the command and writes nothing; with claude on PATH runs claude mcp add / remove', async () => {
    const installHome = tempDir('bk-cc-home-');
    const bkHome = tempDir('bk-cc-bk-');
    const emptyBin = tempDir('bk-cc-nobin-');
    const env = {
      BRIDGEKEEPER_INSTALL_HOME: installHome,
      BRIDGEKEEPER_HOME: bkHome,
      PATH: `${emptyBin}${path.delimiter}${path.dirname(process.execPath)}`,
    };
    const without = await runCli(['install', 'claude-code'], { env });
    expect(without.code, without.stderr).toBe(0);
    expect(without.stdout).toContain("Claude Code's command line (claude) was not found");
    expect(without.stdout).toMatch(
      new RegExp(
        `claude mcp add --transport stdio --scope user bridgekeeper --env BRIDGEKEEPER_HOME=${bkHome} -- \\S+ --max-semi-space-size=4 \\S+bridgekeeper\\.js mcp`,
      ),
    );
    expect(fs.readdirSync(installHome)).toEqual([]);

    const bin = tempDir('bk-cc-bin-');
    const calls = path.join(bin, 'calls.jsonl');
    fs.writeFileSync(
      path.join(bin, 'claude'),
      `#!${process.execPath}\nrequire('node:fs').appendFileSync(${JSON.stringify(calls)}, JSON.stringify({ argv: process.argv.slice(2), home: process.env.HOME }) + '\\n');\n`,
      { mode: 0o755 },
    );
    const withClaude = { ...env, PATH: `${bin}${path.delimiter}${env.PATH}` };
    const added = await runCli(['install', 'claude-code'], { env: withClaude });
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('Added Bridgekeeper to Claude Code with: claude mcp add');
    const [call] = fs
      .readFileSync(calls, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { argv: string[]; home: string });
    expect(call!.home).toBe(installHome);
    expect(call!.argv.slice(0, 10)).toEqual([
      'mcp',
      'add',
      '--transport',
      'stdio',
      '--scope',
      'user',
      'bridgekeeper',
      '--env',
      `BRIDGEKEEPER_HOME=${bkHome}`,
      '--',
    ]);
    expect(call!.argv.slice(-3)).toEqual(['mcp', '--assistant', 'claude-code']);
    expect(fs.readdirSync(installHome)).toEqual([]); // the CLI ran claude; it wrote no config itself

    // An entry as Claude Code writes it: uninstall runs `claude mcp remove --scope user`.
    fs.writeFileSync(
      path.join(installHome, '.claude.json'),
      JSON.stringify({ mcpServers: { bridgekeeper: { type: 'stdio', command: 'x', args: [] } } }),
    );
    const removed = await runCli(['uninstall', 'claude-code'], { env: withClaude });
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain(
      'Removed Bridgekeeper from Claude Code with: claude mcp remove --scope user bridgekeeper',
    );
    const argvs = fs
      .readFileSync(calls, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { argv: string[] }).argv);
    expect(argvs.at(-1)).toEqual(['mcp', 'remove', '--scope', 'user', 'bridgekeeper']);

    // --file keeps the direct edit for those who want it.
    const filed = await runCli(['uninstall', 'claude-code', '--file'], { env });
    expect(filed.code, filed.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(installHome, '.claude.json'), 'utf8'))).toEqual({ mcpServers: {} });
  });
});
