/**
 * End to end: the built CLI edits a Sessionboard connection in place against the simulator, with the real keychain
 * (run inside scripts/with-test-keyring.sh; `npm run build` first): a new token is checked live before it replaces
 * the old one, status is refreshed after a failed check, rules and id are kept, arguments are checked before
 * the token is read; refusals learned before are forgotten by a new token and on `--forget-refusals`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/connections/model.js';
import { ConnectionStore } from '../../shared/connections/store.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { type SessionboardSimulator, startSessionboardSimulator } from '../simulators/sessionboard.js';

let sim: SessionboardSimulator;
const home = tempDir('bk-update-cli-');
let e: NodeJS.ProcessEnv;

beforeAll(async () => {
  sim = await startSessionboardSimulator();
  e = { BRIDGEKEEPER_HOME: home, BRIDGEKEEPER_HOST_OVERRIDES: JSON.stringify(sim.hostOverrides) };
});
afterAll(async () => {
  await sim.close();
});

async function only(): Promise<Connection> {
  const list = await runCli(['connections', 'list', '--json'], { env: e });
  expect(list.code, list.stderr).toBe(0);
  const connections = JSON.parse(list.stdout) as Connection[];
  expect(connections).toHaveLength(1);
  return connections[0]!;
}

/** Which simulator token the stored secret is: the one the last live whoami sent. */
async function tokenInUse(ref: string): Promise<string | undefined> {
  const before = sim.requests.length;
  const whoami = await runCli(['whoami', ref], { env: e });
  expect(whoami.code, whoami.stderr).toBe(0);
  return sim.requests
    .slice(before)
    .map((r) => r.headers['x-access-token'] as string | undefined)
    .find(Boolean);
}

