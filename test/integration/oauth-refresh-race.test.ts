import { gatewayTransport } from '../helpers/wakeups.js';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantAccount, readGrant } from '../../shared/auth/oauth/grant-store.js';
import type { Connection } from '../../shared/connections/model.js';
import { createCore, type Core } from '../../shared/connections/core.js';
import { KeytarSecretStore } from '../../shared/secrets/keytar-secret-store.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { distPath, tempDir } from '../helpers/cli.js';
import {
  startSessionsWebsiteMcpSimulator,
  type SessionsWebsiteMcpSimulator,
} from '../simulators/sessions-website-mcp.js';
import { signedInConnection } from './oauth-test-kit.js';

type Reply = { round: number; ok: boolean; token?: string; error?: string };

/** A long-lived worker process answering one line per round. */
function startWorker(env: NodeJS.ProcessEnv, args: string[]) {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [distPath('test/integration/oauth-refresh-worker.js'), ...args],
    { env: { ...process.env, ...env } },
  );
  const lines: string[] = [];
  const waiters: Array<(line: string) => void> = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else lines.push(line);
  });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      const line = lines.shift();
      if (line !== undefined) return resolve(line);
      const timer = setTimeout(() => reject(new Error(`worker ${args[2]} silent; stderr: ${stderr}`)), 45_000);
      waiters.push((l) => {
        clearTimeout(timer);
        resolve(l);
      });
    });
  return {
    next,
    send: (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`),
    stop: () => {
      child.stdin.end();
      child.kill();
    },
  };
}

let sim: SessionsWebsiteMcpSimulator;
let core: Core;
let connection: Connection;
const service = `bridgekeeper-test-${crypto.randomUUID()}`;

beforeAll(async () => {
  sim = await startSessionsWebsiteMcpSimulator();
  core = createCore({ home: tempDir('bk-oauth-race-'), secrets: new KeytarSecretStore({ service }) });
  connection = await signedInConnection(core, sim, 'Race');
});
afterAll(async () => {
  await sim.close();
});

describe('refresh race across processes', () => {
  it(
    'two gateway processes and one CLI process: exactly one refresh per round, all keep working (20 rounds)',
    { timeout: 240_000 },
    async () => {
      const env = { BRIDGEKEEPER_HOME: core.home, BRIDGEKEEPER_KEYCHAIN_SERVICE: service };
      const workers = ['gateway', 'gateway', 'cli'].map((mode) =>
        startWorker(env, [connection.id, sim.mcpUrl('acme'), mode]),
      );
      try {
        for (const w of workers) expect(await w.next()).toBe('ready');
        const tokensSeen = new Set<string>();
        for (let round = 1; round <= 20; round++) {
          const grant = (await readGrant(core.secrets, connection.id))!;
          await core.secrets.set(grantAccount(connection.id), JSON.stringify({ ...grant, expiresAt: Date.now() - 1 }));
          const before = { ...sim.knobs.counts };
          const at = Date.now() + 300;
          for (const w of workers) w.send({ round, at });
          const replies = (await Promise.all(workers.map((w) => w.next()))).map((l) => JSON.parse(l) as Reply);
          expect(replies.map((r) => r.error ?? 'ok')).toEqual(['ok', 'ok', 'ok']);
          expect(replies.every((r) => r.ok && r.round === round)).toBe(true);
          expect(sim.knobs.counts.refreshes - before.refreshes, `round ${round}`).toBe(1);
          expect(sim.knobs.counts.refreshFailures).toBe(0);
          expect(new Set(replies.map((r) => r.token)).size).toBe(1);
          expect(tokensSeen.has(replies[0]!.token!)).toBe(false);
          tokensSeen.add(replies[0]!.token!);
        }
        expect(core.store.get(connection.id).status.state).toBe('ok');
      } finally {
        for (const w of workers) w.stop();
      }
    },
  );

  it(
    'two real `bridgekeeper mcp` gateways and one CLI process: one refresh per round (20 rounds)',
    { timeout: 240_000 },
    async () => {
      const env = { BRIDGEKEEPER_HOME: core.home, BRIDGEKEEPER_KEYCHAIN_SERVICE: service };
      const gateways = await Promise.all(
        [1, 2].map(async () => {
          const client = new Client({ name: 'assistant', version: '1' });
          await client.connect(gatewayTransport(env).transport);
          return client;
        }),
      );
      const cli = startWorker(env, [connection.id, sim.mcpUrl('acme'), 'cli']);
      try {
        expect(await cli.next()).toBe('ready');
        const name = (await gateways[0]!.listTools()).tools
          .map((t) => t.name)
          .find((n) => n.endsWith('upcoming_sessions'))!;
        expect(name).toBeTruthy();
        for (let round = 1; round <= 20; round++) {
          const grant = (await readGrant(core.secrets, connection.id))!;
          await core.secrets.set(grantAccount(connection.id), JSON.stringify({ ...grant, expiresAt: Date.now() - 1 }));
          const before = sim.knobs.counts.refreshes;
          cli.send({ round, at: Date.now() + 50 });
          const [results, reply] = await Promise.all([
            Promise.all(gateways.map((g) => g.callTool({ name, arguments: {} }))),
            cli.next().then((l) => JSON.parse(l) as Reply),
          ]);
          for (const result of results)
            expect(JSON.stringify(result.content), `round ${round}`).toMatch(/Sunrise yoga/);
          expect(reply.error ?? 'ok').toBe('ok');
          expect(sim.knobs.counts.refreshes - before, `round ${round}`).toBe(1);
          expect(sim.knobs.counts.refreshFailures).toBe(0);
        }
      } finally {
        cli.stop();
        await Promise.all(gateways.map((g) => g.close()));
      }
    },
  );
});
