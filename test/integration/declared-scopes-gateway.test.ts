/**
 * Issue 13: scopes a person declares (`connections add … --scopes`) are not the service's word. Through the built CLI
 * and `bridgekeeper mcp`, against the services' documented profiles with their assumed data paths (no scopes reported): a tool
 * the declared scopes lack stays offered, is labelled "expected to lack … from your declared scopes", is forwarded,
 * and the service's own 403 is learned; only then is it refused locally. Needs `npm run build` and
 * with-test-keyring.sh.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSessionboardSimulator, type SessionboardSimulator } from '../simulators/sessionboard.js';
import { startSessionsWebsiteSimulator, type SessionsWebsiteSimulator } from '../simulators/sessions-website.js';
import { addConnection, cli, connectGateway, gatewayEnv, text } from './gateway-harness.js';

type Listed = Array<{ id: string; learnedGaps: Array<{ scope: string; tool: string }> }>;

async function learnedGaps(env: Record<string, string>, id: string) {
  const list = await cli(['connections', 'list', '--json'], env);
  expect(list.code, list.stderr).toBe(0);
  return (JSON.parse(list.stdout) as Listed).find((c) => c.id === id)!.learnedGaps;
}

/** The SCOPES cell of `tool` in `bridgekeeper tools <label>` (columns are separated by two or more spaces). */
async function scopesCell(env: Record<string, string>, label: string, tool: string): Promise<string> {
  const result = await cli(['tools', label], env);
  expect(result.code, result.stderr).toBe(0);
  const line = result.stdout.split('\n').find((l) => l.trimStart().startsWith(`${tool} `));
  if (!line) throw new Error(`no row for ${tool} in:\n${result.stdout}`);
  return line.trim().split(/\s{2,}/)[2]!;
}

const homes: string[] = [];
afterAll(() => {
  for (const home of homes) fs.rmSync(home, { recursive: true, force: true });
});
function envFor(hostOverrides: Record<string, string>) {
  const env = gatewayEnv(hostOverrides);
  homes.push(env.BRIDGEKEEPER_HOME!);
  return env;
}

