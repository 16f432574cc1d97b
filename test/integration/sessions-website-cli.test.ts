/**
 * End to end: the built CLI (`node bin/bridgekeeper.js`, run `npm run build` first) adds sessions.website
 * connections against the simulator, validating live, with the real keychain (run inside scripts/with-test-keyring.sh).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { startSessionsWebsiteSimulator, type SessionsWebsiteSimulator } from '../simulators/sessions-website.js';

let sim: SessionsWebsiteSimulator;

beforeAll(async () => {
  sim = await startSessionsWebsiteSimulator();
});
afterAll(async () => {
  await sim.close();
});

function env(overrides = false) {
  const home = tempDir('bk-sw-cli-');
  return {
    home,
    env: {
      BRIDGEKEEPER_HOME: home,
      ...(overrides ? { BRIDGEKEEPER_HOST_OVERRIDES: JSON.stringify(sim.hostOverrides) } : {}),
    },
  };
}

async function listJson(e: NodeJS.ProcessEnv): Promise<Array<Record<string, unknown>>> {
  const list = await runCli(['connections', 'list', '--json'], { env: e });
  expect(list.code, list.stderr).toBe(0);
  return JSON.parse(list.stdout) as Array<Record<string, unknown>>;
}

describe('bridgekeeper connections add sessions-website (CLI, simulator, real keychain)', { timeout: 120_000 }, () => {
  it('connects an sk_live key on its own handle via the real host name, storing server scopes but never the key', async () => {
    const { home, env: e } = env(true);
    const added = await runCli(
      ['connections', 'add', 'sessions-website', '--label', 'Acme Yoga', '--handle', 'acme-yoga', '--token-stdin'],
      { env: e, input: `${sim.tokens.acmeReadOnly}\n` },
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain("Connected sessions.website 'Acme Yoga' as Acme Yoga Studio");
    const [connection] = await listJson(e);
    expect(connection).toMatchObject({
      provider: 'sessions-website',
      status: { state: 'ok' },
      metadata: { handle: 'acme-yoga', principalName: 'Acme Yoga Studio' },
    });
    expect((connection!.serverScopes as string[]).sort()).toEqual([
      'participants:read',
      'products:read',
      'purchases:read',
      'registrations:read',
      'webhooks:read',
    ]);
    expect(
      sim.requests.some(
        (r) => r.path === '/@acme-yoga/api/graphql' && r.headers.authorization === `Bearer ${sim.tokens.acmeReadOnly}`,
      ),
    ).toBe(true);
    const stored = fs.readFileSync(path.join(home, 'connections.json'), 'utf8');
    for (const text of [stored, added.stdout, added.stderr]) expect(text).not.toContain(sim.tokens.acmeReadOnly);
  });

  it('refuses a key presented on another business handle, in plain words, and saves nothing', async () => {
    const { env: e } = env();
    const result = await runCli(
      [
        'connections',
        'add',
        'sessions-website',
        '--label',
        'Wrong studio',
        '--handle',
        'harbour-climbing',
        '--base-url',
        sim.url,
        '--token-stdin',
      ],
      { env: e, input: sim.tokens.acmeFull },
    );
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(/refused this key at @harbour-climbing: the key belongs to another business/);
    expect(result.stderr).not.toContain(sim.tokens.acmeFull);
    expect(await listJson(e)).toEqual([]);
  });

  it('refuses a revoked key, saying to create a new one in Settings → API keys', async () => {
    const { env: e } = env();
    const result = await runCli(
      [
        'connections',
        'add',
        'sessions-website',
        '--label',
        'Old',
        '--handle',
        'acme-yoga',
        '--base-url',
        sim.url,
        '--token-stdin',
      ],
      { env: e, input: sim.tokens.acmeRevoked },
    );
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(/revoked.*Settings → API keys/);
    expect(await listJson(e)).toEqual([]);
  });

  it("refuses an I'mBoard token offered as a sessions.website key before contacting anything", async () => {
    const { env: e } = env();
    const before = sim.requests.length;
    const result = await runCli(
      [
        'connections',
        'add',
        'sessions-website',
        '--label',
        'Mixup',
        '--handle',
        'acme-yoga',
        '--base-url',
        sim.url,
        '--token-stdin',
      ],
      { env: e, input: 'imb_bat_0123456789abcdefghij' },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/I'mBoard board access token/);
    expect(sim.requests.length).toBe(before);
  });

  it('asks for --handle when it is missing, and saves nothing', async () => {
    const { env: e } = env();
    const result = await runCli(
      ['connections', 'add', 'sessions-website', '--label', 'No handle', '--base-url', sim.url, '--token-stdin'],
      { env: e, input: sim.tokens.acmeFull },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no business handle.*--handle <handle>/);
    expect(await listJson(e)).toEqual([]);
  });
});
