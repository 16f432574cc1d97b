import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { distPath, runCli } from '../helpers/cli.js';
import { createWakeups } from '../helpers/wakeups.js';

// `npm run demo` as a child process (inside the test keyring), then the real CLI against the home it printed.
let demo: ChildProcess | undefined;
let output = '';
const wakeups = createWakeups();

function startDemo(env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<{ code: number | null }> {
  demo = spawn(process.execPath, [distPath('test/simulators/demo.js'), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (d: Buffer) => {
    output += d.toString();
    wakeups.wake();
  };
  demo.stdout!.on('data', collect);
  demo.stderr!.on('data', collect);
  return new Promise((resolve) => demo!.on('exit', (code) => resolve({ code })));
}

/** Resolves once the demo has printed `pattern` (checked on each write), or fails with what it printed. */
async function waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
  await wakeups.until(
    () => (pattern.test(output) ? true : undefined),
    timeoutMs,
    () => `demo did not print ${pattern} in time; output so far:\n${output}`,
  );
}

afterAll(() => {
  if (demo && demo.exitCode === null) demo.kill('SIGKILL');
});

describe('npm run demo', () => {
  it('prints the next steps, serves whoami --json for every service, and cleans up on Ctrl-C', async () => {
    const exited = startDemo({ BRIDGEKEEPER_KEYCHAIN_SERVICE: `bridgekeeper-demo-test-${process.pid}` });
    await waitFor(/Press Ctrl-C/);
    expect(output).toMatch(/npx bridgekeeper whoami/);
    expect(output).toMatch(/npx bridgekeeper mcp/);
    expect(output).toMatch(/"mcpServers"/);
    const home = /^Throwaway home: (.+)$/m.exec(output)![1]!;
    const overrides = /BRIDGEKEEPER_HOST_OVERRIDES='([^']+)'/.exec(output)![1]!;
    expect(Object.keys(JSON.parse(overrides) as object)).toEqual(
      expect.arrayContaining([
        'public-api.sessionboard.com',
        'business.sessions.website',
        'api.session.services',
        'app.imboard.ai',
      ]),
    );
    const env = {
      BRIDGEKEEPER_HOME: home,
      BRIDGEKEEPER_HOST_OVERRIDES: overrides,
      BRIDGEKEEPER_KEYCHAIN_SERVICE: `bridgekeeper-demo-test-${process.pid}`,
    };
    const who = await runCli(['whoami', '--json'], { env });
    expect(who.stderr).toBe('');
    expect(who.code).toBe(0);
    const services = (JSON.parse(who.stdout) as Array<{ service: string }>).map((w) => w.service);
    expect(new Set(services)).toEqual(new Set(['sessionboard', 'sessions-website', 'session-services', 'imboard']));
    demo!.kill('SIGINT');
    expect((await exited).code).toBe(0);
    expect(fs.existsSync(home)).toBe(false);
  }, 120_000);

  it('without a reachable keychain, runs with its own throwaway one, prints the tour and stops with --once', async () => {
    output = '';
    // No session bus at all, as on a server or over SSH (spawn leaves out variables set to undefined).
    const env = {
      BRIDGEKEEPER_KEYCHAIN_SERVICE: `bridgekeeper-demo-test-${process.pid}`,
      DBUS_SESSION_BUS_ADDRESS: undefined,
      BRIDGEKEEPER_TEST_KEYRING: undefined,
    };
    const { code } = await startDemo(env, ['--once']);
    expect(output).toMatch(/starts its own throwaway keychain \(for this demo only; real connections never use it\)/);
    expect(output).toMatch(/DBUS_SESSION_BUS_ADDRESS='unix:/);
    // The tour: whoami and the tool matrix through the CLI, then a read and a refused write through `bridgekeeper mcp`.
    expect(output).toMatch(/1\. Who is this token\?[\s\S]*Board access token \(one board, no user\)/);
    expect(output).toMatch(/2\. Which tools will work\?[\s\S]*create_meeting\s+write\s+✗ meetings:write/);
    expect(output).toMatch(/A read goes through:\s+sessionboard_\S+__list_events[\s\S]*"data"/);
    expect(output).toMatch(
      /refused before it leaves your computer \(not even listed; here called by name\):\s+imboard_\S+__create_meeting\n\s+\S+ was not run: .* lacks meetings:write/,
    );
    expect(output).not.toMatch(/The tour could not run|Failed to set fd limit/);
    expect(code).toBe(0);
    const home = /^Throwaway home: (.+)$/m.exec(output)![1]!;
    expect(fs.existsSync(home)).toBe(false);
  }, 120_000);

  it('says clearly that no keychain can be reached (not even its own) and exits 4', async () => {
    output = '';
    // A PATH with node and a shell but neither dbus-run-session nor gnome-keyring-daemon.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-demo-path-'));
    fs.symlinkSync('/bin/sh', path.join(bin, 'sh'));
    const { code } = await startDemo({
      PATH: bin,
      DBUS_SESSION_BUS_ADDRESS: undefined,
      BRIDGEKEEPER_TEST_KEYRING: undefined,
    });
    expect(code).toBe(4);
    expect(output).toMatch(/bridgekeeper demo: The system keychain is not available/);
    expect(output).toMatch(
      /dbus-run-session and gnome-keyring-daemon are not installed[\s\S]*bash scripts\/bootstrap\.sh/,
    );
  }, 60_000);
});
