/**
 * Sessionboard's core flows against BOTH simulator profiles: `rich` (serves Bridgekeeper's guesses too:
 * `GET /v1/token`, coded error bodies, paging metadata) and `documented` (only what seeds 000/001 document:
 * `GET /v1/events` and the MCP endpoint, every other REST path 404, plain errors, bare arrays, paging ignored). On the
 * strict documented surface: add (CLI and app), whoami, wrong region, the tool matrix, a documented read through
 * `bridgekeeper mcp`, and an assumed tool failing cleanly. The assumed data paths (writes, other reads, the
 * 3-minute session cache, a refusal learned from a 403: the seeds document no 403 on `GET /v1/events`, whose read
 * scope every token holds) run on the documented profile with `assumedDataPaths: true`. Needs `npm run build` and
 * with-test-keyring.sh.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeOperation } from '../../shared/app/handlers.js';
import { testAppHandlers, withHostOverrides } from '../helpers/app-handlers.js';
import { toolMatrix } from '../../shared/use-cases/tool-matrix.js';
import { tempDir } from '../helpers/cli.js';
import type { SessionboardProfile } from '../simulators/sessionboard-profile.js';
import { type SessionboardSimulator, startSessionboardSimulator } from '../simulators/sessionboard.js';
import { addConnection, cli, connectGateway, gatewayEnv, text } from './gateway-harness.js';

type Listed = Array<{
  id: string;
  label: string;
  serverScopes?: string[];
  expectedScopes?: string[];
  metadata: Record<string, unknown>;
  learnedGaps: Array<{ scope: string; tool: string }>;
}>;

describe.each<SessionboardProfile>(['rich', 'documented'])(
  'Sessionboard flows on the %s simulator profile',
  (profile) => {
    const documented = profile === 'documented';
    let sim: SessionboardSimulator;
    /** The same profile serving the assumed data paths too (on `rich`, `sim` itself). */
    let dataSim: SessionboardSimulator;
    const homes: string[] = [];

    beforeAll(async () => {
      sim = await startSessionboardSimulator({ profile });
      dataSim = documented ? await startSessionboardSimulator({ profile, assumedDataPaths: true }) : sim;
    });
    afterAll(async () => {
      await sim?.close();
      if (dataSim !== sim) await dataSim?.close();
      for (const home of homes) fs.rmSync(home, { recursive: true, force: true });
    });

    function env(on: SessionboardSimulator = sim): Record<string, string> {
      const e = gatewayEnv(on.hostOverrides);
      homes.push(e.BRIDGEKEEPER_HOME!);
      return e;
    }

    async function listed(e: Record<string, string>): Promise<Listed> {
      const list = await cli(['connections', 'list', '--json'], e);
      expect(list.code, list.stderr).toBe(0);
      return JSON.parse(list.stdout) as Listed;
    }

    it('adds a US and an EU token with the CLI, and whoami says what Sessionboard reported and what it did not', async () => {
      const e = env();
      await addConnection(e, 'sessionboard', 'Acme', sim.tokens.full);
      await addConnection(e, 'sessionboard', 'Nordic', sim.tokens.eu, ['--region', 'eu']);
      const [acme, nordic] = await listed(e);
      expect(
        sim.requests.some(
          (r) => r.region === 'eu' && r.path === '/v1/events' && r.headers['x-access-token'] === sim.tokens.eu,
        ),
      ).toBe(true);
      const who = await cli(['whoami', 'Acme'], e);
      expect(who.code, who.stderr).toBe(0);
      expect(who.stdout).not.toContain(sim.tokens.full);
      if (documented) {
        expect(acme!.serverScopes).toBeUndefined(); // unknown: nothing is refused locally
        expect(acme!.expectedScopes).toEqual(['read:events', 'read:sessions', 'read:contacts']);
        expect(nordic!.serverScopes).toBeUndefined();
        expect(who.stdout).toContain('Valid token for the US region');
        expect(who.stdout).toContain(
          "Sessionboard does not report this token's scopes: Bridgekeeper learns them from refusals.",
        );
        expect(who.stdout).toMatch(/read:events\s+expected/);
      } else {
        expect(acme!.serverScopes).toEqual(expect.arrayContaining(['write:sessions', 'read:insights']));
        expect(nordic!.metadata.principalName).toBe('Nordic Summits');
        expect(who.stdout).toContain('Acme Events');
        expect(who.stdout).toMatch(/write:sessions\s+server/);
      }
      expect(who.stdout).toContain('Public API (REST), which does not need MCP access');
    });

    it('refuses a US token on the EU region, naming the US region, and saves nothing', async () => {
      const e = env();
      const result = await cli(
        ['connections', 'add', 'sessionboard', '--label', 'Acme', '--region', 'eu', '--token-stdin'],
        e,
        sim.tokens.full,
      );
      expect(result.code).toBe(6);
      expect(result.stderr).toContain("This token belongs to Sessionboard's US region, but the connection uses EU");
      expect(result.stderr).toContain('--region us');
      expect(await listed(e)).toEqual([]);
    });

    it('refuses a revoked and an unknown token with plain words', async () => {
      const e = env();
      const unknown = await cli(
        ['connections', 'add', 'sessionboard', '--label', 'X', '--token-stdin'],
        e,
        'f'.repeat(48),
      );
      expect(unknown.code).toBe(6);
      expect(unknown.stderr).toContain('Sessionboard did not accept this API token');
      expect(await listed(e)).toEqual([]);
    });

    it('adds through the app handlers, with a whoami view and a tool matrix that refuses nothing on a guess', async () => {
      const home = tempDir('bk-sb-app-');
      homes.push(home);
      await withHostOverrides(sim.hostOverrides, async () => {
        const { core, handlers } = testAppHandlers(home);
        const added = await invokeOperation(handlers, 'addConnection', {
          service: 'sessionboard',
          label: 'Writer',
          authKind: 'token',
          token: sim.tokens.sessionWriter,
          region: 'us',
        });
        expect(added.ok, JSON.stringify(added)).toBe(true);
        if (!added.ok) return;
        const notes = added.value.whoami?.notes.join(' ') ?? '';
        expect(notes).not.toMatch(/will be refused|will answer 403/);
        const matrix = await invokeOperation(handlers, 'toolMatrix', { id: added.value.connection.id });
        expect(matrix.ok).toBe(true);
        if (!matrix.ok) return;
        const row = (name: string) => matrix.value.tools.find((t) => t.name === name)!;
        expect(row('list_sessions').scope).toBe(documented ? 'unknown' : 'allowed');
        expect(row('manage_sessions').scope).toBe(documented ? 'unknown' : 'allowed');
        // read:reports is not in the default read access (seed 000): known missing only when Sessionboard said so.
        expect(row('list_reports')).toMatchObject(
          documented ? { scope: 'unknown' } : { scope: 'missing', missingScopes: ['read:reports'] },
        );
        if (documented) expect(matrix.value.tools.some((t) => t.scope === 'missing')).toBe(false);
        expect(row('list_session_metadata').scope).not.toBe('missing');
        const direct = await toolMatrix(core, core.store.get(added.value.connection.id));
        expect(direct.rows.find((r) => r.tool === 'manage_contacts')!.scope.status).toBe(
          documented ? 'unknown' : 'missing',
        );
      });
    });

    it('serves the documented read through bridgekeeper mcp (REST and MCP mode); an assumed tool fails saying why', async () => {
      const e = env();
      await addConnection(e, 'sessionboard', 'Acme', sim.tokens.full);
      await addConnection(e, 'sessionboard', 'Nordic AI', sim.tokens.eu, ['--region', 'eu', '--mode', 'mcp']);
      const gw = await connectGateway(e);
      try {
        const events = await gw.call('sessionboard_acme__list_events', { limit: 1 });
        expect(events.isError, text(events)).toBeFalsy();
        expect(text(events)).toContain('Acme Summit 2026');
        expect(text(events)).toMatch(
          documented ? /did not say whether more exist/ : /More results exist: call again with page 2/,
        );

        // An MCP-mode connection: Sessionboard's own MCP server (documented), reached with the token as x-access-token.
        const viaMcp = await gw.call('sessionboard_nordic-ai__search_sessions', { eventId: 'evt_oslo26' });
        expect(viaMcp.isError, text(viaMcp)).toBeFalsy();
        expect(text(viaMcp)).toContain('Nordic Startups on Stage');
        expect(
          sim.requests.some(
            (r) => r.path === '/mcp' && r.region === 'eu' && r.headers['x-access-token'] === sim.tokens.eu,
          ),
        ).toBe(true);

        const sessions = await gw.call('sessionboard_acme__list_sessions', { eventId: 'evt_summit26' });
        if (documented) {
          // A path Bridgekeeper assumed, absent on the real service: a clean error that says so and what to do.
          expect(sessions.isError).toBe(true);
          expect(text(sessions)).toContain(
            'Sessionboard answered 404 Not Found for GET /v1/events/evt_summit26/sessions: either an id in it does not exist, or Sessionboard does not offer this path',
          );
          expect(text(sessions)).toContain('--mode mcp');
          const acme = (await listed(e)).find((c) => c.label === 'Acme')!;
          expect(acme.learnedGaps).toEqual([]);
        } else {
          expect(sessions.isError, text(sessions)).toBeFalsy();
        }
      } finally {
        await gw.close();
      }
    });

    it('reads, pages and writes on the assumed data paths through bridgekeeper mcp, and learns a refusal from a 403', async () => {
      const sim = dataSim;
      const e = env(dataSim);
      await addConnection(e, 'sessionboard', 'Acme', sim.tokens.full);
      const writerId = await addConnection(e, 'sessionboard', 'Sync', sim.tokens.sessionWriter);
      const gw = await connectGateway(e);
      try {
        const tools = (await gw.client.listTools()).tools;
        const getSession = tools.find((t) => t.name === 'sessionboard_acme__get_session')!;
        expect(getSession.description).toContain('up to 3 minutes');

        const speakers = await gw.call('sessionboard_acme__list_speakers', { eventId: 'evt_summit26' });
        expect(text(speakers)).toContain('"id": "con_201"'); // `_id` on the documented profile, read as id

        const before = await gw.call('sessionboard_acme__get_session', { sessionId: 'ses_1003' });
        expect(text(before)).toContain('"status": "submitted"');
        const write = await gw.call('sessionboard_acme__manage_sessions', {
          action: 'update',
          id: 'ses_1003',
          data: { status: 'accepted' },
        });
        expect(write.isError, text(write)).toBeFalsy();
        expect(text(write)).toContain('up to 3 minutes');
        expect(sim.world.records.get('sessions')!.find((r) => r.id === 'ses_1003')!.status).toBe('accepted');
        if (documented) {
          // The documented 3-minute cache: the read still shows the old value, as the write result warned.
          expect(text(await gw.call('sessionboard_acme__get_session', { sessionId: 'ses_1003' }))).toContain(
            '"status": "submitted"',
          );
        }

        // An admin removes write:sessions from the Sync token after it was added.
        sim.world.tokens.find((t) => t.key === 'sessionWriter')!.scopes = ['read:insights'];
        const refused = await gw.call('sessionboard_sync__manage_sessions', {
          action: 'create',
          eventId: 'evt_summit26',
          data: { title: 'x' },
        });
        expect(refused.isError).toBe(true);
        expect(text(refused)).toContain('write:sessions');
        expect(text(refused)).toContain('Organization Settings → API Tokens');
        const writer = (await listed(e)).find((c) => c.id === writerId)!;
        expect(writer.learnedGaps).toEqual([
          expect.objectContaining({ scope: 'write:sessions', tool: 'manage_sessions' }),
        ]);
        if (documented) {
          // Scopes unknown, the learned gap is the evidence: the next call is refused without asking Sessionboard.
          const writesBefore = sim.requests.filter((r) => r.method !== 'GET').length;
          const again = await gw.call('sessionboard_sync__manage_sessions', {
            action: 'create',
            eventId: 'evt_summit26',
            data: { title: 'x' },
          });
          expect(again.isError).toBe(true);
          expect(text(again)).toContain('was not run');
          expect(sim.requests.filter((r) => r.method !== 'GET').length).toBe(writesBefore);
        }
      } finally {
        await gw.close();
      }
    });
  },
);
