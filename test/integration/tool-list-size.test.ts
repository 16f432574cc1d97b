import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../shared/connections/core.js';
import { getProvider } from '../../shared/providers/registry.js';
import { addConnection, type AddConnectionInput } from '../../shared/use-cases/add-connection.js';
import { liveValidator } from '../../shared/use-cases/live-validator.js';
import { repoRoot } from '../helpers/cli.js';
import { type GenericMcpSimulator, startGenericMcpSimulator } from '../simulators/generic-mcp-server.js';
import { type AllSimulators, startAllSimulators } from '../simulators/start-all.js';
import { connectGateway, gatewayEnv, text } from './gateway-harness.js';

/**
 * How many bytes of tool definitions an assistant receives (`tools/list` result, as JSON) at 7 and at 50
 * connections, with every tool listed and in compact mode. Sizes, not times: printed and written to
 * `.tmp/tool-list-size.md`. Connections are added through the real `addConnection` with live whoami against the
 * simulators (secrets in the test keychain); the gateway is the built CLI over stdio.
 */
type Template = (n: string) => Omit<AddConnectionInput, 'provider'> & { provider: string };

function templates(all: AllSimulators, mcp: GenericMcpSimulator): Template[] {
  return [
    (n) => ({ provider: 'sessionboard', label: `Acme Events${n}`, region: 'us', secret: all.sessionboard.tokens.full }),
    (n) => ({ provider: 'sessionboard', label: `Nordic AI${n}`, region: 'eu', secret: all.sessionboard.tokens.eu }),
    (n) => ({
      provider: 'sessions-website',
      label: `Acme Yoga${n}`,
      metadata: { handle: 'acme-yoga' },
      secret: all.sessionsWebsite.tokens.acmeFull,
    }),
    (n) => ({
      provider: 'session-services',
      label: `Harbourlight${n}`,
      metadata: { tenantId: all.sessionServices.tokens.tenantId },
      secret: all.sessionServices.tokens.eventManager,
    }),
    (n) => ({
      provider: 'session-services',
      label: `Harbourlight public${n}`,
      authKind: 'tenant',
      metadata: { tenantId: all.sessionServices.tokens.tenantId },
      secret: null,
    }),
    (n) => ({ provider: 'imboard', label: `Board${n}`, secret: all.imboard.tokens.patFull }),
    (n) => ({ provider: 'remote-mcp', label: `Ops${n}`, metadata: { url: mcp.endpoint }, secret: mcp.tokens.full }),
  ];
}

interface Figures {
  connections: number;
  fullTools: number;
  fullBytes: number;
  compactTools: number;
  compactBytes: number;
  /** One `find_tools` answer (10 matches with schemas): what compact mode costs per search. */
  findBytes: number;
}

describe('tools/list size at 7 and 50 connections, full and compact', () => {
  let all: AllSimulators;
  let mcp: GenericMcpSimulator;
  const saved = { ...process.env };
  const figures: Figures[] = [];

  beforeAll(async () => {
    [all, mcp] = await Promise.all([startAllSimulators(), startGenericMcpSimulator()]);
  });
  afterAll(async () => {
    process.env = saved;
    await all?.close();
    await mcp?.close();
    if (figures.length === 0) return;
    const rows = figures.map(
      (f) =>
        `| ${f.connections} | ${f.fullTools} | ${f.fullBytes.toLocaleString('en-US')} | ${f.compactTools} | ${f.compactBytes.toLocaleString('en-US')} | ${f.findBytes.toLocaleString('en-US')} |`,
    );
    const table = [
      '| connections | tools (full) | tools/list bytes (full) | tools (compact) | tools/list bytes (compact) | one find_tools answer, 10 tools with schemas (bytes) |',
      '|---|---|---|---|---|---|',
      ...rows,
    ].join('\n');
    fs.mkdirSync(path.join(repoRoot, '.tmp'), { recursive: true });
    fs.writeFileSync(path.join(repoRoot, '.tmp', 'tool-list-size.md'), `${table}\n`);
    process.stdout.write(`\n${table}\n`);
  });

  async function seed(count: number): Promise<{ env: Record<string, string>; core: Core }> {
    const env = gatewayEnv({ ...all.hostOverrides, ...mcp.hostOverrides }, { BRIDGEKEEPER_LIST_TIMEOUT_MS: '60000' });
    Object.assign(process.env, env);
    const core = createCore({ home: env.BRIDGEKEEPER_HOME });
    const kinds = templates(all, mcp);
    for (let i = 0; i < count; i++) {
      const round = Math.floor(i / kinds.length);
      const { provider, ...input } = kinds[i % kinds.length]!(round === 0 ? '' : ` ${round + 1}`);
      await addConnection(core, { ...input, provider: getProvider(provider as never) }, liveValidator(core));
    }
    expect(core.store.list()).toHaveLength(count);
    return { env, core };
  }

  async function measure(env: Record<string, string>, mode: 'full' | 'compact' | 'auto') {
    const gw = await connectGateway(env, { args: ['--tool-mode', mode] });
    try {
      const result = await gw.client.listTools();
      const bytes = Buffer.byteLength(JSON.stringify(result), 'utf8');
      const find =
        mode === 'compact' ? text(await gw.call('find_tools', { query: 'list sessions events', limit: 10 })) : '';
      return { tools: result.tools.length, bytes, findBytes: Buffer.byteLength(find, 'utf8') };
    } finally {
      await gw.close();
    }
  }

  for (const count of [7, 50]) {
    it(`${count} connections`, async () => {
      const { env } = await seed(count);
      const full = await measure(env, 'full');
      const compact = await measure(env, 'compact');
      // Automatic mode: more than 40 tools at either size, so the compact pair.
      const auto = await measure(env, 'auto');
      expect(auto.tools).toBe(2);
      expect(auto.bytes).toBe(compact.bytes);
      figures.push({
        connections: count,
        fullTools: full.tools,
        fullBytes: full.bytes,
        compactTools: compact.tools,
        compactBytes: compact.bytes,
        findBytes: compact.findBytes,
      });
      // Every connection contributes tools in full mode; compact mode is two definitions whatever the count.
      expect(full.tools).toBeGreaterThanOrEqual(count * 3);
      expect(compact.tools).toBe(2);
      expect(compact.bytes * 10).toBeLessThan(full.bytes);
      expect(compact.findBytes).toBeGreaterThan(0);
    }, 240_000);
  }
});
