import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { distPath, runCli } from '../helpers/cli.js';

// `npm run demo` as a child process (inside the test keyring), then the real CLI against the home it printed.
let demo: ChildProcess | undefined;
let output = '';

function startDemo(env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null }> {
  demo = spawn(process.execPath, [distPath('test/simulators/demo.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  demo.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  demo.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => demo!.on('exit', (code) => resolve({ code })));
}

async function waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(output)) {
    if (Date.now() > deadline) throw new Error(`demo did not print ${pattern} in time; output so far:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
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
    expect(Object.keys(JSON.parse(overrides) as object)).toEqual(expect.arrayContaining(['public-api.sessionboard.com', 'business.sessions.website', 'api.session.services', 'app.imboard.ai']));
    const env = { BRIDGEKEEPER_HOME: home, BRIDGEKEEPER_HOST_OVERRIDES: overrides, BRIDGEKEEPER_KEYCHAIN_SERVICE: `bridgekeeper-demo-test-${process.pid}` };
    const who = await runCli(['whoami', '--json'], { env });
    expect(who.stderr).toBe('');
    expect(who.code).toBe(0);
    const services = (JSON.parse(who.stdout) as Array<{ service: string }>).map((w) => w.service);
    expect(new Set(services)).toEqual(new Set(['sessionboard', 'sessions-website', 'session-services', 'imboard']));
    demo!.kill('SIGINT');
    expect((await exited).code).toBe(0);
    expect(fs.existsSync(home)).toBe(false);
  }, 120_000);

  it('says clearly that the keychain is unavailable and exits non-zero', async () => {
    output = '';
    const { code } = await startDemo({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' });
    expect(code).toBe(4);
    expect(output).toMatch(/bridgekeeper demo: The system keychain is not available/);
  }, 60_000);
});
