/**
 * Issues 13 and 16: scopes a service refused before ("learned gaps") were about one token at one place. Against the
 * Sessionboard simulator (documented profile: it reports no scopes, so nothing else ever clears a lesson),
 * `updateConnection` forgets them on any change but a rename, says which ones it forgot, and forgets them on request
 * (`forgetRefusals`) without any other change and without asking the service.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../shared/connections/core.js';
import { MemorySecretStore } from '../../shared/secrets/memory-secret-store.js';
import { secretAccount } from '../../shared/secrets/secret-store.js';
import { updateConnection } from '../../shared/use-cases/update-connection.js';
import { liveValidator } from '../../shared/use-cases/live-validator.js';
import { startSessionboardSimulator, type SessionboardSimulator } from '../simulators/sessionboard.js';

let sim: SessionboardSimulator;
const previousOverrides = process.env.BRIDGEKEEPER_HOST_OVERRIDES;
const homes: string[] = [];

beforeAll(async () => {
  sim = await startSessionboardSimulator({ profile: 'documented' });
  process.env.BRIDGEKEEPER_HOST_OVERRIDES = JSON.stringify(sim.hostOverrides);
});
afterAll(async () => {
  if (previousOverrides === undefined) delete process.env.BRIDGEKEEPER_HOST_OVERRIDES;
  else process.env.BRIDGEKEEPER_HOST_OVERRIDES = previousOverrides;
  await sim?.close();
});
afterEach(() => {
  for (const home of homes.splice(0)) fs.rmSync(home, { recursive: true, force: true });
});

const GAPS = [
  { scope: 'read:reports', tool: 'list_reports', at: '2026-11-01T10:00:00.000Z' },
  { scope: 'write:sessions', tool: 'manage_sessions', at: '2026-11-01T10:05:00.000Z' },
];

/** A saved Sessionboard token connection (readOnly token in the keychain) that learned two refusals. */
async function learnedConnection(): Promise<{ core: Core; id: string }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-update-gaps-'));
  homes.push(home);
  const core = createCore({ home, secrets: new MemorySecretStore() });
  const saved = await core.store.add({
    label: 'Acme',
    provider: 'sessionboard',
    region: 'us',
    authKind: 'token',
    policies: { readOnly: false, disabledTools: ['list_events'], confirmWrites: false, redactPii: true },
  });
  await core.store.update(saved.id, () => ({ learnedGaps: GAPS }));
  await core.secrets.set(secretAccount(saved.id), sim.tokens.readOnly);
  return { core, id: saved.id };
}

const forgotten = GAPS.map(({ scope, tool }) => ({ scope, tool }));

describe('updateConnection and learned refusals', () => {
  it('a new token, checked live, forgets every refusal learned with the old one and says which', async () => {
    const { core, id } = await learnedConnection();
    const result = await updateConnection(core, id, { secret: sim.tokens.full }, liveValidator(core));
    expect(result.checked).toBe(true);
    expect(result.changed).toEqual(['token']);
    expect(result.forgottenRefusals).toEqual(forgotten);
    expect(core.store.get(id).learnedGaps).toEqual([]);
    expect(core.store.get(id).policies.disabledTools, 'rules are kept').toEqual(['list_events']);
  });

  it('a new token also drops the scopes the service reported for the old one when it reports none for the new one', async () => {
    const { core, id } = await learnedConnection();
    await core.store.update(id, () => ({ serverScopes: ['read:events', 'write:sessions'], expectedScopes: ['x'] }));
    await updateConnection(core, id, { secret: sim.tokens.full }, liveValidator(core));
    expect(core.store.get(id).serverScopes, 'the documented surface reports no scopes').toBeUndefined();
    await core.store.update(id, () => ({ serverScopes: ['read:events'] }));
    await updateConnection(core, id, { region: 'eu' });
    expect(core.store.get(id).serverScopes, 'saved unchecked: nothing is known about the new place').toBeUndefined();
    await core.store.update(id, () => ({ serverScopes: ['read:events'] }));
    await updateConnection(core, id, { label: 'Acme renamed' });
    expect(core.store.get(id).serverScopes, 'a rename keeps them').toEqual(['read:events']);
  });

  it('a token that fails the live check changes nothing: the refusals stay with the token still in use', async () => {
    const { core, id } = await learnedConnection();
    await expect(updateConnection(core, id, { secret: sim.tokens.revoked }, liveValidator(core))).rejects.toThrow(
      /revoked/i,
    );
    expect(core.store.get(id).learnedGaps).toEqual(GAPS);
  });

  it('a new region forgets them too (saved without a check here: lessons about the old place still do not hold)', async () => {
    const { core, id } = await learnedConnection();
    const result = await updateConnection(core, id, { region: 'eu' });
    expect(result.changed).toEqual(['region']);
    expect(result.forgottenRefusals).toEqual(forgotten);
    expect(core.store.get(id)).toMatchObject({ region: 'eu', learnedGaps: [] });
  });

  it('a rename keeps them: the token and the place are the same', async () => {
    const { core, id } = await learnedConnection();
    const result = await updateConnection(core, id, { label: 'Acme US' }, liveValidator(core));
    expect(result.changed).toEqual(['name']);
    expect(result.forgottenRefusals).toEqual([]);
    expect(core.store.get(id).learnedGaps).toEqual(GAPS);
  });

  it('forgetRefusals alone forgets them without asking the service and without touching the configuration', async () => {
    const { core, id } = await learnedConnection();
    const before = core.store.get(id);
    const requests = sim.requests.length;
    const result = await updateConnection(core, id, { forgetRefusals: true }, liveValidator(core));
    expect(result).toMatchObject({ changed: [], checked: false, forgottenRefusals: forgotten });
    expect(sim.requests.length, 'nothing sent: the token and place are unchanged').toBe(requests);
    const after = core.store.get(id);
    expect(after.learnedGaps).toEqual([]);
    expect(after.updatedAt, 'bookkeeping only: running gateways re-apply rules without a rebuild').toBe(
      before.updatedAt,
    );
    expect({ ...after, learnedGaps: GAPS }).toEqual(before);
  });

  it('forgetRefusals with a rename forgets them; with nothing learned it reports nothing', async () => {
    const { core, id } = await learnedConnection();
    const renamed = await updateConnection(core, id, { label: 'Acme events', forgetRefusals: true });
    expect(renamed).toMatchObject({ changed: ['name'], forgottenRefusals: forgotten });
    expect(core.store.get(id)).toMatchObject({ label: 'Acme events', learnedGaps: [] });
    const again = await updateConnection(core, id, { forgetRefusals: true });
    expect(again).toMatchObject({ changed: [], forgottenRefusals: [] });
  });
});
