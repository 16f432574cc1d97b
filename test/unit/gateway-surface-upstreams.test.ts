import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListToolsRequestSchema,
  type Progress,
  type Prompt,
  type ServerCapabilities,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionStore } from '../../shared/connections/store.js';
import { createCore } from '../../shared/connections/core.js';
import type { GatewayLog } from '../../shared/gateway/gateway-log.js';
import { type Gateway, startGateway } from '../../shared/gateway/gateway-server.js';
import { MemorySecretStore } from '../../shared/secrets/memory-secret-store.js';
import { fullClient, type Received } from '../integration/everything-clients.js';
import { readJsonBody, type RunningServer, sendJson, startServer } from '../simulators/sim-server.js';

/** A real SDK server (stateful Streamable HTTP) whose prompt list the test changes and can hold back. */
async function startMiniServer(capabilities: ServerCapabilities) {
  const state = {
    prompts: [{ name: 'hello', description: 'Says hello.', arguments: [{ name: 'who', required: true }] }] as Prompt[],
    gate: Promise.resolve(),
  };
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const servers: Server[] = [];
  const running: RunningServer = await startServer(async (req, res) => {
    const body = req.method === 'POST' ? await readJsonBody(req) : undefined;
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (existing) return existing.handleRequest(req, res, body);
    if ((body as { method?: string } | undefined)?.method !== 'initialize')
      return sendJson(res, 404, { error: 'unknown session' });
    const server = new Server({ name: 'mini', version: '1.0.0' }, { capabilities, instructions: 'Mini: use hello.' });
    servers.push(server);
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [] }));
    if (capabilities.prompts) {
      server.setRequestHandler(ListPromptsRequestSchema, async () => {
        await state.gate;
        return { prompts: state.prompts };
      });
      server.setRequestHandler(GetPromptRequestSchema, async (request, extra) => {
        const who = request.params.arguments?.who ?? '';
        // Reports progress when asked to (server-everything never does on a prompt get).
        const progressToken = request.params._meta?.progressToken;
        if (progressToken !== undefined)
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken, progress: 1, total: 2, message: `Looking up ${who}` },
          });
        return { messages: [{ role: 'user', content: { type: 'text', text: `Hello ${who}` } }] };
      });
    }
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void sessions.set(id, transport),
    });
    await server.connect(transport);
    return transport.handleRequest(req, res, body);
  });
  return {
    endpoint: `${running.url}/mcp`,
    state,
    /** Every session's server says its prompt list changed. */
    announce: () => Promise.all(servers.map((s) => s.sendPromptListChanged().catch(() => undefined))),
    close: async () => {
      await Promise.all(servers.map((s) => s.close().catch(() => undefined)));
      await running.close();
    },
  };
}

// Upstream behaviours server-everything does not show: a prompt list that changes or answers late, and an upstream
// that offers no prompts, resources, completions or subscriptions at all.
describe('gateway surface with upstreams that change, lag or offer little', () => {
  let withPrompts: Awaited<ReturnType<typeof startMiniServer>>;
  let toolsOnly: Awaited<ReturnType<typeof startMiniServer>>;
  let gateway: Gateway;
  let client: Awaited<ReturnType<typeof fullClient>>['client'];
  let received: Received;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-surface-'));
  const names = async () => (await client.listPrompts()).prompts.map((p) => p.name);
  /** The prompt names once Mini answered: on a loaded machine a list can outlast the 300 ms list timeout, and its prompts are then announced when they arrive. */
  const arrivedNames = async () => {
    const from = received.all.length;
    const listed = await names();
    if (listed.length > 0) return listed;
    await received.waitFor('notifications/prompts/list_changed', undefined, { from });
    return names();
  };

  beforeAll(async () => {
    withPrompts = await startMiniServer({ tools: {}, prompts: { listChanged: true } });
    toolsOnly = await startMiniServer({ tools: {} });
    const store = new ConnectionStore({ home });
    await store.add({
      label: 'Mini',
      provider: 'remote-mcp',
      authKind: 'none',
      metadata: { url: withPrompts.endpoint },
    });
    await store.add({ label: 'Bare', provider: 'remote-mcp', authKind: 'none', metadata: { url: toolsOnly.endpoint } });
    const log: GatewayLog = { info: () => undefined, warn: () => undefined, addSecret: () => undefined };
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    gateway = await startGateway(serverSide, {
      core: createCore({ home, store, secrets: new MemorySecretStore() }),
      log,
      watch: false,
      config: { callTimeoutMs: 5_000, listTimeoutMs: 300, maxResultBytes: 1_000, maxMediaBytes: 5_000 },
    });
    ({ client, received } = await fullClient(clientSide, 'surface-unit'));
  });
  afterAll(async () => {
    await client?.close();
    await gateway?.close();
    await withPrompts?.close();
    await toolsOnly?.close();
  });

  it('lists and gets the prompts of the upstream that has them; the other adds nothing', async () => {
    expect(await arrivedNames()).toEqual(['mcp_mini__hello']);
    expect((await client.getPrompt({ name: 'mcp_mini__hello', arguments: { who: 'Ada' } })).messages).toEqual([
      { role: 'user', content: { type: 'text', text: 'Hello Ada' } },
    ]);
    expect((await client.listResources()).resources).toEqual([]);
    expect((await client.listResourceTemplates()).resourceTemplates).toEqual([]);
  });

  it("relays the upstream's progress on a prompt get under the client's own progress token, before the answer", async () => {
    const progress: Progress[] = [];
    const result = await client.getPrompt(
      { name: 'mcp_mini__hello', arguments: { who: 'Grace' } },
      { onprogress: (p) => progress.push(p) },
    );
    expect(result.messages).toEqual([{ role: 'user', content: { type: 'text', text: 'Hello Grace' } }]);
    expect(progress).toEqual([{ progress: 1, total: 2, message: 'Looking up Grace' }]);
  });

  it('answers empty completions for an upstream without them, and refuses subscriptions clearly', async () => {
    expect(
      await client.complete({
        ref: { type: 'ref/prompt', name: 'mcp_mini__hello' },
        argument: { name: 'who', value: 'A' },
      }),
    ).toEqual({ completion: { values: [], hasMore: false } });
    await expect(client.subscribeResource({ uri: 'bridgekeeper://mcp_bare/demo://x' })).rejects.toThrow(
      /server of 'Bare' does not offer resource subscriptions/,
    );
    await expect(client.getPrompt({ name: 'mcp_bare__hello' })).rejects.toThrow(/Unknown prompt: 'mcp_bare__hello'/);
  });

  it("forwards the upstream's prompts/list_changed and lists afresh", async () => {
    const from = received.all.length;
    withPrompts.state.prompts = [...withPrompts.state.prompts, { name: 'bye', description: 'Says goodbye.' }];
    await withPrompts.announce();
    await received.waitFor('notifications/prompts/list_changed', undefined, { from });
    expect(await arrivedNames()).toEqual(['mcp_mini__hello', 'mcp_mini__bye']);
  });

  it('answers without an upstream slower than the list timeout, then announces its prompts when they arrive', async () => {
    let release!: () => void;
    withPrompts.state.gate = new Promise<void>((resolve) => (release = resolve));
    withPrompts.state.prompts = [{ name: 'late', description: 'Arrives late.' }];
    let from = received.all.length;
    await withPrompts.announce();
    await received.waitFor('notifications/prompts/list_changed', undefined, { from });
    expect(await names()).toEqual([]);
    from = received.all.length;
    release();
    await received.waitFor('notifications/prompts/list_changed', undefined, { from });
    expect(await names()).toEqual(['mcp_mini__late']);
  });
});
