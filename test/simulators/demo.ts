/**
 * `npm run demo`: starts every simulator, creates a throwaway BRIDGEKEEPER_HOME, seeds one demo connection per
 * service through the real `addConnection` (live whoami against the simulators, secrets in the real keychain), prints
 * what to run next, and stays up until Ctrl-C. On SIGINT/SIGTERM it removes the demo connections (and their keychain
 * entries), stops the simulators and deletes the temp folder. No keychain → a clear typed error and exit code 4.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addConnection, type AddConnectionInput } from '../../shared/connections/add-connection.js';
import { removeConnection } from '../../shared/connections/remove-connection.js';
import { createCore, type Core } from '../../shared/core.js';
import { describeError, exitCodeFor } from '../../shared/errors.js';
import { liveValidator } from '../../shared/cli/live-validator.js';
import { getProvider } from '../../shared/providers/registry.js';
import { startAllSimulators, type AllSimulators } from './start-all.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const binPath = path.join(repoRoot, 'bin', 'bridgekeeper.js');

/** The demo connections, one (or two) per service. */
function demoConnections(sims: AllSimulators): Array<Omit<AddConnectionInput, 'provider'> & { provider: string }> {
  return [
    { provider: 'sessionboard', label: 'Acme Events (Sessionboard US)', region: 'us', secret: sims.sessionboard.tokens.full },
    { provider: 'sessions-website', label: 'Acme Yoga Studio (sessions.website)', metadata: { handle: 'acme-yoga' }, secret: sims.sessionsWebsite.tokens.acmeFull },
    { provider: 'session-services', label: 'Harbourlight Live (Session Services)', metadata: { tenantId: sims.sessionServices.tokens.tenantId }, secret: sims.sessionServices.tokens.eventManager },
    { provider: 'session-services', label: 'Harbourlight public (tenant only)', authKind: 'tenant', metadata: { tenantId: sims.sessionServices.tokens.tenantId }, secret: null },
    { provider: 'imboard', label: "Acme board bot (I'mBoard)", secret: sims.imboard.tokens.batRead },
  ];
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function nextSteps(home: string, overrides: string, core: Core): string {
  const env = `BRIDGEKEEPER_HOME=${shellQuote(home)} BRIDGEKEEPER_HOST_OVERRIDES=${shellQuote(overrides)}`;
  const claude = { mcpServers: { 'bridgekeeper-demo': { command: process.execPath, args: [binPath, 'mcp'], env: { BRIDGEKEEPER_HOME: home, BRIDGEKEEPER_HOST_OVERRIDES: overrides } } } };
  const rows = core.store.list().map((c) => `  ${c.id}  ${c.label.padEnd(40)} ${String(c.metadata.principalName ?? '')}`);
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
    'Press Ctrl-C to stop the simulators and remove the demo connections.',
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
    await core.secrets.get('demo-keychain-probe');
    for (const { provider, ...input } of demoConnections(sims)) {
      await addConnection(core, { ...input, provider: getProvider(provider) }, liveValidator(core));
    }
  } catch (error) {
    process.stderr.write(`bridgekeeper demo: ${describeError(error)}\n`);
    await stop(exitCodeFor(error) || 1);
    return;
  }
  process.stdout.write(`Bridgekeeper demo: simulators running on 127.0.0.1 for ${Object.keys(sims.hostOverrides).join(', ')}.\n`);
  process.stdout.write(`Throwaway home: ${home}\n`);
  process.stdout.write(`${nextSteps(home, overrides, core)}\n`);
  // `on`, not `once`: signal-exit (used by the store's file lock) re-raises the signal when it is the last listener.
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
}

await main();
