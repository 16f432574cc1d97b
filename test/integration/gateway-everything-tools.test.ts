import fs from 'node:fs';
import path from 'node:path';
import {
  type CallToolResult,
  CallToolResultSchema,
  ErrorCode,
  McpError,
  type Progress,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEverythingServer, type EverythingServer } from './everything-server.js';
import {
  connectDirect,
  connectThroughGateway,
  connectWithCapabilities,
  FORM_ANSWER,
  type FullClient,
} from './full-client.js';
import { addConnection, gatewayEnv } from './gateway-harness.js';

// @modelcontextprotocol/server-everything (a real MCP server nobody here wrote) used directly and through
// `bridgekeeper mcp` (built CLI, real stdio, real keychain) by the same full-capability SDK client: tools, structured
// content, sampling, elicitation, roots, progress, cancellation and tasks must be equal except for the namespacing and
// the "acts on account" labels.
describe('gateway carries the tool protocol of server-everything', () => {
  let server: EverythingServer;
  let direct: FullClient;
  let gateway: FullClient;
  let directTools: Tool[];
  let gatewayTools: Tool[];
  let env: Record<string, string>;
  let connectionId: string;
  const PREFIX = 'mcp_everything__';
  const ACCOUNT = "Remote MCP server 'Everything'";
  const G = (tool: string) => `${PREFIX}${tool}`;
  const both = async (tool: string, args: Record<string, unknown> = {}) => {
    const [d, g] = await Promise.all([
      direct.client.callTool({ name: tool, arguments: args }),
      gateway.client.callTool({ name: G(tool), arguments: args }),
    ]);
    return { d: d as CallToolResult, g: g as CallToolResult };
  };

  beforeAll(async () => {
    server = await startEverythingServer();
    env = gatewayEnv({}, { BRIDGEKEEPER_CALL_TIMEOUT_MS: '15000' });
    connectionId = await addConnection(env, 'remote-mcp', 'Everything', null, [
      '--url',
      server.proxiedUrl,
      '--offline',
    ]);
    [direct, gateway] = await Promise.all([connectDirect(server.directUrl), connectThroughGateway(env)]);
    directTools = (await direct.client.listTools()).tools;
    gatewayTools = (await gateway.client.listTools()).tools;
  });
  afterAll(async () => {
    await direct?.close();
    await gateway?.close();
    await server?.close();
  });

  it('opens the upstream session with the capabilities the client advertised', async () => {
    const init = await server.waitFor((m) => m.message.method === 'initialize');
    expect(init.message.params?.capabilities).toEqual({
      roots: { listChanged: true },
      sampling: {},
      elicitation: { form: {}, url: {} },
    });
  });

  it('lists the same tools, capability-gated ones included, with schemas, output schemas, annotations and icons', () => {
    const names = gatewayTools.map((t) => t.name);
    expect(names.filter((n) => !n.startsWith(PREFIX))).toEqual([]);
    expect(names.map((n) => n.slice(PREFIX.length)).sort()).toEqual(directTools.map((t) => t.name).sort());
    expect(names).toEqual(
      expect.arrayContaining([
        G('get-roots-list'),
        G('trigger-sampling-request'),
        G('trigger-elicitation-request'),
        G('trigger-url-elicitation'),
        G('simulate-research-query'),
      ]),
    );
    for (const upstream of directTools) {
      const listed = gatewayTools.find((t) => t.name === G(upstream.name))!;
      expect(listed.inputSchema).toEqual(upstream.inputSchema);
      expect(listed.outputSchema).toEqual(upstream.outputSchema);
      expect(listed.icons).toEqual(upstream.icons);
      expect(listed._meta).toEqual(upstream._meta);
      expect(listed.description).toContain(`Acts on Remote MCP server account 'Everything'`);
      expect(listed.description).toContain(upstream.description ?? '');
      expect(listed.title).toBe(`${upstream.annotations?.title ?? upstream.title ?? upstream.name} — Everything`);
      const { title: _t, ...annotations } = listed.annotations ?? {};
      expect(annotations).toEqual({
        ...upstream.annotations,
        readOnlyHint: upstream.annotations?.readOnlyHint === true,
        destructiveHint:
          upstream.annotations?.readOnlyHint === true ? false : upstream.annotations?.destructiveHint !== false,
      });
    }
    expect(gatewayTools.find((t) => t.name === G('get-structured-content'))!.outputSchema).toMatchObject({
      type: 'object',
      properties: { temperature: { type: 'number' } },
    });
  });

  it('offers capability-gated tools exactly when the client can serve them', async () => {
    for (const capabilities of [{}, { elicitation: { form: {} } }, { roots: {} }]) {
      const [d, g] = await Promise.all([
        connectWithCapabilities(capabilities, { url: server.directUrl }),
        connectWithCapabilities(capabilities, { env }),
      ]);
      try {
        const [dList, gList] = await Promise.all([d.listTools(), g.listTools()]);
        const dNames = dList.tools.map((t) => t.name).sort();
        const gNames = gList.tools.map((t) => t.name.slice(PREFIX.length)).sort();
        expect(gNames, JSON.stringify(capabilities)).toEqual(dNames);
        expect(gNames.includes('trigger-elicitation-request')).toBe('elicitation' in capabilities);
        expect(gNames.includes('get-roots-list')).toBe('roots' in capabilities);
        expect(gNames).not.toContain('trigger-sampling-request');
        expect(gNames).not.toContain('trigger-url-elicitation');
      } finally {
        await Promise.all([d.close(), g.close()]);
      }
    }
  });

  it('declares tasks unsupported at the gateway: a task-only tool is listed as a plain one that says it runs as a task', () => {
    expect(directTools.find((t) => t.name === 'simulate-research-query')!.execution).toEqual({
      taskSupport: 'required',
    });
    const listed = gatewayTools.find((t) => t.name === G('simulate-research-query'))!;
    expect(listed.execution).toBeUndefined();
    expect(listed.description).toContain('Runs as a background task at the service');
  });

  it('returns the same plain results (text, image, annotated and embedded content)', async () => {
    for (const [tool, args] of [
      ['echo', { message: 'hello through the gateway' }],
      ['get-sum', { a: 2, b: 40 }],
      ['get-tiny-image', {}],
      ['get-annotated-message', { messageType: 'error', includeImage: true }],
      ['get-resource-reference', { resourceType: 'Text', resourceId: 3 }],
    ] as const) {
      const { d, g } = await both(tool, args);
      // Embedded resources and resource links point at the gateway's namespaced URIs (readable through it).
      const namespaced = JSON.parse(JSON.stringify(d), (key, value: unknown) =>
        key === 'uri' && typeof value === 'string' ? `bridgekeeper://mcp_everything/${value}` : value,
      ) as typeof d;
      // server-everything stamps dynamic resources with the time they were made ("created at 11:28:50 AM"): two calls
      // a second apart differ only there, so the clock is left out of the comparison.
      const unstamped = (v: unknown): unknown =>
        JSON.parse(JSON.stringify(v).replace(/created at [0-9:]+\s?[AP]M/g, 'created at <time>'));
      expect(unstamped(g), tool).toEqual(unstamped(namespaced));
    }
  });

  it('returns structured content that validates against the listed output schema', async () => {
    // The gateway client validates structuredContent against the listed outputSchema itself (SDK Client.callTool).
    const { d, g } = await both('get-structured-content', { location: 'Chicago' });
    expect(g.structuredContent).toEqual({ temperature: 36, conditions: 'Light rain / drizzle', humidity: 82 });
    expect(g).toEqual(d);
  });

  it('relays sampling to the client and its answer back', async () => {
    const before = { d: direct.sampling.length, g: gateway.sampling.length };
    const { d, g } = await both('trigger-sampling-request', { prompt: 'a haiku about bridges', maxTokens: 50 });
    expect(g).toEqual(d);
    expect(JSON.stringify(g.content)).toContain(
      'sampled: Resource trigger-sampling-request context: a haiku about bridges',
    );
    // Labelled with the account that asks (like elicitation messages; documented in the gateway README): the first line
    // of the system prompt, and `_meta`. Everything else is what the server sent.
    const [asked] = gateway.sampling.slice(before.g);
    const [askedDirectly] = direct.sampling.slice(before.d);
    expect(asked!.systemPrompt).toBe(
      `[Relayed by Bridgekeeper: this sampling request comes from ${ACCOUNT}.]\n\n${askedDirectly!.systemPrompt}`,
    );
    expect(asked!._meta).toEqual({
      ...askedDirectly!._meta,
      'bridgekeeper/relayed-from': { account: ACCOUNT, connection: { id: connectionId, label: 'Everything' } },
    });
    const unlabelled = { ...asked, systemPrompt: askedDirectly!.systemPrompt, _meta: askedDirectly!._meta };
    expect(JSON.parse(JSON.stringify(unlabelled))).toEqual(JSON.parse(JSON.stringify(askedDirectly)));
  });

  it('relays form elicitation labelled with the account that asks, and the answer back', async () => {
    const before = { d: direct.elicitations.length, g: gateway.elicitations.length };
    const { d, g } = await both('trigger-elicitation-request');
    expect(g).toEqual(d);
    expect(JSON.stringify(g.content)).toContain(`Name: ${FORM_ANSWER.name}`);
    const [asked] = gateway.elicitations.slice(before.g);
    const [askedDirectly] = direct.elicitations.slice(before.d);
    expect(asked!.message).toBe(`${ACCOUNT} asks: ${askedDirectly!.message}`);
    expect({ ...asked, message: '' }).toEqual({ ...askedDirectly, message: '' });
  });

  it('relays url elicitation, and passes a URL-elicitation-required error on as that protocol error', async () => {
    const args = { url: 'https://example.com/consent', message: 'Open to continue', elicitationId: 'e-1' };
    const { d, g } = await both('trigger-url-elicitation', args);
    expect(g).toEqual(d);
    expect(gateway.elicitations.at(-1)).toEqual({
      mode: 'url',
      url: args.url,
      elicitationId: 'e-1',
      message: `${ACCOUNT} asks: Open to continue`,
    });
    const failures = await Promise.all([
      direct.client
        .callTool({ name: 'trigger-url-elicitation', arguments: { url: 'https://example.com/a', errorPath: true } })
        .catch((e: unknown) => e),
      gateway.client
        .callTool({ name: G('trigger-url-elicitation'), arguments: { url: 'https://example.com/a', errorPath: true } })
        .catch((e: unknown) => e),
    ]);
    for (const failure of failures) expect(failure).toBeInstanceOf(McpError);
    const [dErr, gErr] = failures as McpError[];
    expect(gErr!.code).toBe(ErrorCode.UrlElicitationRequired);
    expect(gErr!.code).toBe(dErr!.code);
    const elicitations = (gErr!.data as { elicitations: Array<{ url: string; message: string }> }).elicitations;
    expect(elicitations[0]).toMatchObject({
      url: 'https://modelcontextprotocol.io',
      message: `${ACCOUNT} asks: Open this link to satisfy the prerequisite, then retry the request.`,
    });
  });

  it('relays roots/list, and the client’s roots/list_changed reaches the upstream', async () => {
    const { d, g } = await both('get-roots-list');
    expect(g).toEqual(d);
    expect(JSON.stringify(g.content)).toContain('file:///work/project-a');
    const askedBefore = gateway.rootsAsked;
    await gateway.setRoots([{ uri: 'file:///work/project-b', name: 'Project B' }]);
    await server.waitFor((m) => m.message.method === 'notifications/roots/list_changed');
    // The upstream asks for the new list (relayed to the client); the client's answer passes the recording proxy on
    // its way to the upstream, and the tool call sent after it then serves the new list.
    await server.waitFor((m) => JSON.stringify(m.message).includes('file:///work/project-b'));
    expect(gateway.rootsAsked).toBeGreaterThan(askedBefore);
    const text = JSON.stringify((await gateway.client.callTool({ name: G('get-roots-list') })).content);
    expect(text).toContain('file:///work/project-b');
  });

  it('relays progress under the client’s own token and forwards the client’s _meta', async () => {
    const run = async (client: FullClient, name: string) => {
      const seen: Progress[] = [];
      const result = await client.client.callTool(
        {
          name,
          arguments: { duration: 0.5, steps: 5 },
          _meta: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
        },
        CallToolResultSchema,
        {
          onprogress: (p) => seen.push(p),
        },
      );
      return { result, seen };
    };
    const [d, g] = await Promise.all([
      run(direct, 'trigger-long-running-operation'),
      run(gateway, G('trigger-long-running-operation')),
    ]);
    expect(g.result).toEqual(d.result);
    // server-everything's event store replays every stream's events when a client resumes one stream (Last-Event-ID),
    // so under load either side may see a notification twice: compare the distinct notifications, in order.
    const distinct = (seen: Progress[]) =>
      seen.filter((p, i) => seen.findIndex((q) => JSON.stringify(q) === JSON.stringify(p)) === i);
    expect(distinct(g.seen), JSON.stringify({ gateway: g.seen, direct: d.seen })).toEqual(distinct(d.seen));
    expect(distinct(g.seen)).toEqual([1, 2, 3, 4, 5].map((progress) => ({ progress, total: 5 })));
    const call = await server.waitFor(
      (m) =>
        m.message.method === 'tools/call' &&
        (m.message.params as { name?: string }).name === 'trigger-long-running-operation',
    );
    expect((call.message.params as { _meta?: Record<string, unknown> })._meta).toMatchObject({
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      progressToken: expect.anything(),
    });
  });

  it('passes the client’s cancellation on to the upstream as notifications/cancelled, keeping the session', async () => {
    const controller = new AbortController();
    const initializes = server.seen.filter((m) => m.message.method === 'initialize').length;
    const pending = gateway.client.callTool(
      { name: G('trigger-long-running-operation'), arguments: { duration: 30, steps: 30 } },
      CallToolResultSchema,
      {
        signal: controller.signal,
        onprogress: () => controller.abort('changed my mind'),
      },
    );
    await expect(pending).rejects.toThrow();
    const calls = server.seen.filter(
      (m) =>
        m.message.method === 'tools/call' &&
        (m.message.params as { arguments?: { duration?: number } }).arguments?.duration === 30,
    );
    expect(calls).toHaveLength(1);
    const cancelled = await server.waitFor(
      (m) => m.message.method === 'notifications/cancelled' && m.message.params?.requestId === calls[0]!.message.id,
    );
    expect(cancelled.sessionId).toBe(calls[0]!.sessionId);
    const after = await gateway.client.callTool({ name: G('echo'), arguments: { message: 'still here' } });
    expect(JSON.stringify(after.content)).toContain('still here');
    expect(server.seen.filter((m) => m.message.method === 'initialize').length).toBe(initializes);
    expect(server.seen.some((m) => m.httpMethod === 'DELETE' && m.sessionId === calls[0]!.sessionId)).toBe(false);
    // The audit log says it was cancelled (not a timeout or an upstream failure).
    const auditFile = path.join(env.BRIDGEKEEPER_HOME!, 'audit', 'activity.jsonl');
    const records = () =>
      fs.existsSync(auditFile)
        ? fs
            .readFileSync(auditFile, 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as { upstreamTool: string; reason?: string })
        : [];
    await expect
      .poll(() =>
        records()
          .filter((r) => r.upstreamTool === 'trigger-long-running-operation')
          .map((r) => r.reason),
      )
      .toContain('cancelled');
  });

  it('runs a task-only tool as a task upstream and answers with its result, relaying task status as progress', async () => {
    let directResult: CallToolResult | undefined;
    for await (const message of direct.client.experimental.tasks.callToolStream({
      name: 'simulate-research-query',
      arguments: { topic: 'tides' },
    })) {
      if (message.type === 'result') directResult = message.result as CallToolResult;
      if (message.type === 'error') throw message.error;
    }
    const progress: Progress[] = [];
    const g = await gateway.client.callTool(
      { name: G('simulate-research-query'), arguments: { topic: 'tides' } },
      CallToolResultSchema,
      { onprogress: (p) => progress.push(p) },
    );
    // The same result, without the upstream task's id in _meta (to the gateway's client it was a plain call).
    const { _meta: directMeta, ...directRest } = directResult!;
    expect(Object.keys(directMeta ?? {})).toEqual(['io.modelcontextprotocol/related-task']);
    expect(g).toEqual(directRest);
    expect(JSON.stringify(g.content)).toContain('# Research Report: tides');
    expect(progress.map((p) => p.message)).toEqual(
      expect.arrayContaining(['Gathering sources...', 'Generating report...']),
    );
    const created = await server.waitFor(
      (m) =>
        m.message.method === 'tools/call' && (m.message.params as { name?: string }).name === 'simulate-research-query',
    );
    expect(created.message.params).toMatchObject({ task: {} });
  });

  it('relays the elicitation a task asks for while it waits for input', async () => {
    const before = gateway.elicitations.length;
    const g = (await gateway.client.callTool({
      name: G('simulate-research-query'),
      arguments: { topic: 'python', ambiguous: true },
    })) as CallToolResult;
    expect(g.isError).toBeFalsy();
    expect(JSON.stringify(g.content)).toContain('python (historical)');
    expect(gateway.elicitations[before]!.message).toBe(
      `${ACCOUNT} asks: The research query "python" could have multiple interpretations. Please clarify what you're looking for:`,
    );
  });
});
