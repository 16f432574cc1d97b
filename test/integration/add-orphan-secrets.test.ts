import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionStore } from '../../shared/connections/store.js';
import { KeytarSecretStore } from '../../shared/secrets/keytar-secret-store.js';
import { secretAccount } from '../../shared/secrets/secret-store.js';
import { cliPath, runCli, tempDir } from '../helpers/cli.js';
import { gatewayTransport } from '../helpers/wakeups.js';

const TOKEN = 'imb_pat_CANARYorphan0123456789zz';

function setUp() {
  const home = tempDir();
  const service = `bridgekeeper-test-${crypto.randomUUID()}`;
  return {
    home,
    env: { BRIDGEKEEPER_HOME: home, BRIDGEKEEPER_KEYCHAIN_SERVICE: service },
    secrets: new KeytarSecretStore({ service }),
    store: new ConnectionStore({ home }),
  };
}

/** Starts `connections add` paused at `point` (BRIDGEKEEPER_TEST_PAUSE) and resolves once it is there. */
async function addPausedAt(
  env: NodeJS.ProcessEnv,
  label: string,
  point: string,
): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(
    process.execPath,
    [cliPath, 'connections', 'add', 'imboard', '--label', label, '--token-stdin', '--offline'],
    {
      env: { ...process.env, ...env, BRIDGEKEEPER_TEST_PAUSE: point },
      stdio: 'pipe',
    },
  );
  child.stdin.end(`${TOKEN}\n`);
  let err = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes(`bridgekeeper-test: paused at ${point}`)) resolve();
    });
    child.on('exit', () => reject(new Error(`add ended before ${point}: ${err}`)));
  });
  return child;
}

async function kill9(child: ChildProcessWithoutNullStreams): Promise<void> {
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

function pendingIds(home: string): string[] {
  const dir = path.join(home, 'pending');
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => f.replace(/\.json$/, '')) : [];
}

async function addNext(env: NodeJS.ProcessEnv): Promise<void> {
  const next = await runCli(['connections', 'add', 'imboard', '--label', 'Next', '--token-stdin', '--offline'], {
    env,
    input: `${TOKEN}\n`,
  });
  expect(next.code, next.stderr).toBe(0);
}

describe('kill -9 during connections add leaves no orphaned keychain secret', () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  afterEach(() => children.splice(0).forEach((c) => c.kill('SIGKILL')));

  it('killed after the keychain write, before the store write: the next add removes the orphaned secret', async () => {
    const { home, env, secrets, store } = setUp();
    await kill9(await addPausedAt(env, 'Crash', 'add:after-secret'));
    const [orphan] = pendingIds(home);
    expect(orphan).toMatch(/^c_/);
    expect(await secrets.get(secretAccount(orphan!))).toBe(TOKEN);
    expect(store.list()).toEqual([]);
    await addNext(env);
    expect(await secrets.get(secretAccount(orphan!))).toBeNull();
    expect(pendingIds(home)).toEqual([]);
    const [next] = store.list();
    expect(next?.label).toBe('Next');
    expect(await secrets.get(secretAccount(next!.id))).toBe(TOKEN);
  }, 60_000);

  it('killed after the keychain write: a gateway starting up removes the orphaned secret too', async () => {
    const { home, env, secrets } = setUp();
    await kill9(await addPausedAt(env, 'Crash', 'add:after-secret'));
    const [orphan] = pendingIds(home);
    expect(await secrets.get(secretAccount(orphan!))).toBe(TOKEN);
    const client = new Client({ name: 'sweep-test', version: '1' });
    const gateway = gatewayTransport(env);
    await client.connect(gateway.transport);
    try {
      await client.listTools();
      // The gateway says so once its startup sweep has removed the entry and cleared the record.
      await gateway.untilStderr(/removed 1 orphaned keychain entry/);
    } finally {
      await client.close();
    }
    expect(pendingIds(home)).toEqual([]);
    expect(await secrets.get(secretAccount(orphan!))).toBeNull();
  }, 60_000);

  it('killed after the store write: the sweep keeps the connection and its secret, and only clears the record', async () => {
    const { home, env, secrets, store } = setUp();
    await kill9(await addPausedAt(env, 'Crash', 'add:after-store'));
    const crashed = store.get('Crash');
    expect(pendingIds(home)).toEqual([crashed.id]);
    await addNext(env);
    expect(await secrets.get(secretAccount(crashed.id))).toBe(TOKEN);
    expect(store.list().map((c) => c.label)).toEqual(['Crash', 'Next']);
    expect(pendingIds(home)).toEqual([]);
  }, 60_000);

  it('never removes the secret of an add that is still running', async () => {
    const { home, env, secrets } = setUp();
    const running = await addPausedAt(env, 'Slow', 'add:after-secret');
    children.push(running);
    const [inFlight] = pendingIds(home);
    await addNext(env);
    expect(await secrets.get(secretAccount(inFlight!))).toBe(TOKEN);
    expect(pendingIds(home)).toContain(inFlight);
  }, 60_000);
});
