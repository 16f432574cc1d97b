/**
 * `npm run demo`: starts every simulator, creates a throwaway BRIDGEKEEPER_HOME, seeds one demo connection per
 * service through the real `addConnection` (live whoami against the simulators, secrets in the keychain), prints
 * what to run next and a short tour (whoami, the tool matrix, a read and a refused write through `bridgekeeper mcp`),
 * and stays up until Ctrl-C (`--once`: stops after the tour). On SIGINT/SIGTERM it removes the demo connections (and
 * their keychain entries), stops the simulators and deletes the temp folder.
 *
 * No reachable keychain (a server, a container, SSH): the demo's tokens are fake, so it runs itself again with its own
 * throwaway Secret Service (demo-keyring.ts). Only when that cannot start either: a clear typed error, exit code 4.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addConnection, type AddConnectionInput } from '../../shared/use-cases/add-connection.js';
import { removeConnection } from '../../shared/connections/remove-connection.js';
import { createCore, type Core } from '../../shared/connections/core.js';
import { describeError, exitCodeFor, KeychainUnavailableError } from '../../shared/errors.js';
import { liveValidator } from '../../shared/use-cases/live-validator.js';
import { getProvider } from '../../shared/providers/registry.js';
import { demoKeyringUnavailable, insideDemoKeyring, rerunInDemoKeyring } from './demo-keyring.js';
import { runTour } from './demo-tour.js';
import { startAllSimulators, type AllSimulators } from './start-all.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const binPath = path.join(repoRoot, 'bin', 'bridgekeeper.js');

/** The demo connections, one (or two) per service. */
function demoConnections(sims: AllSimulators): Array<Omit<AddConnectionInput, 'provider'> & { provider: string }> {
  return [
    {
      provider: 'sessionboard',
      label: 'Acme Events (Sessionboard US)',
      region: 'us',
      secret: sims.sessionboard.tokens.full,
    },
    {
      provider: 'sessions-website',
      label: 'Acme Yoga Studio (sessions.website)',
      metadata: { handle: 'acme-yoga' },
      secret: sims.sessionsWebsite.tokens.acmeFull,
    },
    {
      provider: 'session-services',
      label: 'Harbourlight Live (Session Services)',
      metadata: { tenantId: sims.sessionServices.tokens.tenantId },
      secret: sims.sessionServices.tokens.eventManager,
    },
    {
      provider: 'session-services',
      label: 'Harbourlight public (tenant only)',
      authKind: 'tenant',
      metadata: { tenantId: sims.sessionServices.tokens.tenantId },
      secret: null,
    },
    { provider: 'imboard', label: "Acme board bot (I'mBoard)", secret: sims.imboard.tokens.batRead },
  ];
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** What another process needs to reach this demo: its home, the simulators and, with the demo's own keyring, its bus. */
function demoEnv(home: string, overrides: string): Record<string, string> {
  const bus = insideDemoKeyring() ? process.env.DBUS_SESSION_BUS_ADDRESS : undefined;
  return {
    BRIDGEKEEPER_HOME: home,
    BRIDGEKEEPER_HOST_OVERRIDES: overrides,
    ...(bus ? { DBUS_SESSION_BUS_ADDRESS: bus } : {}),
  };
}

function nextSteps(home: string, overrides: string, core: Core): string {
  const vars = demoEnv(home, overrides);
  const env = Object.entries(vars)
    .map(([k, v]) => `${k}=${shellQuote(v)}`)
    .join(' ');
  const claude = {
    mcpServers: { 'bridgekeeper-demo': { command: process.execPath, args: [binPath, 'mcp'], env: vars } },
  };
  const rows = core.store
    .list()
    .map((c) => `  ${c.id}  ${c.label.padEnd(40)} ${String(c.metadata.principalName ?? '')}`);
  return [
    '',
    'Demo connections (secrets are in your keychain; removed again when the demo stops):',
    ...rows,
    '',
    'Next steps — in another terminal, from this folder:',
    '',
    `  export ${env}`,
    '  npx bridgekeeper whoami                 # who each connection is, scopes, expiry',
    '  npx bridgekeeper connections list',
    '  npx bridgekeeper tools                  # tools per connection with the scope check',
    `  echo ${shellQuote(String(core.store.list().find((c) => c.provider === 'session-services')?.metadata.tenantId ?? 'tnt_…'))} | npx bridgekeeper inspect`,
    '  npx bridgekeeper mcp                    # the stdio gateway (your assistant starts it)',
    '',
    'Or all in one line:',
    `  ${env} npx bridgekeeper whoami`,
    '',
    'Claude Desktop (claude_desktop_config.json):',
    JSON.stringify(claude, null, 2).replace(/^/gm, '  '),
    '',
    ...(insideDemoKeyring()
      ? [
          'This demo keeps its fake tokens in its own throwaway keychain (demo only; deleted when it stops): the',
          'DBUS_SESSION_BUS_ADDRESS above lets another terminal reach it.',
          '',
        ]
      : []),
  ].join('\n');
}

async function main(): Promise<void> {
  const sims = await startAllSimulators();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bridgekeeper-demo-'));
  const overrides = JSON.stringify(sims.hostOverrides);
  process.env.BRIDGEKEEPER_HOST_OVERRIDES = overrides;
  const core = createCore({ home });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (code === 0) process.stdout.write('Stopping: removing the demo connections and their keychain entries…\n');
    for (const c of core.store.list()) await removeConnection(core, c.id).catch(() => undefined);
    await sims.close();
    fs.rmSync(home, { recursive: true, force: true });
    process.exit(code);
  };
  try {
    try {
      await core.secrets.get('demo-keychain-probe');
    } catch (error) {
      if (!(error instanceof KeychainUnavailableError) || insideDemoKeyring()) throw error;
      const cannot = demoKeyringUnavailable();
      if (cannot) throw new KeychainUnavailableError(`${error.message.replace(/\.$/, '')}. ${cannot}`);
      process.stdout.write(
        `The system keychain is not reachable here (${describeError(error).split('\n')[0]}).\nThe demo's tokens are fake, so it starts its own throwaway keychain (for this demo only; real connections never use it).\n`,
      );
      await sims.close();
      fs.rmSync(home, { recursive: true, force: true });
      process.exit(await rerunInDemoKeyring());
    }
    for (const { provider, ...input } of demoConnections(sims)) {
      await addConnection(core, { ...input, provider: getProvider(provider) }, liveValidator(core));
    }
  } catch (error) {
    process.stderr.write(`bridgekeeper demo: ${describeError(error)}\n`);
    await stop(exitCodeFor(error) || 1);
    return;
  }
  process.stdout.write(
    `Bridgekeeper demo: simulators running on 127.0.0.1 for ${Object.keys(sims.hostOverrides).join(', ')}.\n`,
  );
  process.stdout.write(`Throwaway home: ${home}\n`);
  process.stdout.write(`${nextSteps(home, overrides, core)}\n`);
  if (process.env.BRIDGEKEEPER_DEMO_TOUR !== '0') {
    const env = { ...process.env, ...demoEnv(home, overrides) };
    const tour = await runTour(binPath, env, {
      readLabel: 'Acme Events (Sessionboard US)',
      refusedLabel: "Acme board bot (I'mBoard)",
    }).catch((error: unknown) => `\n(The tour could not run: ${describeError(error)})`);
    process.stdout.write(`${tour}\n\n`);
  }
  if (process.argv.includes('--once')) {
    await stop(0);
    return;
  }
  process.stdout.write('Press Ctrl-C to stop the simulators and remove the demo connections.\n');
  // `on`, not `once`: signal-exit (used by the store's file lock) re-raises the signal when it is the last listener.
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
}

await main();
