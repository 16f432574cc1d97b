/**
 * End to end: the built CLI (`node bin/bridgekeeper.js`; run `npm run build` first, as `npm test` does) adds
 * Sessionboard connections against the US/EU simulator, validating live, with the real keychain (run inside
 * scripts/with-test-keyring.sh).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { type SessionboardSimulator, startSessionboardSimulator } from '../simulators/sessionboard.js';

let sim: SessionboardSimulator;

beforeAll(async () => {
  sim = await startSessionboardSimulator();
});
afterAll(async () => {
  await sim.close();
});

function env() {
  const home = tempDir('bk-sb-cli-');
  return { home, env: { BRIDGEKEEPER_HOME: home, BRIDGEKEEPER_HOST_OVERRIDES: JSON.stringify(sim.hostOverrides) } };
}

async function listJson(e: NodeJS.ProcessEnv): Promise<Array<Record<string, unknown>>> {
  const list = await runCli(['connections', 'list', '--json'], { env: e });
  expect(list.code, list.stderr).toBe(0);
  return JSON.parse(list.stdout) as Array<Record<string, unknown>>;
}

describe('bridgekeeper connections add sessionboard (CLI, simulator, real keychain)', () => {
  it('connects an EU token on the EU host via the real host names, storing server scopes and flags but never the token', async () => {
    const { home, env: e } = env();
    const added = await runCli(
      ['connections', 'add', 'sessionboard', '--label', 'Nordic', '--region', 'eu', '--token-stdin'],
      { env: e, input: `${sim.tokens.eu}\n` },
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain("Connected Sessionboard 'Nordic' as Nordic Summits");
    const [connection] = await listJson(e);
    expect(connection).toMatchObject({
      provider: 'sessionboard',
      region: 'eu',
      status: { state: 'ok' },
      metadata: { principalName: 'Nordic Summits', tokenKind: 'api_token', hidePii: false },
    });
    expect(connection!.metadata).not.toHaveProperty('mcpAccess'); // REST mode needs no MCP access, so none is claimed
    expect(connection!.serverScopes).toEqual(
      expect.arrayContaining(['read:insights', 'write:sessions', 'write:metadata', 'read:contacts']),
    );
    expect(
      sim.requests.some(
        (r) => r.region === 'eu' && r.path === '/v1/token' && r.headers['x-access-token'] === sim.tokens.eu,
      ),
    ).toBe(true);
    const stored = fs.readFileSync(path.join(home, 'connections.json'), 'utf8');
    for (const text of [stored, added.stdout, added.stderr]) expect(text).not.toContain(sim.tokens.eu);
  });

  it('records a legacy token as legacy', async () => {
    const { env: e } = env();
    const added = await runCli(
      ['connections', 'add', 'sessionboard', '--label', 'CRM', '--base-url', sim.url, '--token-stdin'],
      { env: e, input: sim.tokens.legacy },
    );
    expect(added.code, added.stderr).toBe(0);
    const [connection] = await listJson(e);
    expect(connection).toMatchObject({ metadata: { legacyToken: true, tokenKind: 'legacy_api_token' } });
  });

  it('refuses a US token on the EU region, naming the right region, and saves nothing', async () => {
    const { env: e } = env();
    const result = await runCli(
      ['connections', 'add', 'sessionboard', '--label', 'Acme', '--region', 'eu', '--token-stdin'],
      { env: e, input: sim.tokens.full },
    );
    expect(result.code).toBe(6);
    expect(result.stderr).toContain("This token belongs to Sessionboard's US region, but the connection uses EU");
    expect(result.stderr).toContain('Choose region US (--region us)');
    expect(result.stderr).not.toContain(sim.tokens.full);
    expect(await listJson(e)).toEqual([]);
  });

  it('refuses a revoked token, saying where to generate a new one', async () => {
    const { env: e } = env();
    const result = await runCli(['connections', 'add', 'sessionboard', '--label', 'Old', '--token-stdin'], {
      env: e,
      input: sim.tokens.revoked,
    });
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(/revoked.*Generate a new token in Sessionboard Organization Settings → API Tokens/);
    expect(await listJson(e)).toEqual([]);
  });

  it("refuses an I'mBoard token offered as a Sessionboard token before contacting anyone", async () => {
    const { env: e } = env();
    const before = sim.requests.length;
    const result = await runCli(['connections', 'add', 'sessionboard', '--label', 'Oops', '--token-stdin'], {
      env: e,
      input: 'imb_pat_abcdefghijklmnopqrstuvwx',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("I'mBoard personal access token");
    expect(sim.requests.length).toBe(before);
  });
});
