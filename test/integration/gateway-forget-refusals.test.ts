/**
 * Issues 13 and 16: a scope refusal learned from a service that reports no scopes (Sessionboard's documented surface)
 * is not forever. Through the built CLI and a running `bridgekeeper mcp`: the service's 403 is learned, the tool is
 * hidden (list_changed) and refused locally with words that send the assistant to the person (never a command);
 * the person grants the scope on the same token in Sessionboard and clears the refusal
 * (`connections update --forget-refusals`, what the app's "Try these tools again" does): the running gateway lists
 * the tool again (list_changed) and the next call reaches the service and works. Needs `npm run build` and
 * with-test-keyring.sh.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSessionboardSimulator, type SessionboardSimulator } from '../simulators/sessionboard.js';
import { addConnection, cli, connectGateway, gatewayEnv, type GatewayClient, text } from './gateway-harness.js';

describe(
  'a learned refusal, cleared by the person, lets the call reach the service again',
  { timeout: 120_000 },
  () => {
    let sim: SessionboardSimulator;
    let env: Record<string, string>;
    let gateway: GatewayClient | undefined;
    beforeAll(async () => {
      sim = await startSessionboardSimulator({ profile: 'documented', assumedDataPaths: true });
      env = gatewayEnv(sim.hostOverrides);
    });
    afterAll(async () => {
      await gateway?.close();
      await sim?.close();
      fs.rmSync(env.BRIDGEKEEPER_HOME!, { recursive: true, force: true });
    });
    const writes = () => sim.requests.filter((r) => r.method !== 'GET').length;
    const names = async (gw: GatewayClient) => (await gw.client.listTools()).tools.map((t) => t.name);

    it('refused locally once learned, then forwarded and listed again after the person clears it', async () => {
      await addConnection(env, 'sessionboard', 'Acme', sim.tokens.readOnly);
      gateway = await connectGateway(env);
      const name = 'sessionboard_acme__manage_sessions';
      const args = { action: 'create', eventId: 'evt_summit26', data: { title: 'Tried again' } };
      expect(await names(gateway)).toContain(name);

      // The service refuses: learned, and the tool is no longer offered.
      const hidden = gateway.nextListChanged();
      const before = writes();
      const refused = await gateway.call(name, args);
      expect(refused.isError).toBe(true);
      expect(text(refused)).toContain('write:sessions');
      expect(writes(), 'forwarded to Sessionboard').toBe(before + 1);
      await hidden;
      expect(await names(gateway)).not.toContain(name);

      // From then on it is refused locally, and the assistant is told to ask the person, not how to lift it.
      const local = await gateway.call(name, args);
      expect(local.isError).toBe(true);
      expect(text(local)).toMatch(/was not run: .*lacks write:sessions \(the service refused it before\)/);
      expect(text(local)).toContain('Tell the person what you wanted to do and ask them to grant it: write:sessions: ');
      expect(text(local)).toContain(
        `only they can let you try again, with "Try these tools again" for 'Acme' in the Bridgekeeper app`,
      );
      expect(text(local)).not.toMatch(/bridgekeeper connections|--forget-refusals|`/);
      expect(writes(), 'not sent').toBe(before + 1);

      // The person grants the scope to the same token in Sessionboard: Sessionboard reports no scopes, so nothing
      // tells Bridgekeeper; the refusal stays until the person clears it.
      sim.world.tokens.find((t) => t.key === 'readOnly')!.scopes.push('write:sessions');
      expect(text(await gateway.call(name, args))).toContain('was not run');
      expect(writes()).toBe(before + 1);

      const listedAgain = gateway.nextListChanged();
      const forgot = await cli(['connections', 'update', 'Acme', '--forget-refusals'], env);
      expect(forgot.code, forgot.stderr).toBe(0);
      expect(forgot.stdout).toContain('Forgot 1 earlier refusal (write:sessions for manage_sessions)');
      await listedAgain;
      expect(await names(gateway)).toContain(name);
      expect(gateway.stderr(), 'bookkeeping only: no rebuild, no upstream asked').not.toMatch(/configuration changed/);

      const created = await gateway.call(name, args);
      expect(created.isError, text(created)).toBeFalsy();
      expect(text(created)).toContain('Tried again');
      expect(writes(), 'reached Sessionboard').toBe(before + 2);
    });
  },
);
