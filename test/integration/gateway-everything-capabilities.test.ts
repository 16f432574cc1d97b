import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  type CallToolResult,
  CallToolResultSchema,
  EmptyResultSchema,
  ErrorCode,
  type Notification,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEverythingServer, type EverythingServer } from './everything-server.js';
import { connectDirect, connectThroughGateway, connectWithCapabilities, type FullClient } from './full-client.js';
import { addConnection, gatewayEnv } from './gateway-harness.js';
import { startTaskAugmentingServer, type TaskAugmentingServer } from './task-augmenting-server.js';

/** Resolves on the next notification of `method` the client receives (registered before the action that causes it). */
function nextNotification(client: Client, method: string, timeoutMs = 30_000): Promise<void> {
  const schema = {
    'notifications/prompts/list_changed': PromptListChangedNotificationSchema,
    'notifications/resources/list_changed': ResourceListChangedNotificationSchema,
    'notifications/tools/list_changed': ToolListChangedNotificationSchema,
  }[method]!;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs);
    client.setNotificationHandler(schema, (_n: Notification) => {
      clearTimeout(timer);
      resolve();
    });
  });
}

// What the gateway declares, and what it declares it does not do, against server-everything (a real MCP server nobody
// here wrote) used directly and through `bridgekeeper mcp` (built CLI, real stdio, real keychain):
// - capabilities are answered at initialize, before any upstream is known, so prompts, resources (subscribe,
//   listChanged), completions and logging are always declared: a connection added while the gateway runs brings its
//   prompts and resources in through list_changed;
// - MCP tasks are declared nowhere (no `tasks` capability to the client, none mirrored upstream): task-augmented
//   requests are answered with their plain result, as MCP asks of a receiver without the capability.
describe('gateway capabilities: static but complete, connections added later, tasks declared unsupported', () => {
  let server: EverythingServer;
  let asker: TaskAugmentingServer;
  let direct: FullClient;
  let gateway: FullClient;
  let env: Record<string, string>;
  const PREFIX = 'mcp_everything__';
  const G = (name: string) => `${PREFIX}${name}`;

  beforeAll(async () => {
    [server, asker] = await Promise.all([startEverythingServer(), startTaskAugmentingServer()]);
    // The gateway starts with no connection at all.
    env = gatewayEnv({}, { BRIDGEKEEPER_CALL_TIMEOUT_MS: '15000', BRIDGEKEEPER_LIST_TIMEOUT_MS: '15000' });
    [direct, gateway] = await Promise.all([connectDirect(server.directUrl), connectThroughGateway(env)]);
  }, 60_000);
  afterAll(async () => {
    await direct?.close();
    await gateway?.close();
    await Promise.all([server?.close(), asker?.close()]);
  });

  it('declares prompts, resources, completions and logging with no connection; a connection added later appears through list_changed', async () => {
    expect(gateway.client.getServerCapabilities()).toEqual({
      tools: { listChanged: true },
      prompts: { listChanged: true },
      resources: { subscribe: true, listChanged: true },
      completions: {},
      logging: {},
    });
    expect((await gateway.client.listPrompts()).prompts).toEqual([]);
    expect((await gateway.client.listResources()).resources).toEqual([]);
    expect((await gateway.client.listTools()).tools).toEqual([]);

    const changed = ['prompts', 'resources', 'tools'].map((kind) =>
      nextNotification(gateway.client, `notifications/${kind}/list_changed`),
    );
    await addConnection(env, 'remote-mcp', 'Everything', null, ['--url', server.proxiedUrl, '--offline']);
    await Promise.all(changed);

    const theirs = (await direct.client.listPrompts()).prompts.map((p) => p.name).sort();
    const ours = (await gateway.client.listPrompts()).prompts.map((p) => p.name).sort();
    expect(theirs.length).toBeGreaterThan(0);
    expect(ours).toEqual(theirs.map(G));
    const resources = (await gateway.client.listResources()).resources;
    expect(resources.length).toBe((await direct.client.listResources()).resources.length);
    const completion = await gateway.client.complete({
      ref: { type: 'ref/prompt', name: G('completable-prompt') },
      argument: { name: 'department', value: 'E' },
    });
    expect(completion).toEqual(
      await direct.client.complete({
        ref: { type: 'ref/prompt', name: 'completable-prompt' },
        argument: { name: 'department', value: 'E' },
      }),
    );
    // MCP sends instructions only at initialize: this session's stay as they were; tool descriptions name the account.
    expect(gateway.client.getInstructions()).not.toContain("account 'Everything'");
    const echo = (await gateway.client.listTools()).tools.find((t) => t.name === G('echo'))!;
    expect(echo.description).toContain("Acts on Remote MCP server account 'Everything'");
  });

  it('answers a task-augmented tools/call with the plain result, and the upstream gets a plain call', async () => {
    expect(gateway.client.getServerCapabilities()?.tasks).toBeUndefined();
    const args = { message: 'asked for as a task' };
    const plain = await direct.client.callTool({ name: 'echo', arguments: args });
    const asTask = await gateway.client.request(
      { method: 'tools/call', params: { name: G('echo'), arguments: args, task: { ttl: 60_000 } } },
      CallToolResultSchema,
    );
    expect(asTask).toEqual(plain);
    const forwarded = await server.waitFor(
      (m) =>
        m.message.method === 'tools/call' &&
        (m.message.params as { arguments?: { message?: string } }).arguments?.message === args.message,
    );
    expect(forwarded.message.params).not.toHaveProperty('task');
  });

  it('answers tasks/get and tasks/list with "method not found" (no tasks capability)', async () => {
    for (const request of [
      { method: 'tasks/get', params: { taskId: 'anything' } },
      { method: 'tasks/list', params: {} },
    ]) {
      await expect(gateway.client.request(request, EmptyResultSchema)).rejects.toMatchObject({
        code: ErrorCode.MethodNotFound,
      });
    }
  });

  it('does not pass client-side tasks upstream: tools that need them are not offered, all others are', async () => {
    const capabilities = {
      sampling: {},
      elicitation: { form: {} },
      tasks: { requests: { sampling: { createMessage: {} }, elicitation: { create: {} } } },
    };
    const initializes = server.seen.filter((m) => m.message.method === 'initialize').length;
    const [d, g] = await Promise.all([
      connectWithCapabilities(capabilities, { url: server.directUrl }),
      connectWithCapabilities(capabilities, { env }),
    ]);
    try {
      const [dList, gList] = await Promise.all([d.listTools(), g.listTools()]);
      const dNames = dList.tools.map((t) => t.name);
      const gNames = gList.tools.map((t) => t.name.slice(PREFIX.length));
      expect(dNames).toEqual(expect.arrayContaining(['trigger-sampling-request-async']));
      // The one documented difference: the tools server-everything offers only to clients that run tasks themselves.
      const needTasks = ['trigger-sampling-request-async', 'trigger-elicitation-request-async'];
      expect(gNames.sort()).toEqual(dNames.filter((n) => !needTasks.includes(n)).sort());
      const upstreamInit = server.seen.filter((m) => m.message.method === 'initialize')[initializes]!;
      expect(upstreamInit.message.params?.capabilities).toEqual({ sampling: {}, elicitation: { form: {} } });
    } finally {
      await Promise.all([d.close(), g.close()]);
    }
  });

  it('answers an upstream’s task-augmented sampling with the plain (labelled) sampling answer, and its tasks/get clearly', async () => {
    const changed = nextNotification(gateway.client, 'notifications/tools/list_changed');
    await addConnection(env, 'remote-mcp', 'Task Asker', null, ['--url', asker.url, '--offline']);
    await changed;
    const tools = (await gateway.client.listTools()).tools.map((t) => t.name);
    const ask = tools.find((n) => n.endsWith('__ask-model-as-task'))!;
    const poll = tools.find((n) => n.endsWith('__poll-client-task'))!;
    expect(asker.clientCapabilities.at(-1)).not.toHaveProperty('tasks');

    const before = gateway.sampling.length;
    const result = (await gateway.client.callTool({ name: ask, arguments: { prompt: 'one word' } })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const answer = JSON.parse((result.content[0] as { text: string }).text) as Record<string, unknown>;
    expect(answer).toEqual({
      model: 'test-model',
      role: 'assistant',
      stopReason: 'endTurn',
      content: { type: 'text', text: 'sampled: one word' },
    });
    const asked = gateway.sampling.slice(before);
    expect(asked).toHaveLength(1);
    expect(asked[0]).not.toHaveProperty('task');
    expect(asked[0]!.systemPrompt).toBe(
      "[Relayed by Bridgekeeper: this sampling request comes from Remote MCP server 'Task Asker'.]\n\nYou answer briefly.",
    );

    const polled = (await gateway.client.callTool({ name: poll, arguments: {} })) as CallToolResult;
    const error = JSON.parse((polled.content[0] as { text: string }).text) as { code: number; message: string };
    expect(error.code).toBe(ErrorCode.MethodNotFound);
    expect(error.message).toContain(
      "tasks/get is not available: Bridgekeeper declared no MCP tasks to Remote MCP server 'Task Asker'",
    );
  });
});
