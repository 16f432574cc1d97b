/**
 * I'mBoard on the documented surface alone (issue 13), run against BOTH simulator profiles: `full` (our guesses too:
 * MCP endpoint, /boards and /portfolio, `{ data }` envelopes, FORBIDDEN messages naming the scope) and `documented`
 * (only /whoami and /me, bare JSON, the seed's own error wording). On the strict documented surface: adds via the CLI
 * and the app handlers (PAT and BAT), whoami, the tool × scope matrix, the documented read (`/me`) through
 * `bridgekeeper mcp`, and an assumed tool failing cleanly. The board routes are assumed (the seed names only the
 * `/boards/:boardId/...` pattern), so a write and what a 403 FORBIDDEN teaches (a scope only when named; otherwise a
 * role refusal for that board) run on the documented profile with `assumedDataPaths: true`. Needs `npm run build`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeOperation } from '../../shared/app/handlers.js';
import { testAppHandlers, withHostOverrides } from '../helpers/app-handlers.js';
import { ConnectionStore } from '../../shared/connections/store.js';
import type { Whoami } from '../../shared/providers/types.js';
import { startImboardSimulator, type ImboardProfile, type ImboardSimulator } from '../simulators/imboard.js';
import { tempDir } from '../helpers/cli.js';
import { cli, connectGateway, type GatewayClient, gatewayEnv, text } from './gateway-harness.js';

interface Added {
  connection: { id: string; serverScopes?: string[] };
  whoami: Whoami;
}

describe.each<ImboardProfile>(['documented', 'full'])(
  "I'mBoard against the %s simulator profile",
  { timeout: 120_000 },
  (profile) => {
    let sim: ImboardSimulator;
    /** The same profile serving the assumed board routes too (on `full`, `sim` itself). */
    let dataSim: ImboardSimulator;
    let env: Record<string, string>;
    const documented = profile === 'documented';
    const added = async (label: string, token: string, flags: string[] = [], e = env): Promise<Added> => {
      const result = await cli(
        ['connections', 'add', 'imboard', '--label', label, '--json', '--token-stdin', ...flags],
        e,
        token,
      );
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as Added;
    };

    beforeAll(async () => {
      sim = await startImboardSimulator({ profile });
      dataSim = documented ? await startImboardSimulator({ profile, assumedDataPaths: true }) : sim;
      env = gatewayEnv(sim.hostOverrides);
    });
    afterAll(async () => {
      await sim?.close();
      if (dataSim !== sim) await dataSim?.close();
    });

    it('adds a PAT with the documented whoami: the user and the scopes the service reports', async () => {
      const { connection, whoami } = await added('Dana read', sim.tokens.patRead);
      expect(whoami).toMatchObject({
        tokenKind: 'pat',
        principal: { type: 'user', email: 'dana.whitfield@acme.example' },
      });
      expect(whoami.scopes.every((s) => s.provenance === 'server')).toBe(true);
      expect(connection.serverScopes).toContain('meetings:read');
      await added('Dana full', sim.tokens.patFull);
    });

    it('adds BATs, including one whose board is billing-restricted (any principal can introspect itself)', async () => {
      const { whoami } = await added('Acme bot', sim.tokens.batRead);
      expect(whoami).toMatchObject({
        tokenKind: 'board_token',
        principal: { type: 'board', id: sim.boards.acme, name: 'Acme Inc.' },
        flags: { boardPinned: true },
      });
      const restricted = await added('Globex bot', sim.tokens.batBillingRestricted);
      expect(restricted.whoami.principal).toMatchObject({ type: 'board', id: sim.boards.globex });
    });

    it('whoami through the CLI', async () => {
      const result = await cli(['whoami', 'Acme bot', '--json'], env);
      expect(result.code, result.stderr).toBe(0);
      expect((JSON.parse(result.stdout) as Whoami).scopes).toHaveLength(7);
    });

    it('adds through the app handlers (PAT and BAT) and shows the tool × scope matrix', async () => {
      await withHostOverrides(sim.hostOverrides, async () => {
        const { handlers } = testAppHandlers(tempDir('bk-imb-app-'));
        const bat = await invokeOperation(handlers, 'addConnection', {
          service: 'imboard',
          label: 'App board',
          authKind: 'token',
          token: sim.tokens.batRead,
        });
        expect(bat.ok, JSON.stringify(bat)).toBe(true);
        const pat = await invokeOperation(handlers, 'addConnection', {
          service: 'imboard',
          label: 'App Dana',
          authKind: 'token',
          token: sim.tokens.patRead,
        });
        expect(pat.ok, JSON.stringify(pat)).toBe(true);
        if (!pat.ok || !bat.ok) return;
        const matrix = await invokeOperation(handlers, 'toolMatrix', { id: pat.value.connection.id });
        expect(matrix.ok, JSON.stringify(matrix)).toBe(true);
        if (!matrix.ok) return;
        const row = (name: string) => matrix.value.tools.find((t) => t.name === name)!;
        expect(row('get_me')).toMatchObject({ scope: 'allowed', requiredScopes: [] });
        expect(row('get_document')).toMatchObject({ scope: 'allowed', requiredScopes: ['documents:read'] });
        // Read-only preset reported by the service + the documented rule "read and write are independent".
        expect(row('create_meeting')).toMatchObject({ scope: 'missing', missingScopes: ['meetings:write'] });
        const batMatrix = await invokeOperation(handlers, 'toolMatrix', { id: bat.value.connection.id });
        expect(batMatrix.ok && batMatrix.value.tools.find((t) => t.name === 'list_functions')?.scope).toBe('allowed');
        expect(batMatrix.ok && batMatrix.value.tools.map((t) => t.name)).not.toContain('get_me');
      });
    });

    describe('through `bridgekeeper mcp`', () => {
      let gw: GatewayClient;
      beforeAll(async () => {
        gw = await connectGateway(env);
      }, 60_000);
      afterAll(async () => gw?.close());

      it('the documented read (/me), and an assumed board route failing with a clear message', async () => {
        const me = await gw.call('imboard_dana-read__get_me', {});
        expect(me.isError, text(me)).toBeFalsy();
        expect(text(me)).toContain('dana.whitfield@acme.example');
        const meetings = await gw.call('imboard_acme-bot__list_meetings', {});
        const doc = await gw.call('imboard_dana-read__get_document', {
          boardId: sim.boards.acme,
          documentId: 'doc_minutes_oct',
        });
        if (documented) {
          expect(meetings.isError).toBe(true);
          expect(text(meetings)).toContain(
            `or I'mBoard does not offer GET /api/v1/boards/${sim.boards.acme}/meetings at all`,
          );
          expect(doc.isError).toBe(true);
          expect(text(doc)).toMatch(/the id does not exist, or I'mBoard does not offer GET .*Bridgekeeper assumed/);
          expect(text(doc)).toContain('this tool does not work with your');
          // An account route names no id: the route itself is what is missing.
          const boards = await gw.call('imboard_dana-read__list_boards', {});
          expect(boards.isError).toBe(true);
          expect(text(boards)).toContain("list_boards: I'mBoard does not offer GET /api/v1/boards at all");
        } else {
          expect(text(meetings)).toContain('Q4 board review');
          expect(text(doc)).toContain('approved the Q3 accounts');
        }
      });

      it('bad write arguments are refused before any request, naming the argument', async () => {
        const before = sim.requests.length;
        const result = await gw.call('imboard_dana-full__create_meeting', {
          boardId: sim.boards.acme,
          title: 'x',
          startsAt: 'next week',
        });
        expect(result.isError).toBe(true);
        expect(text(result)).toMatch(/'startsAt'/);
        expect(sim.requests.length).toBe(before);
      });
    });

    describe('through `bridgekeeper mcp`, on the assumed board routes', () => {
      let gw: GatewayClient;
      let dataEnv: Record<string, string>;
      beforeAll(async () => {
        dataEnv = documented ? gatewayEnv(dataSim.hostOverrides) : env;
        if (documented) {
          await added('Acme bot', dataSim.tokens.batRead, [], dataEnv);
          await added('Dana read', dataSim.tokens.patRead, [], dataEnv);
          await added('Dana full', dataSim.tokens.patFull, [], dataEnv);
        }
        // Added offline: the gateway knows nothing about this token's scopes and must learn from I'mBoard's answers.
        await added('Calendar sync', dataSim.tokens.patMeetingsWriteOnly, ['--offline'], dataEnv);
        gw = await connectGateway(dataEnv);
      }, 60_000);
      afterAll(async () => gw?.close());

      it('a read (board route, pinned BAT, a document) and a write (PAT with meetings:write)', async () => {
        const meetings = await gw.call('imboard_acme-bot__list_meetings', {});
        expect(meetings.isError, text(meetings)).toBeFalsy();
        expect(text(meetings)).toContain('Q4 board review');
        const doc = await gw.call('imboard_dana-read__get_document', {
          boardId: dataSim.boards.acme,
          documentId: 'doc_minutes_oct',
        });
        expect(text(doc)).toContain('approved the Q3 accounts');
        const created = await gw.call('imboard_dana-full__create_meeting', {
          boardId: dataSim.boards.acme,
          title: 'Remuneration committee',
          startsAt: '2027-02-10T09:00:00Z',
        });
        expect(created.isError, text(created)).toBeFalsy();
        expect(text(created)).toContain('Remuneration committee');
      });

      it('a FORBIDDEN that names a scope is learned; one that does not is a role refusal for that board, nothing learned', async () => {
        const result = await gw.call('imboard_calendar-sync__list_meetings', { boardId: dataSim.boards.acme });
        expect(result.isError).toBe(true);
        expect(dataSim.requests.at(-1)).toMatchObject({ status: 403 });
        const gaps = new ConnectionStore({ home: dataEnv.BRIDGEKEEPER_HOME! })
          .list()
          .find((c) => c.label === 'Calendar sync')!.learnedGaps;
        if (documented) {
          // The seed's own FORBIDDEN wording names no scope: reported as a role refusal on that board, nothing learned.
          expect(text(result)).toMatch(/role on this board/);
          expect(text(result)).toContain(dataSim.boards.acme);
          expect(gaps).toEqual([]);
        } else {
          expect(text(result)).toMatch(/refused by I'mBoard 'Calendar sync'.*meetings:read/);
          expect(gaps.map((g) => g.scope)).toEqual(['meetings:read']);
        }
      });

      it('a role refusal on one board (viewer writing on Northwind) teaches nothing about the token', async () => {
        const result = await gw.call('imboard_dana-full__create_meeting', {
          boardId: dataSim.boards.northwind,
          title: 'x',
          startsAt: '2027-02-10T09:00:00Z',
        });
        expect(result.isError).toBe(true);
        expect(text(result)).toMatch(/role/);
        const gaps = new ConnectionStore({ home: dataEnv.BRIDGEKEEPER_HOME! })
          .list()
          .find((c) => c.label === 'Dana full')!.learnedGaps;
        expect(gaps).toEqual([]);
        const onAcme = await gw.call('imboard_dana-full__create_meeting', {
          boardId: dataSim.boards.acme,
          title: 'Still allowed here',
          startsAt: '2027-02-11T09:00:00Z',
        });
        expect(onAcme.isError, text(onAcme)).toBeFalsy();
      });
    });
  },
);
