import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { startImboardSimulator, type ImboardSimulator } from '../simulators/imboard.js';
import { startSessionServicesSimulator, type SessionServicesSimulator } from '../simulators/session-services.js';

// The built CLI (`npm run build`) against the simulators under their real host names, with the real keychain.
let ss: SessionServicesSimulator;
let imb: ImboardSimulator;
let home: string;
let env: NodeJS.ProcessEnv;
const secrets = () => [
  ss.tokens.eventManager,
  ss.tokens.full,
  imb.tokens.patRead,
  imb.tokens.batRead,
  imb.tokens.patFull,
];
function expectNoSecrets(text: string): void {
  for (const s of secrets()) expect(text).not.toContain(s);
}

beforeAll(async () => {
  [ss, imb] = await Promise.all([startSessionServicesSimulator(), startImboardSimulator()]);
  home = tempDir('bk-whoami-cli-');
  env = {
    BRIDGEKEEPER_HOME: home,
    BRIDGEKEEPER_HOST_OVERRIDES: JSON.stringify({ ...ss.hostOverrides, ...imb.hostOverrides }),
    BRIDGEKEEPER_KEYCHAIN_SERVICE: `bridgekeeper-test-${process.pid}`,
  };
});
afterAll(async () => {
  const list = await runCli(['connections', 'list', '--json'], { env });
  for (const c of JSON.parse(list.stdout || '[]') as Array<{ id: string }>)
    await runCli(['connections', 'remove', c.id], { env });
  await Promise.all([ss.close(), imb.close()]);
  fs.rmSync(home, { recursive: true, force: true });
});

describe("bridgekeeper connections add + whoami (Session Services and I'mBoard)", { timeout: 120_000 }, () => {
  it('adds tenant-only, JWT, board-token and personal-token connections, validated live', async () => {
    const adds = await Promise.all([
      runCli(
        [
          'connections',
          'add',
          'session-services',
          '--label',
          'Harbour public',
          '--tenant',
          ss.tokens.tenantId,
          '--no-token',
        ],
        { env },
      ),
    ]);
    adds.push(
      await runCli(
        [
          'connections',
          'add',
          'session-services',
          '--label',
          'Harbour admin',
          '--tenant',
          ss.tokens.tenantId,
          '--token-stdin',
          '--scopes',
          'MARKETING',
        ],
        { env, input: `${ss.tokens.eventManager}\n` },
      ),
    );
    adds.push(
      await runCli(['connections', 'add', 'imboard', '--label', 'Acme bot', '--token-stdin'], {
        env,
        input: imb.tokens.batRead,
      }),
    );
    adds.push(
      await runCli(['connections', 'add', 'imboard', '--label', 'Dana', '--token-stdin'], {
        env,
        input: imb.tokens.patFull,
      }),
    );
    for (const r of adds) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expectNoSecrets(r.stdout);
    }
    expect(adds.map((r) => r.stdout).join('')).toMatch(
      /as Harbourlight Live[\s\S]*as Maya Chen[\s\S]*as Acme Inc\.[\s\S]*as dana\.whitfield@acme\.example/,
    );
  });

  it('refuses a token from another service before saving anything, naming what it looks like', async () => {
    const r = await runCli(
      ['connections', 'add', 'session-services', '--label', 'Wrong', '--tenant', ss.tokens.tenantId, '--token-stdin'],
      { env, input: imb.tokens.patRead },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/looks like an I'mBoard token/);
    expectNoSecrets(r.stderr);
  });

  it('whoami prints a readable block per connection with scopes, provenance, expiry and notes', async () => {
    const r = await runCli(['whoami'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Harbour public \(c_\w+\): Session Services\n\s+Host\s+api\.session\.services/);
    expect(r.stdout).toMatch(/Flags\s+tenant only/);
    expect(r.stdout).toMatch(/ORDER\s+server\s+View and manage orders and refunds/);
    expect(r.stdout).toMatch(/MARKETING\s+declared/);
    expect(r.stdout).toMatch(/Acts as\s+board Acme Inc\. \(665f0acme001\)/);
    expect(r.stdout).toMatch(/Flags\s+pinned to one board/);
    expect(r.stdout).toMatch(/Expires\s+\S+ \(in (2|3) months\)/);
    expect(r.stdout).toMatch(/unverified/);
    expectNoSecrets(r.stdout);
  });

  it('whoami --json prints the Whoami objects; with a connection, just that one', async () => {
    const all = await runCli(['whoami', '--json'], { env });
    expect(all.code).toBe(0);
    const parsed = JSON.parse(all.stdout) as Array<{ service: string; tokenKind: string; principal: { type: string } }>;
    expect(parsed.map((w) => `${w.service}:${w.tokenKind}:${w.principal.type}`)).toEqual([
      'session-services:tenant:tenant',
      'session-services:jwt:user',
      'imboard:board_token:board',
      'imboard:pat:user',
    ]);
    const one = await runCli(['whoami', 'Acme bot', '--json'], { env });
    expect(JSON.parse(one.stdout)).toMatchObject({
      service: 'imboard',
      flags: { boardPinned: true },
      maskedToken: expect.stringMatching(/^imb_bat_…/),
    });
  });

  it('a revoked token makes whoami exit 6 with plain words, and the store shows it', async () => {
    imb.revoke(imb.tokens.patFull);
    const r = await runCli(['whoami'], { env });
    expect(r.code).toBe(6);
    expect(r.stdout).toMatch(
      /Dana \(c_\w+\): I'mBoard says this token was revoked.*Create a new token in Account > API Access/,
    );
    expect(r.stdout).toMatch(/Acme bot \(c_\w+\): I'mBoard/);
    const single = await runCli(['whoami', 'Dana'], { env });
    expect([single.code, single.stderr]).toEqual([
      6,
      expect.stringMatching(/^bridgekeeper: I'mBoard says this token was revoked/),
    ]);
    const list = JSON.parse((await runCli(['connections', 'list', '--json'], { env })).stdout) as Array<{
      label: string;
      status: { state: string };
    }>;
    expect(list.find((c) => c.label === 'Dana')?.status.state).toBe('revoked');
  });

  it('an unknown connection exits 3', async () => {
    const r = await runCli(['whoami', 'nope'], { env });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/No connection has the id or label 'nope'/);
  });

  it('without a keychain, whoami exits 4 and marks the connection keychain_locked', async () => {
    const noBus = { ...env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };
    const r = await runCli(['whoami', 'Acme bot'], { env: noBus });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/keychain is not available/);
    const listed = await runCli(['connections', 'list', '--json'], { env });
    expect(listed.stderr).toBe('');
    const list = JSON.parse(listed.stdout) as Array<{ label: string; status: { state: string } }>;
    expect(list.find((c) => c.label === 'Acme bot')?.status.state).toBe('keychain_locked');
  });

  it('inspect reads a token from stdin and never prints it', async () => {
    const r = await runCli(['inspect'], { env, input: ss.tokens.eventManager });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Kind\s+JSON Web Token/);
    expect(r.stdout).toMatch(/UNVERIFIED/);
    expect(r.stdout).toMatch(/scopes\s+EVENT ORDER/);
    expectNoSecrets(r.stdout);
    const json = await runCli(['inspect', '--json'], { env, input: imb.tokens.batRead });
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'imboard_bat', guessedService: 'imboard' });
    const empty = await runCli(['inspect'], { env, input: '' });
    expect(empty.code).toBe(2);
  });
});