describe('bridgekeeper connections update (CLI, simulator, real keychain)', { timeout: 120_000 }, () => {
  it('keeps the old token when the new one fails the live check, and replaces it when it passes (pasted "Bearer " accepted)', async () => {
    const added = await runCli(['connections', 'add', 'sessionboard', '--label', 'Acme', '--token-stdin'], {
      env: e,
      input: sim.tokens.readOnly,
    });
    expect(added.code, added.stderr).toBe(0);
    const policy = await runCli(['tools', 'Acme', '--read-only', 'on'], { env: e });
    expect(policy.code, policy.stderr).toBe(0);
    const before = await only();

    const refused = await runCli(['connections', 'update', 'Acme', '--token-stdin'], {
      env: e,
      input: sim.tokens.revoked,
    });
    expect(refused.code).toBe(6);
    expect(refused.stderr).toMatch(/revoked/i);
    expect(refused.stderr).not.toContain(sim.tokens.revoked);
    expect(await tokenInUse('Acme')).toBe(sim.tokens.readOnly);
    expect((await only()).metadata.maskedToken).toBe(before.metadata.maskedToken);

    const replaced = await runCli(['connections', 'update', 'Acme', '--token-stdin'], {
      env: e,
      input: `  Bearer ${sim.tokens.full}\n`,
    });
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stdout).toContain("Updated 'Acme' (token); rules and id kept. Checked live");
    const after = await only();
    expect(after.id).toBe(before.id);
    expect(after.policies).toEqual(before.policies);
    expect(after.policies.readOnly).toBe(true);
    expect(after.metadata.maskedToken).not.toBe(before.metadata.maskedToken);
    expect(after.status.state).toBe('ok');
    expect(await tokenInUse('Acme')).toBe(sim.tokens.full);
  });

  it('refreshes the status after a failed check: a revoked stored token no longer reads "ok"', async () => {
    sim.revoke('full');
    const refused = await runCli(['connections', 'update', 'Acme', '--token-stdin'], {
      env: e,
      input: sim.tokens.revoked,
    });
    expect(refused.code).toBe(6);
    expect((await only()).status.state).toBe('revoked');
    const replaced = await runCli(['connections', 'update', 'Acme', '--token-stdin'], {
      env: e,
      input: sim.tokens.sessionWriter,
    });
    expect(replaced.code, replaced.stderr).toBe(0);
    expect((await only()).status.state).toBe('ok');
  });

  it('renames without a check, and refuses a region the token does not belong to, naming the right one', async () => {
    const renamed = await runCli(['connections', 'update', 'Acme', '--label', 'Acme US'], { env: e });
    expect(renamed.code, renamed.stderr).toBe(0);
    expect((await only()).label).toBe('Acme US');
    const moved = await runCli(['connections', 'update', 'Acme US', '--region', 'eu'], { env: e });
    expect(moved.code).toBe(6);
    expect(moved.stderr).toMatch(/--region us/);
    expect((await only()).region ?? 'us').toBe('us');
  });

  it('checks every argument before reading the token', async () => {
    const wrongFlag = await runCli(
      ['connections', 'update', 'Acme US', '--handle', 'https://business.sessions.website/@acme', '--token-stdin'],
      { env: e, input: sim.tokens.full },
    );
    expect(wrongFlag.code).toBe(2);
    expect(wrongFlag.stderr).toContain('--handle does not apply to Sessionboard connections');
    const badRegion = await runCli(['connections', 'update', 'Acme US', '--region', 'mars', '--token'], { env: e });
    expect(badRegion.code).toBe(2);
    expect(badRegion.stderr).toContain('Invalid --region');
    expect(badRegion.stderr).not.toContain('input hidden');
    const missing = await runCli(['connections', 'update', 'Nope', '--token'], { env: e });
    expect(missing.code).toBe(3);
    expect(missing.stderr).not.toContain('input hidden');
  });

  it('connections add checks the name, the handle, the tenant and the URL before asking for the token', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['sessionboard', '--label', 'acme us'], /already exists/],
      [['sessions-website', '--label', 'Shop'], /needs the business handle/],
      [['session-services', '--label', 'Tickets'], /needs the tenant id/],
      [['remote-mcp', '--label', 'Tools'], /needs the server URL/],
      [['imboard', '--label', 'Board', '--region', 'eu'], /has no regions/],
    ];
    for (const [args, expected] of cases) {
      const result = await runCli(['connections', 'add', ...args], { env: e });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(expected);
      expect(result.stderr).not.toContain('No token was given');
    }
  });

  it('--forget-refusals lets tools refused before reach the service again, with no check and no confirmation', async () => {
    // What a gateway writes when Sessionboard refuses a call (Sessionboard reports no scopes, so nothing else clears it).
    const store = new ConnectionStore({ home });
    const learn = (tool: string, scope: string) =>
      store.update(store.get('Acme US').id, (c) => ({
        learnedGaps: [...c.learnedGaps, { scope, tool, at: new Date().toISOString() }],
      }));
    await learn('list_reports', 'read:reports');
    await learn('get_insights', 'read:insights');
    const requests = sim.requests.length;
    // No terminal here (stdin is a pipe): forgetting a refusal is not a rule, so it needs no confirmation.
    const forgot = await runCli(['connections', 'update', 'Acme US', '--forget-refusals'], { env: e, input: '' });
    expect(forgot.code, forgot.stderr).toBe(0);
    expect(forgot.stdout).toBe(
      "Forgot 2 earlier refusals (read:reports for list_reports, read:insights for get_insights): assistants can try those tools again, and the service's answer decides.\n",
    );
    expect((await only()).learnedGaps).toEqual([]);
    expect(sim.requests.length, 'nothing is sent: the token and place are unchanged').toBe(requests);

    const none = await runCli(['connections', 'update', 'Acme US', '--forget-refusals'], { env: e });
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toContain("'Acme US' has no refusals to forget");

    await learn('list_reports', 'read:reports');
    const renamed = await runCli(['connections', 'update', 'Acme US', '--label', 'Acme'], { env: e });
    expect(renamed.stdout).not.toContain('Forgot');
    expect((await only()).learnedGaps, 'a rename keeps them').toHaveLength(1);
    const replaced = await runCli(['connections', 'update', 'Acme', '--token-stdin', '--json'], {
      env: e,
      input: sim.tokens.readOnly,
    });
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(JSON.parse(replaced.stdout)).toMatchObject({
      changed: ['token'],
      forgottenRefusals: [{ scope: 'read:reports', tool: 'list_reports' }],
    });
    expect((await only()).learnedGaps, 'a new token forgets what the old one was refused').toEqual([]);
  });
});