describe(
  'declared scopes on sessions.website (documented profile with its assumed data paths)',
  { timeout: 120_000 },
  () => {
    let sim: SessionsWebsiteSimulator;
    beforeAll(async () => {
      sim = await startSessionsWebsiteSimulator({ profile: 'documented', assumedDataPaths: true });
    });
    afterAll(async () => sim?.close());
    const graphqlCalls = () => sim.requests.filter((r) => r.path.endsWith('/api/graphql')).length;

    it('forwards a tool the declared scopes lack, learns the 403, then refuses locally', async () => {
      const env = envFor(sim.hostOverrides);
      const id = await addConnection(env, 'sessions-website', 'Acme', sim.tokens.acmeProductsOnly, [
        '--handle',
        'acme-yoga',
        '--scopes',
        'products:read',
      ]);
      expect(await scopesCell(env, 'Acme', 'list_participants')).toBe(
        '? expected to lack participants:read; from your declared scopes',
      );
      expect(await scopesCell(env, 'Acme', 'list_products')).toBe(
        '? expected to work; from your declared scopes; needs products:read',
      );

      const gateway = await connectGateway(env);
      try {
        const { tools } = await gateway.client.listTools();
        const participants = tools.find((t) => t.name.endsWith('__list_participants'));
        expect(participants, 'a tool the declaration lacks stays offered').toBeDefined();
        const sent = graphqlCalls();
        const refused = await gateway.call(participants!.name);
        expect(refused.isError).toBe(true);
        expect(text(refused)).toMatch(/refused by sessions\.website 'Acme': the token lacks participants:read/);
        expect(graphqlCalls(), 'forwarded to the service').toBe(sent + 1);
        expect(await learnedGaps(env, id)).toEqual([
          expect.objectContaining({ scope: 'participants:read', tool: 'list_participants' }),
        ]);
        const again = await gateway.call(participants!.name);
        expect(text(again)).toMatch(/was not run: .*lacks participants:read \(the service refused it before\)/);
        expect(graphqlCalls(), 'refused locally once learned').toBe(sent + 1);
        const products = await gateway.call(tools.find((t) => t.name.endsWith('__list_products'))!.name);
        expect(products.isError, text(products)).toBeFalsy();
      } finally {
        await gateway.close();
      }
      expect(await scopesCell(env, 'Acme', 'list_participants')).toBe('✗ participants:read (learned)');
    });

    it('connections add says what declared scopes are used for', async () => {
      const env = envFor(sim.hostOverrides);
      const added = await cli(
        [
          'connections',
          'add',
          'sessions-website',
          '--label',
          'Said',
          '--handle',
          'acme-yoga',
          '--scopes',
          'products:read',
          '--token-stdin',
        ],
        env,
        sim.tokens.acmeProductsOnly,
      );
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout).toContain(
        "Your declared scopes (products:read) are shown and used to predict which tools should work; Bridgekeeper never refuses a call on them: it tries, and learns a missing scope from sessions.website's answer.",
      );
    });

    it('a declaration that wrongly includes a scope is forwarded too, and the refusal still wins', async () => {
      const env = envFor(sim.hostOverrides);
      const id = await addConnection(env, 'sessions-website', 'Shop', sim.tokens.acmeProductsOnly, [
        '--handle',
        'acme-yoga',
        '--scopes',
        'products:read,registrations:read',
      ]);
      const gateway = await connectGateway(env);
      try {
        const name = (await gateway.client.listTools()).tools.find((t) =>
          t.name.endsWith('__list_registrations'),
        )!.name;
        const refused = await gateway.call(name);
        expect(text(refused)).toMatch(/the token lacks registrations:read/);
        const sent = graphqlCalls();
        const again = await gateway.call(name);
        expect(text(again)).toMatch(/was not run: .*lacks registrations:read \(the service refused it before\)/);
        expect(graphqlCalls()).toBe(sent);
      } finally {
        await gateway.close();
      }
      expect(await learnedGaps(env, id)).toEqual([
        expect.objectContaining({ scope: 'registrations:read', tool: 'list_registrations' }),
      ]);
    });
  },
);

describe(
  'declared scopes on Sessionboard (documented profile with its assumed data paths)',
  { timeout: 120_000 },
  () => {
    let sim: SessionboardSimulator;
    beforeAll(async () => {
      sim = await startSessionboardSimulator({ profile: 'documented', assumedDataPaths: true });
    });
    afterAll(async () => sim?.close());
    const writes = () => sim.requests.filter((r) => r.method !== 'GET').length;

    it('offers and forwards a write the declared scopes lack, learns the 403, then refuses locally', async () => {
      const env = envFor(sim.hostOverrides);
      const id = await addConnection(env, 'sessionboard', 'Reader', sim.tokens.readOnly, ['--scopes', 'read:events']);
      expect(await scopesCell(env, 'Reader', 'manage_sessions')).toMatch(
        /^\? expected to lack write:sessions; from your declared scopes$/,
      );
      const gateway = await connectGateway(env);
      try {
        const name = 'sessionboard_reader__manage_sessions';
        expect((await gateway.client.listTools()).tools.map((t) => t.name)).toContain(name);
        const args = { action: 'create', eventId: 'evt_summit26', data: { title: 'Declared, not granted' } };
        const before = writes();
        const refused = await gateway.call(name, args);
        expect(refused.isError).toBe(true);
        expect(text(refused)).toContain('write:sessions');
        expect(writes(), 'forwarded to Sessionboard').toBe(before + 1);
        expect(await learnedGaps(env, id)).toEqual([
          expect.objectContaining({ scope: 'write:sessions', tool: 'manage_sessions' }),
        ]);
        const again = await gateway.call(name, args);
        expect(text(again)).toContain('was not run');
        expect(writes(), 'refused locally once learned').toBe(before + 1);
      } finally {
        await gateway.close();
      }
    });
  },
);
