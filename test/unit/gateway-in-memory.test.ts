import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionStore } from '../../shared/connections/store.js';
import { createCore } from '../../shared/connections/core.js';
import { startGateway, type Gateway } from '../../shared/gateway/gateway-server.js';
import type { GatewayLog } from '../../shared/gateway/gateway-log.js';
import { toolMatrix } from '../../shared/use-cases/tool-matrix.js';
import { setPolicy } from '../../shared/catalog/policy.js';
import { MemorySecretStore } from '../../shared/secrets/memory-secret-store.js';
import { secretAccount } from '../../shared/secrets/secret-store.js';
import { startGenericMcpSimulator, type GenericMcpSimulator } from '../simulators/generic-mcp-server.js';

// Fast in-process checks of the gateway (InMemoryTransport + in-memory secrets); the real stdio/keychain runs live in test/integration.
describe('gateway in memory', () => {
  let sim: GenericMcpSimulator;
  let gateway: Gateway;
  let client: Client;
  let reads = 0;
  const logs: string[] = [];
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-gw-mem-'));
  const previousOverrides = process.env.BRIDGEKEEPER_HOST_OVERRIDES;

  beforeAll(async () => {
    sim = await startGenericMcpSimulator({ host: 'mcp.inmemory.example' });
    process.env.BRIDGEKEEPER_HOST_OVERRIDES = JSON.stringify(sim.hostOverrides);
    const store = new ConnectionStore({ home });
    const secrets = new MemorySecretStore();
    const counting = {
      get: (a: string) => (reads++, secrets.get(a)),
      set: secrets.set.bind(secrets),
      delete: secrets.delete.bind(secrets),
    };
    const c = await store.add({
      label: 'Mem',
      provider: 'remote-mcp',
      authKind: 'token',
      metadata: { url: sim.endpoint },
    });
    await secrets.set(secretAccount(c.id), sim.tokens.full);
    await store.add({
      label: 'Off',
      provider: 'remote-mcp',
      authKind: 'token',
      enabled: false,
      metadata: { url: sim.endpoint },
    });
    const log: GatewayLog = { info: (m) => logs.push(m), warn: (m) => logs.push(m), addSecret: () => undefined };
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    gateway = await startGateway(serverSide, {
      core: createCore({ home, store, secrets: counting }),
      log,
      watch: false,
      config: { callTimeoutMs: 5_000, listTimeoutMs: 5_000, maxResultBytes: 1_000, maxMediaBytes: 5_000 },
    });
    client = new Client({ name: 'mem', version: '1' });
    await client.connect(clientSide);
  });
  afterAll(async () => {
    await client?.close();
    await gateway?.close();
    await sim?.close();
    if (previousOverrides === undefined) delete process.env.BRIDGEKEEPER_HOST_OVERRIDES;
    else process.env.BRIDGEKEEPER_HOST_OVERRIDES = previousOverrides;
  });

  it('offers only enabled connections and reads the keychain once for many calls', async () => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names.every((n) => n.startsWith('mcp_mem__'))).toBe(true);
    for (let i = 0; i < 3; i++)
      await client.callTool({ name: 'mcp_mem__search_items', arguments: { query: String(i) } });
    expect(reads).toBe(1);
  });

  it('applies the configured result bound', async () => {
    const result = (await client.callTool({ name: 'mcp_mem__big_report', arguments: {} })) as CallToolResult;
    const text = (result.content[0] as { text: string }).text;
    expect(Buffer.byteLength(text)).toBeLessThan(1_400);
    expect(text).toContain('truncated');
  });

  it('toolMatrix reports every upstream tool with visibility, and setPolicy changes it', async () => {
    const core = createCore({ home, secrets: new MemorySecretStore() });
    const secrets = new MemorySecretStore();
    const mem = core.store.get('Mem');
    await secrets.set(secretAccount(mem.id), sim.tokens.full);
    const withSecrets = { ...core, secrets };
    const before = await toolMatrix(withSecrets, mem);
    expect(before.source).toBe('mcp');
    expect(before.rows.find((r) => r.tool === 'delete_item')).toMatchObject({
      access: 'write',
      destructive: true,
      visible: true,
      gatewayName: 'mcp_mem__delete_item',
      scope: { status: 'allowed' },
    });
    const updated = await setPolicy(withSecrets, 'mem', { readOnly: true, disable: ['search_items'] });
    const after = await toolMatrix(withSecrets, updated);
    expect(after.rows.find((r) => r.tool === 'delete_item')).toMatchObject({
      visible: false,
      hiddenBecause: 'read_only',
      enabled: true,
    });
    expect(after.rows.find((r) => r.tool === 'search_items')).toMatchObject({
      visible: false,
      hiddenBecause: 'disabled',
      enabled: false,
    });
    await expect(setPolicy(withSecrets, 'mem', { readOnly: 'yes' } as never)).rejects.toThrow(/Invalid policy change/);
  });

  it('toolMatrix says why when the upstream tool list cannot be read', async () => {
    const core = createCore({ home, secrets: new MemorySecretStore() });
    const matrix = await toolMatrix(core, core.store.get('Mem'));
    expect(matrix.rows).toEqual([]);
    expect(matrix.error).toMatch(/No secret is stored/);
  });
});
