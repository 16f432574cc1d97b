import fs from 'node:fs';
import path from 'node:path';
import { createAppHandlers, invokeOperation, memoryPreferences } from '../../shared/app/handlers.js';
import { createCore } from '../../shared/connections/core.js';
import { KeytarSecretStore } from '../../shared/secrets/keytar-secret-store.js';
import { cli, connectGateway, gatewayEnv } from '../integration/gateway-harness.js';
import { rendererOutputs } from './canary-dom.js';
import { startFaultUpstream } from './fault-upstream.js';
import { type PartFigures, timed } from './figures.js';

/** Every file under `dir`, recursively (bounded: the home of one run holds a handful). */
function filesUnder(dir: string, limit = 200): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (out.length >= limit) return;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(full);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

/**
 * Connects a remote MCP server that quotes the credential it receives in every field it controls (server info,
 * tool titles, descriptions and schemas, every result field, error results, JSON-RPC errors, HTTP error bodies and
 * headers), then searches every output for the canary: the home folder (store, audit, logs), the CLI's stdout and
 * stderr for each command, the gateway's stderr and every answer it gave, the app's replies, and the renderer: the
 * built renderer in headless Chromium over the app handlers, its DOM on each screen of the connection and every RPC
 * reply it received. found = outputs that contain it; failed = the upstream never got it, or a renderer step failed.
 */
export function canarySweep(options: { rounds: number }): Promise<PartFigures> {
  return timed('canary sweep (credential echoed by the upstream)', async () => {
    const canary = `opaqueCanary${Math.random().toString(36).slice(2, 10)}Zq7Wv3`;
    const upstream = await startFaultUpstream({ echo: true });
    const env = gatewayEnv({}, { BRIDGEKEEPER_CALL_TIMEOUT_MS: '3000' });
    const outputs: Array<{ where: string; text: string }> = [];
    const add = await cli(
      ['connections', 'add', 'remote-mcp', '--label', 'Canary', '--url', upstream.url, '--token-stdin', '--json'],
      env,
      canary,
    );
    outputs.push({ where: 'cli connections add', text: add.stdout + add.stderr });
    if (add.code !== 0) {
      const offline = await cli(
        [
          'connections',
          'add',
          'remote-mcp',
          '--label',
          'Canary',
          '--url',
          upstream.url,
          '--token-stdin',
          '--json',
          '--offline',
        ],
        env,
        canary,
      );
      outputs.push({ where: 'cli connections add --offline', text: offline.stdout + offline.stderr });
    }
    for (const args of [
      ['connections', 'list'],
      ['connections', 'list', '--json'],
      ['whoami', 'Canary'],
      ['whoami', '--json'],
      ['tools', 'Canary'],
      ['tools', 'Canary', '--json'],
      ['activity'],
      ['activity', '--json'],
    ]) {
      const result = await cli(args, env);
      outputs.push({ where: `cli ${args.join(' ')}`, text: result.stdout + result.stderr });
    }
    const gateway = await connectGateway(env);
    try {
      for (let round = 0; round < options.rounds; round++) {
        const tools = await gateway.client.listTools();
        outputs.push({ where: 'gateway tools/list', text: JSON.stringify(tools) });
        outputs.push({
          where: 'gateway server info',
          text: JSON.stringify({
            info: gateway.client.getServerVersion(),
            instructions: gateway.client.getInstructions(),
          }),
        });
        const probe = tools.tools.find((t) => t.name.endsWith('probe'));
        if (!probe) throw new Error(`the echoing upstream's tool is not listed: ${gateway.stderr().slice(-300)}`);
        for (const name of ['ok', 'error-result', 'rpc-error', 'http-401', 'http-403', 'http-500', 'http-429', 'ok']) {
          const result = await gateway.client
            .callTool({ name: probe.name, arguments: { case: name } })
            .catch((error: unknown) => ({ thrown: String(error) }));
          outputs.push({ where: `gateway tools/call ${name}`, text: JSON.stringify(result) });
        }
      }
    } finally {
      await gateway.close().catch(() => undefined);
    }
    outputs.push({ where: 'gateway stderr', text: gateway.stderr() });
    // The app's replies (IPC), from the same home and keychain.
    const core = createCore({
      home: env.BRIDGEKEEPER_HOME!,
      secrets: new KeytarSecretStore({ service: env.BRIDGEKEEPER_KEYCHAIN_SERVICE! }),
    });
    const handlers = createAppHandlers({
      core,
      preferences: memoryPreferences(),
      openBrowser: async () => undefined,
      openExternal: async () => false,
      gatewayCommand: { command: 'node', args: [], env: {} },
      version: '0',
      platform: process.platform,
    });
    const id = core.store.list()[0]?.id ?? 'none';
    for (const [name, request] of [
      ['listConnections', {}],
      ['checkConnection', { id }],
      ['toolMatrix', { id }],
      ['listActivity', {}],
      ['exportActivity', { format: 'csv' }],
      ['exportActivity', { format: 'json' }],
      ['whoamiForToken', { service: 'remote-mcp', url: upstream.url, token: canary }],
    ] as const) {
      const reply = await invokeOperation(handlers, name, request);
      outputs.push({ where: `app ${name}`, text: JSON.stringify(reply) });
    }
    for (const file of filesUnder(env.BRIDGEKEEPER_HOME!))
      outputs.push({
        where: `file ${path.relative(env.BRIDGEKEEPER_HOME!, file)}`,
        text: fs.readFileSync(file, 'utf8'),
      });
    const removed = await cli(['connections', 'remove', 'Canary'], env);
    outputs.push({ where: 'cli connections remove', text: removed.stdout + removed.stderr });
    const renderer = await rendererOutputs(canary, upstream.url).catch((error: unknown) => ({
      outputs: [],
      failedSteps: [`the renderer could not be started: ${String(error).split('\n')[0]}`],
    }));
    outputs.push(...renderer.outputs);
    await upstream.close();
    const hits = outputs.filter((o) => o.text.includes(canary));
    const reached = upstream.seen.filter((s) => s === canary).length;
    const notes = [
      `${outputs.length} outputs searched`,
      `the upstream received the canary ${reached} times`,
      `${hits.length} outputs contain it`,
    ];
    if (hits.length)
      notes.push(
        `in: ${hits.map((h) => `${h.where} (…${h.text.slice(Math.max(0, h.text.indexOf(canary) - 40), h.text.indexOf(canary)).replace(/\s+/g, ' ')}<canary>)`).join(', ')}`,
      );
    const unreached = reached === 0 ? 1 : 0;
    if (unreached) notes.push('the upstream never received the credential: the sweep proved nothing');
    notes.push(`renderer: ${renderer.outputs.filter((o) => o.where.startsWith('renderer DOM')).length} screens`);
    if (renderer.failedSteps.length) notes.push(`renderer steps failed: ${renderer.failedSteps.join('; ')}`);
    return {
      tried: outputs.length,
      failed: unreached + renderer.failedSteps.length,
      lost: 0,
      found: hits.length,
      ok: hits.length === 0 && !unreached && renderer.failedSteps.length === 0,
      notes,
    };
  });
}
